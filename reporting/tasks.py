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

