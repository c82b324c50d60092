"""The worker finds organizations' Celery tasks here; each lives beside the service it wraps."""

from organizations.digest import organization_digests_send_task

__all__ = ["organization_digests_send_task"]
