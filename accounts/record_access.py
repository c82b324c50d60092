"""Writing and reading the log of who looked at a physician's record."""

from django.db.models import QuerySet

from .models import RecordAccess, User


def record_access_log(
    *,
    physician: User,
    channel: str,
    by_label: str,
    what: str,
    viewer: User | None = None,
) -> RecordAccess:
    """Note one look at `physician`'s record by someone else (never the physician's own)."""
    return RecordAccess.objects.create(
        physician=physician,
        viewer=viewer,
        channel=channel,
        by_label=by_label[:300],
        what=what[:300],
    )


def record_accesses(*, physician: User) -> QuerySet[RecordAccess]:
    """The physician's access log, newest first."""
    return RecordAccess.objects.filter(physician=physician)
