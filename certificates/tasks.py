"""Celery tasks for certificates: thin, safe to run twice."""

import datetime

from celery import shared_task

from .services import (
    certificate_orphans_delete,
    certificate_read_task,
    certificates_read_stale_task,
)

# The reading tasks live beside their service (which enqueues them); named here as well so
# that every certificate task is found in one place.
__all__ = [
    "certificate_orphans_purge_task",
    "certificate_read_task",
    "certificates_read_stale_task",
]


@shared_task(acks_late=True)
def certificate_orphans_purge_task(older_than_hours: int = 24) -> int:
    """Remove stored files no certificate row points at (uploads whose transaction rolled back)."""
    return len(certificate_orphans_delete(older_than=datetime.timedelta(hours=older_than_hours)))
