"""The worker finds reporting's Celery tasks here; each lives beside the service it wraps."""

from reporting.compliance.evaluation import licenses_reevaluate_task
from reporting.deadlines.reminders import license_reminders_send_task
from reporting.licenses.warm import (
    pages_warm_owners_task,
    pages_warm_task,
    pages_warm_today_task,
)
from reporting.transcripts.services import (
    transcript_render_task,
    transcripts_requeue_stale_task,
)

__all__ = [
    "license_reminders_send_task",
    "licenses_reevaluate_task",
    "pages_warm_owners_task",
    "pages_warm_task",
    "pages_warm_today_task",
    "transcript_render_task",
    "transcripts_requeue_stale_task",
]
