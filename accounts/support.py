"""Support access: a physician lets site support read their record for a while.

Staff do not read records by their staff flag. A physician who needs help opens a window (a
reason, at most seven days); while it is live, staff with two-factor authentication may read
that physician's record, read-only, and each look is written to the physician's access log.
The physician closes it whenever they like.
"""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone

from .models import RecordAccess, SupportAccess, User
from .record_access import record_access_log

LONGEST = datetime.timedelta(days=7)
DEFAULT = datetime.timedelta(hours=24)
# The lengths the physician chooses from, in hours, and how the page names them.
DURATIONS = {1: "1 hour", 4: "4 hours", 24: "24 hours", 72: "3 days", 168: "7 days"}


def support_access_open(
    *, physician: User, reason: str, duration: datetime.timedelta = DEFAULT
) -> SupportAccess:
    """Open a window in which site support may read `physician`'s record."""
    if duration <= datetime.timedelta(0) or duration > LONGEST:
        raise ValidationError({"duration": ["Choose a time between one hour and seven days."]})
    now = timezone.now()
    access = SupportAccess(
        physician=physician, reason=reason.strip(), opened_at=now, ends_at=now + duration
    )
    with transaction.atomic():
        access.full_clean()
        access.save()
    return access


def support_access_close(*, physician: User, pk: int) -> SupportAccess:
    """Close one of the physician's windows now; support's next request is refused."""
    with transaction.atomic():
        access = (
            SupportAccess.objects.select_for_update().filter(physician=physician, pk=pk).first()
        )
        if access is None:
            raise Http404("No such support access.")
        if access.is_live():
            access.revoked_at = timezone.now()
            access.save(update_fields=["revoked_at"])
    return access


def support_access_list(*, physician: User) -> QuerySet[SupportAccess]:
    return SupportAccess.objects.filter(physician=physician)


def support_accesses_live() -> QuerySet[SupportAccess]:
    """Every window open now, for support's own list (staff with two-factor only)."""
    now = timezone.now()
    return SupportAccess.objects.filter(
        revoked_at__isnull=True, opened_at__lte=now, ends_at__gt=now
    ).select_related("physician")


def support_access_live_get(*, public_id: uuid.UUID | str) -> SupportAccess:
    """A live window by its public id; anything else is "not found"."""
    access = support_accesses_live().filter(public_id=public_id).first()
    if access is None:
        raise Http404("No such support access.")
    return access


def support_by_label(staff: User) -> str:
    return f"Site support ({staff.email})"


def support_view_log(
    *, access: SupportAccess, staff: User, what: str, request: HttpRequest | None = None
) -> RecordAccess:
    """Write one look by support to the physician's access log; the first look of a window
    also tells the physician by e-mail."""
    with transaction.atomic():
        entry = record_access_log(
            physician=access.physician,
            channel=RecordAccess.Channel.SUPPORT,
            by_label=support_by_label(staff),
            what=what,
            viewer=staff,
        )
        first = SupportAccess.objects.filter(pk=access.pk, first_viewed_at__isnull=True).update(
            first_viewed_at=timezone.now()
        )
    if first:  # after the commit: the e-mail tells of a look that is in the log
        _first_view_notify(access=access, staff=staff, request=request)
    return entry


def _first_view_notify(*, access: SupportAccess, staff: User, request: HttpRequest | None) -> None:
    from allauth.account.adapter import get_adapter

    get_adapter(request).send_mail(
        "account/email/support_access_opened",
        access.physician.email,
        {
            "staff_email": staff.email,
            "reason": access.reason,
            "ends_at": access.ends_at,
            "support_url": settings.SITE_URL.rstrip("/") + reverse("accounts:support"),
        },
    )
