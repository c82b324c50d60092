"""Celery tasks for reporting: thin, take ids, call the service, safe to run twice."""

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from .evaluation import licenses_reevaluate


@shared_task(
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def licenses_reevaluate_task(board_id: int | None = None) -> int:
    """Store every license's verdict (only those judged by `board_id`'s rules if given)."""
    board_ids = None if board_id is None else [board_id]
    return licenses_reevaluate(board_ids=board_ids, as_of=timezone.localdate())


# --- Transcripts and deadline reminders (issue #5) ------------------------------------------
# Imports stay inside the tasks: the transcript services import this module to enqueue.
TRANSCRIPT_SOFT_TIME_LIMIT = 180  # seconds; 5,000 activities render in well under this
TRANSCRIPT_TIME_LIMIT = TRANSCRIPT_SOFT_TIME_LIMIT + 30


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=5,
    soft_time_limit=TRANSCRIPT_SOFT_TIME_LIMIT,
    time_limit=TRANSCRIPT_TIME_LIMIT,
)
def transcript_render_task(self, transcript_id: str) -> str:  # type: ignore[no-untyped-def]
    """Render one transcript: transient errors retry with back-off, anything else fails it."""
    import logging

    from celery.exceptions import SoftTimeLimitExceeded

    from .transcripts import services

    logger = logging.getLogger(__name__)
    try:
        transcript = services.transcript_render(transcript_id=transcript_id)
    except SoftTimeLimitExceeded:
        services.transcript_fail(
            transcript_id=transcript_id,
            reason=f"Making the PDF took longer than {TRANSCRIPT_SOFT_TIME_LIMIT} seconds and "
            "was stopped. Try a shorter cycle, or contact support if it happens again.",
        )
        return "failed"
    except services.TRANSIENT_ERRORS as exc:
        if self.request.retries >= self.max_retries:
            logger.error("Transcript %s failed after %s retries: %r", transcript_id, 5, exc)
            services.transcript_fail(
                transcript_id=transcript_id,
                reason="A temporary problem (storage or database unavailable) lasted through "
                f"{self.max_retries + 1} attempts. Please retry in a few minutes.",
            )
            return "failed"
        raise self.retry(exc=exc, countdown=services.retry_delay(self.request.retries)) from exc
    except Exception:
        logger.exception("Transcript %s failed", transcript_id)
        # The physician reads this (page, API `error`): plain words, never the exception's
        # text, which can carry file paths and internals. The details are in the log above.
        services.transcript_fail(
            transcript_id=transcript_id,
            reason="The PDF could not be made because of an error on our side. It has been "
            "logged; please try again later, or contact support if it happens again.",
        )
        return "failed"
    return transcript.status if transcript else "missing"


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def transcripts_requeue_stale_task() -> int:
    """Send again the transcripts that sat queued or rendering too long (broker or worker died)."""
    from .transcripts import transcripts_requeue_stale

    return transcripts_requeue_stale()


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def license_reminders_send_task() -> int:
    """E-mail the deadline reminders due today; each is sent once per threshold and cycle."""
    from .reminders import license_reminders_send

    return license_reminders_send(today=timezone.localdate())
