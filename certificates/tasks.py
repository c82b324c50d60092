"""Celery tasks for certificates: thin, safe to run twice."""

import datetime

from celery import shared_task

from .services import certificate_orphans_delete


@shared_task(acks_late=True)
def certificate_orphans_purge_task(older_than_hours: int = 24) -> int:
    """Remove stored files no certificate row points at (uploads whose transaction rolled back)."""
    return len(certificate_orphans_delete(older_than=datetime.timedelta(hours=older_than_hours)))
