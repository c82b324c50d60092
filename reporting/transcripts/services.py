"""Transcripts: request one, render it in a worker (once, however often the task is delivered),
retry a failed one, sweep up the stalled ones; and the owner-scoped reads the pages need.
"""

import copy
import datetime
import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from botocore.exceptions import ConnectionError as StorageConnectionError
from botocore.exceptions import HTTPClientError
from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Profile, User
from activities.models import Activity
from activities.selectors import activity_questions
from reporting.compliance import selectors as compliance_selectors
from reporting.engine import ActivityId, ComplianceReport
from reporting.engine.cycles import Cycle, license_cycle
from reporting.licenses import selectors as licenses_selectors
from reporting.models import License, Transcript
from reporting.rules import adapters
from reporting.rules import selectors as rules_selectors
from reporting.transcripts import packet
from reporting.transcripts.context import (
    ActivityRow,
    LicenseInfo,
    Physician,
    TranscriptContext,
    transcript_context,
    transcript_csv,
)
from reporting.transcripts.ledger import day as day_words
from reporting.transcripts.ledger import span_words
from reporting.transcripts.pdf import html_to_pdf, qr_svg
from reporting.transcripts.selectors import transcript_record_version

logger = logging.getLogger(__name__)

PAST_CYCLES_OFFERED = 3
DEFAULT_CYCLE_YEARS = 2
# A render that keeps killing its worker (or keeps hitting transient errors) stops here.
MAX_ATTEMPTS = 10
# A render that was found abandoned this many times (its whole worker died each time, an OOM
# kill say) is not tried again by the sweep: the user is told, and may retry it.
MAX_STALLS = 3
# A queued row this old never reached the broker (it was down when the row was saved).
STALE_AFTER = datetime.timedelta(minutes=15)
# Longer than the render task's hard time limit (below): a row still "rendering" this long
# after it started is rendered by no one; its worker died as a whole.
RENDERING_STALE_AFTER = datetime.timedelta(minutes=4, seconds=30)
STALLED_NOTE = "The worker making this PDF stopped; it was queued again at {time} UTC."
# A board reads the name first; a document made out to an e-mail address is sent back.
NAME_MISSING = "Enter your full name as your board knows it: the document is made out to it."
PDF_STYLESHEET = "css/transcript-pdf.css"
# Hiccups worth retrying: the database or the object store was briefly away.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    StorageConnectionError,
    HTTPClientError,
    OSError,
)


# --- Cycles ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class CycleChoice:
    start: datetime.date
    end: datetime.date
    full_start: datetime.date
    current: bool

    @property
    def label(self) -> str:
        """The cycle by its first and last day counted (its span starts the day before)."""
        when = "current cycle" if self.current else "past cycle"
        return f"{span_words(self.start, self.end)} ({when})"


def license_cycles(license: License) -> list[CycleChoice]:
    """The license's current CME cycle and up to three before it, newest first."""
    end = rules_selectors.license_cycle_end(license)
    rule_set = rules_selectors.board_rule_set(board=license.board, on=end)
    years = rule_set.cycle_years if rule_set else DEFAULT_CYCLE_YEARS
    spec = adapters.rule_set_spec(rule_set) if rule_set else None
    cycle: Cycle | None = license_cycle(
        adapters.license_facts(license, answers=license.condition_answers),
        years,
        spec.fixed_periods if spec else None,
        calendar_years=bool(spec and spec.calendar_years_before_renewal),
    )
    choices: list[CycleChoice] = []
    while cycle is not None and len(choices) <= PAST_CYCLES_OFFERED:
        choices.append(CycleChoice(cycle.start, cycle.end, cycle.full_start, not choices))
        cycle = cycle.previous()
    return choices


def _cycle_choice(license: License, cycle_end: datetime.date | None) -> CycleChoice:
    choices = license_cycles(license)
    if cycle_end is None:
        return choices[0]
    for choice in choices:
        if choice.end == cycle_end:
            return choice
    offered = ", ".join(choice.end.isoformat() for choice in choices)
    raise ValidationError(
        {"cycle_end": [f"Choose a cycle this license had; cycles end {offered}."]}
    )


def _license_in_cycle(license: License, choice: CycleChoice) -> License:
    """An unsaved copy of `license` whose CME cycle is `choice` (for judging a past cycle)."""
    if choice.current:
        return license
    past = copy.copy(license)
    # An explicit cycle names its first day; the past cycle's span starts after `full_start`.
    first_day = choice.full_start + datetime.timedelta(days=1)
    past.cycle_start, past.cycle_end, past.expires_on = first_day, choice.end, choice.end
    return past


# --- Reads ----------------------------------------------------------------------------------
def transcript_list(*, user: User) -> QuerySet[Transcript]:
    return Transcript.objects.filter(owner=user).select_related("license__board")


def transcript_get(*, user: User, pk: uuid.UUID | str) -> Transcript:
    transcript = transcript_list(user=user).filter(pk=pk).first()
    if transcript is None:
        raise Http404("No such transcript.")
    return transcript


def transcript_verify_get(*, code: str) -> Transcript:
    """A finished transcript by its public verification code (anyone holding the PDF)."""
    transcript = Transcript.objects.filter(
        verification_code=code, status=Transcript.Status.READY
    ).first()
    if transcript is None:
        raise Http404("No transcript has this verification code.")
    return transcript


# --- Writes ---------------------------------------------------------------------------------
def transcript_request(
    *,
    owner: User,
    license_id: int,
    kind: str = Transcript.Kind.TRANSCRIPT,
    cycle_end: datetime.date | None = None,
) -> Transcript:
    """Queue a transcript (or audit packet) of one of `owner`'s licenses for a worker to render."""
    license = licenses_selectors.license_list(user=owner).filter(pk=license_id).first()
    if license is None:
        raise ValidationError({"license": ["No license with this id in your record."]})
    if kind not in Transcript.Kind.values:
        raise ValidationError({"kind": [f"Choose one of: {', '.join(Transcript.Kind.values)}."]})
    choice = _cycle_choice(license, cycle_end)
    transcript = Transcript(
        owner=owner, license=license, kind=kind, cycle_start=choice.start, cycle_end=choice.end
    )
    with transaction.atomic():
        _refuse_without_name(owner)
        _refuse_over_pending_limit(owner)
        transcript.full_clean()
        transcript.save()
        transaction.on_commit(lambda: transcript_enqueue(transcript_id=transcript.pk))
    return transcript


def _refuse_without_name(owner: User) -> None:
    profile = Profile.objects.filter(user=owner).first()
    if profile is None or not profile.full_name.strip():
        raise ValidationError({"full_name": [NAME_MISSING]}, code="name_missing")


def _refuse_over_pending_limit(owner: User) -> None:
    """At most TRANSCRIPT_MAX_PENDING_PER_USER documents queued or being made per person.

    The workers are shared: without a limit, one account's pile of audit packets keeps
    everyone else's one-page transcript waiting. Call inside a transaction.
    """
    # Locks the owner's row, so two requests at once cannot both find room for one more.
    User.objects.select_for_update().filter(pk=owner.pk).exists()
    limit = settings.TRANSCRIPT_MAX_PENDING_PER_USER
    pending = Transcript.objects.filter(
        owner=owner, status__in=[Transcript.Status.QUEUED, Transcript.Status.RENDERING]
    ).count()
    if pending >= limit:
        documents = "document" if pending == 1 else "documents"
        raise ValidationError(
            f"You already have {pending} {documents} being made; wait for one to finish.",
            code="too_many_pending",
        )


def transcript_retry(*, owner: User, pk: uuid.UUID | str) -> Transcript:
    """Queue a failed transcript again."""
    with transaction.atomic():
        transcript = transcript_get(user=owner, pk=pk)
        if transcript.status != Transcript.Status.FAILED:
            raise ValidationError("Only a transcript that failed can be retried.")
        _refuse_over_pending_limit(owner)
        transcript.status = Transcript.Status.QUEUED
        transcript.error = ""
        transcript.attempts = 0
        transcript.requested_at = timezone.now()
        transcript.save(update_fields=["status", "error", "attempts", "requested_at"])
        transaction.on_commit(lambda: transcript_enqueue(transcript_id=transcript.pk))
    return transcript


def transcript_remake(*, owner: User, pk: uuid.UUID | str) -> Transcript:
    """A new document of the same license, cycle and kind as an earlier (out of date) one."""
    earlier = transcript_get(user=owner, pk=pk)
    if earlier.license_id is None:
        raise ValidationError("This transcript's license was deleted; it cannot be made again.")
    return transcript_request(
        owner=owner, license_id=earlier.license_id, kind=earlier.kind, cycle_end=earlier.cycle_end
    )


def transcript_enqueue(*, transcript_id: uuid.UUID | str) -> bool:
    """Hand the transcript to a worker; if the broker is down it stays queued for the sweep."""
    try:
        transcript_render_task.apply_async(
            args=(str(transcript_id),),
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception:
        # kombu/redis raise a zoo of connection errors; whichever it is, the row stays queued
        # and `transcripts_requeue_stale` sends it again once the broker is back.
        logger.warning("Could not enqueue transcript %s; it stays queued", transcript_id)
        return False
    return True


def transcripts_requeue_stale(
    *,
    older_than: datetime.timedelta = STALE_AFTER,
    rendering_older_than: datetime.timedelta = RENDERING_STALE_AFTER,
) -> int:
    """Send again the transcripts stuck queued (broker was down) or rendering (worker died).

    An abandoned render goes back to "queued" with a note the owner sees on the page; one
    abandoned MAX_STALLS times is marked failed instead, so the owner can decide.
    """
    now = timezone.now()
    queued = Transcript.objects.filter(
        status=Transcript.Status.QUEUED, requested_at__lt=now - older_than
    ).values_list("pk", flat=True)
    sent = sum(transcript_enqueue(transcript_id=pk) for pk in queued)
    abandoned = Transcript.objects.filter(
        status=Transcript.Status.RENDERING, started_at__lt=now - rendering_older_than
    ).values_list("pk", "attempts")
    for pk, attempts in abandoned:
        if attempts >= MAX_STALLS:
            transcript_fail(
                transcript_id=pk,
                reason=f"The worker making this PDF stopped {attempts} times, so we stopped "
                "trying. Try a shorter cycle, or retry later.",
            )
            continue
        note = STALLED_NOTE.format(time=f"{now:%H:%M}")
        # Conditional: a worker that finished it a moment ago keeps its result.
        if Transcript.objects.filter(
            pk=pk, status=Transcript.Status.RENDERING, started_at__lt=now - rendering_older_than
        ).update(status=Transcript.Status.QUEUED, error=note):
            sent += transcript_enqueue(transcript_id=pk)
    return sent


def transcript_fail(*, transcript_id: uuid.UUID | str, reason: str) -> None:
    """Mark the transcript failed with a reason the user can read (never a finished one)."""
    Transcript.objects.filter(pk=transcript_id).exclude(status=Transcript.Status.READY).update(
        status=Transcript.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
    )


def _claim(transcript_id: uuid.UUID | str) -> bool:
    # One conditional UPDATE: a ready or failed transcript is never rendered again, and a
    # re-delivered task (the worker died mid-render) takes over the `rendering` row.
    return bool(
        Transcript.objects.filter(
            pk=transcript_id,
            status__in=[Transcript.Status.QUEUED, Transcript.Status.RENDERING],
            attempts__lt=MAX_ATTEMPTS,
        ).update(
            status=Transcript.Status.RENDERING,
            attempts=F("attempts") + 1,
            started_at=timezone.now(),
            error="",
        )
    )


def transcript_render(*, transcript_id: uuid.UUID | str) -> Transcript | None:
    """Render a queued transcript and store it; safe to call any number of times."""
    if not _claim(transcript_id):
        transcript = Transcript.objects.filter(pk=transcript_id).first()
        if transcript and transcript.is_pending:  # only when attempts ran out
            transcript_fail(
                transcript_id=transcript_id,
                reason=f"Gave up after {transcript.attempts} attempts; please try again later.",
            )
        return transcript
    transcript = Transcript.objects.select_related("owner__profile", "license__board").get(
        pk=transcript_id
    )
    if transcript.license is None:
        transcript_fail(
            transcript_id=transcript_id,
            reason="The license was deleted before the transcript was made.",
        )
        return transcript
    # Read before the document: a change made while it renders makes it stale, not current.
    version = transcript_record_version(user=transcript.owner)
    context, status = _document(transcript, generated_at=timezone.now())
    if transcript.kind == Transcript.Kind.AUDIT_PACKET:
        pdf = packet.audit_packet(
            transcript_pdf=transcript_pdf(context, numbered_later=True),
            certificates=_packet_certificates(transcript, context),
            csv_text=transcript_csv(context),
            footer=f"{context.physician.display_name} · verification {context.verification_code}",
            page_size="A4" if context.paper_size == "a4" else "letter",
        )
    else:
        pdf = transcript_pdf(context)
    return _store(transcript, pdf, context, status, version)


def _store(
    transcript: Transcript, pdf: bytes, context: TranscriptContext, status: str, version: str
) -> Transcript:
    transcript.file.save("transcript.pdf", ContentFile(pdf), save=False)
    name = cast(str, transcript.file.name)  # just saved, so it has one
    finished = timezone.now()
    fields = {
        "status": Transcript.Status.READY,
        "file": name,
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "size": len(pdf),
        "pages": len(PdfReader(ContentFile(pdf)).pages),
        "finished_at": finished,
        "error": "",
        "snapshot": _snapshot(context, status),
        "record_version": version,
    }
    won = (
        Transcript.objects.filter(pk=transcript.pk)
        .exclude(status=Transcript.Status.READY)
        .update(**fields)
    )
    if not won:
        # A duplicate delivery finished first: keep its file, drop ours (one artifact).
        transcript.file.storage.delete(name)
    transcript.refresh_from_db()
    return transcript


def _snapshot(context: TranscriptContext, status: str) -> dict[str, object]:
    """What the verification page shows: only facts the document itself prints."""
    return {
        "full_name": context.physician.full_name,
        "degree": context.physician.degree,
        "board_code": context.license.board_code,
        "board_name": context.license.board_name,
        "license_number": context.license.number,
        "license_last4": context.license.last4,
        "total_credits": f"{context.total_credits:.2f}",
        "activity_count": context.activity_count,
        # The license's status code ("" with no rules on file) and the line the PDF prints.
        "status": status,
        "status_line": context.status_line,
        "generated_at": context.generated_at.isoformat(),
    }


# --- The document ---------------------------------------------------------------------------
def _activity_rows(
    owner: User, start: datetime.date, end: datetime.date, also: Sequence[ActivityId] = ()
) -> list[ActivityRow]:
    """The cycle's activities, and the earlier ones in `also` (counted from outside it)."""
    activities = (
        Activity.objects.filter(owner=owner)
        .filter(Q(completed_on__gt=start, completed_on__lte=end) | Q(pk__in=list(also)))
        .select_related("credit_type")
        .prefetch_related(Prefetch("topics", to_attr="topic_list"))
        .order_by("completed_on", "pk")
    )
    return [
        ActivityRow(
            activity_id=activity.pk,
            completed_on=activity.completed_on,
            started_on=activity.started_on,
            title=activity.title,
            provider=activity.provider,
            credit_type=activity.credit_type.name,
            credit_type_position=activity.credit_type.position,
            credits=activity.credits,
            topics=tuple(topic.name for topic in activity.topic_list),
            has_certificate=activity.certificate_id is not None,
        )
        for activity in activities
    ]


def _referenced(report: ComplianceReport | None) -> set[ActivityId]:
    """Every activity the report counted anywhere, or carried over from the last cycle."""
    if report is None:
        return set()
    ids = {i for result in report.results for i in result.counted}
    return ids | {carried.activity_id for carried in report.carried_over}


def transcript_document(
    transcript: Transcript, *, generated_at: datetime.datetime
) -> TranscriptContext:
    """Gather the transcript's facts from the database into the template's plain context."""
    return _document(transcript, generated_at=generated_at)[0]


def _document(
    transcript: Transcript, *, generated_at: datetime.datetime
) -> tuple[TranscriptContext, str]:
    """The template's context, and the license's status code as judged for it."""
    license = transcript.license
    assert license is not None  # noqa: S101 - checked by the caller
    choice = _cycle_choice(license, transcript.cycle_end)
    as_of = min(timezone.localdate(), choice.end)
    judged = _license_in_cycle(license, choice)
    batch = compliance_selectors.judging([judged], owner_ids=[transcript.owner_id])
    compliance = batch.judge(judged, as_of=as_of, on=choice.end)
    profile = getattr(transcript.owner, "profile", None)  # accounts made outside signup
    status = compliance.report.status.value if compliance.report else ""
    board = license.board
    context = transcript_context(
        physician=Physician(
            # The name the board knows, or none: never the e-mail address in its place.
            full_name=profile.full_name.strip() if profile else "",
            degree=profile.degree if profile else "",
            npi=profile.npi if profile else "",
            email=transcript.owner.email,
        ),
        license=LicenseInfo(board_code=board.code, board_name=board.name, number=license.number),
        cycle_start=transcript.cycle_start,
        cycle_end=transcript.cycle_end,
        activities=_activity_rows(
            transcript.owner,
            transcript.cycle_start,
            transcript.cycle_end,
            also=sorted(_referenced(compliance.report), key=str),
        ),
        report=compliance.report,
        generated_at=generated_at,
        verification_code=transcript.verification_code,
        verification_url=verification_url(transcript.verification_code),
        paper_size=profile.paper_size if profile else "letter",
        title=f"{board.name}: CME audit packet"
        if transcript.kind == Transcript.Kind.AUDIT_PACKET
        else f"{board.name}: CME transcript",
    )
    return context, status


def verification_url(code: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("verify", args=[code])


def transcript_html(context: TranscriptContext, *, numbered_later: bool = False) -> str:
    return render_to_string(
        "reporting/transcripts/pdf/transcript.html",
        {
            "t": context,
            "qr": qr_svg(context.verification_url),
            "generated": timezone.localtime(context.generated_at),
            "numbered_later": numbered_later,
        },
    )


def transcript_stylesheets(context: TranscriptContext) -> list[str]:
    path = finders.find(PDF_STYLESHEET)
    if not path:
        raise FileNotFoundError(f"static/{PDF_STYLESHEET} is missing")
    with open(path, encoding="utf-8") as handle:
        css = handle.read()
    # The paper size is one of two words we chose, never user text.
    return [css, f"@page {{ size: {'A4' if context.paper_size == 'a4' else 'letter'}; }}"]


def transcript_pdf(
    context: TranscriptContext, *, url_fetcher: object = None, numbered_later: bool = False
) -> bytes:
    """The transcript as PDF/A-3b bytes, with its rows embedded as transcript.csv.

    `numbered_later`: without page numbers, for a packet that numbers all its pages at the end.
    """
    return html_to_pdf(
        transcript_html(context, numbered_later=numbered_later),
        stylesheets=transcript_stylesheets(context),
        attachments=[
            (
                "transcript.csv",
                transcript_csv(context).encode("utf-8"),
                "The transcript's activities, one row each",
            )
        ],
        url_fetcher=url_fetcher,  # type: ignore[arg-type]
    )


def _packet_certificates(
    transcript: Transcript, context: TranscriptContext
) -> Sequence[packet.PacketCertificate]:
    """The certificates of the activities the rules counted (in the cycle, carried over or
    earlier), in the order the transcript first lists them, each with its caption's facts."""
    ids = [row.activity_id for row in context.counted_rows if row.has_certificate]
    activities = Activity.objects.filter(owner=transcript.owner, pk__in=ids).select_related(
        "certificate", "credit_type", "owner"
    )
    by_id = {activity.pk: activity for activity in activities}
    items = []
    for row in context.counted_rows:
        activity = by_id.get(row.activity_id)
        if activity is None or activity.certificate is None:
            continue
        items.append(
            packet.PacketCertificate(
                heading=f"{day_words(row.completed_on)} {row.title}",
                content_type=activity.certificate.content_type,
                read=_reader(activity.certificate.file),
                title=row.title,
                provider=row.provider,
                completed=day_words(row.completed_on),
                credits=f"{row.credits:.2f} {row.credit_type}",
                counted_toward=context.counted_toward.get(row.activity_id, ()),
                # No cycle: carried-over and earlier activities lie outside it by design.
                questions=tuple(q.sentence for q in activity_questions(activity)),
            )
        )
    return items


def _reader(field_file: object) -> "packet.Reader":
    def read() -> bytes:
        with field_file.open("rb") as handle:  # type: ignore[attr-defined]
            return handle.read()

    return read


# The tasks keep the names they were queued (and scheduled) under before they moved here.
TRANSCRIPT_SOFT_TIME_LIMIT = 180  # seconds; 5,000 activities render in well under this
TRANSCRIPT_TIME_LIMIT = TRANSCRIPT_SOFT_TIME_LIMIT + 30


class TranscriptRenderTask(Task):  # type: ignore[misc]
    """Fails the transcript once Celery has stopped retrying a transient error."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:  # type: ignore[no-untyped-def]
        # Every other error is turned into a failed transcript inside the task; a transient
        # one reaches here only when the retries ran out (Celery re-raises it).
        if not isinstance(exc, TRANSIENT_ERRORS):
            return
        transcript_id = args[0] if args else kwargs["transcript_id"]
        logger.error(
            "Transcript %s failed after %s retries: %r", transcript_id, self.max_retries, exc
        )
        transcript_fail(
            transcript_id=transcript_id,
            reason="A temporary problem (storage or database unavailable) lasted through "
            f"{self.max_retries + 1} attempts. Please retry in a few minutes.",
        )


@shared_task(
    name="reporting.tasks.transcript_render_task",
    base=TranscriptRenderTask,
    acks_late=True,
    reject_on_worker_lost=True,
    # Exponential back-off with full jitter, so a burst of failures (the object store was down
    # for everyone) does not come back in lockstep; capped below the broker's visibility
    # timeout, so a retry waiting in a worker is not handed to a second worker meanwhile.
    autoretry_for=TRANSIENT_ERRORS,
    max_retries=5,
    retry_backoff=settings.TRANSCRIPT_RETRY_BASE_SECONDS,
    retry_backoff_max=settings.TRANSCRIPT_RETRY_MAX_SECONDS,
    retry_jitter=settings.TRANSCRIPT_RETRY_JITTER,
    soft_time_limit=TRANSCRIPT_SOFT_TIME_LIMIT,
    time_limit=TRANSCRIPT_TIME_LIMIT,
)
def transcript_render_task(transcript_id: str) -> str:
    """Render one transcript: transient errors retry with back-off, anything else fails it."""
    try:
        transcript = transcript_render(transcript_id=transcript_id)
    except SoftTimeLimitExceeded:
        transcript_fail(
            transcript_id=transcript_id,
            reason=f"Making the PDF took longer than {TRANSCRIPT_SOFT_TIME_LIMIT} seconds and "
            "was stopped. Try a shorter cycle, or contact support if it happens again.",
        )
        return "failed"
    except TRANSIENT_ERRORS:
        raise  # Celery retries it (autoretry_for), then TranscriptRenderTask.on_failure
    except Exception:
        logger.exception("Transcript %s failed", transcript_id)
        # The physician reads this (page, API `error`): plain words, never the exception's
        # text, which can carry file paths and internals. The details are in the log above.
        transcript_fail(
            transcript_id=transcript_id,
            reason="The PDF could not be made because of an error on our side. It has been "
            "logged; please try again later, or contact support if it happens again.",
        )
        return "failed"
    return transcript.status if transcript else "missing"


@shared_task(
    name="reporting.tasks.transcripts_requeue_stale_task",
    acks_late=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def transcripts_requeue_stale_task() -> int:
    """Send again the transcripts that sat queued or rendering too long (broker or worker died)."""
    return transcripts_requeue_stale()
