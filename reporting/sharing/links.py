"""Share links: make, list, end; find one by its secret; check its access code; log a look.

The secret is 192 random bits; only its SHA-256 is stored and the address is shown once. An
unknown, expired or revoked secret is one answer ("not found"), so a holder learns nothing
about links that are not theirs.
"""

import datetime
import hashlib
import secrets

from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import RecordAccess, User
from accounts.record_access import record_access_log
from reporting.licenses import selectors as licenses_selectors
from reporting.models import ShareLink

LONGEST_DAYS = 90
DEFAULT_DAYS = 30
SHORTEST_CODE = 4


def _hash(raw: str) -> str:
    # 192 random bits: a plain SHA-256 cannot be brute-forced, and finds the row by index.
    return hashlib.sha256(raw.encode()).hexdigest()


def share_link_create(
    *,
    owner: User,
    license_id: int,
    label: str,
    days: int = DEFAULT_DAYS,
    access_code: str = "",
    include_certificates: bool = False,
) -> tuple[ShareLink, str]:
    """Make a link to one of `owner`'s licenses; the secret is returned once, never stored."""
    license = licenses_selectors.license_list(user=owner).filter(pk=license_id).first()
    if license is None:
        raise ValidationError({"license": ["Choose one of your licenses."]})
    if not 1 <= days <= LONGEST_DAYS:
        raise ValidationError({"days": [f"A link lasts from 1 to {LONGEST_DAYS} days."]})
    access_code = access_code.strip()
    if access_code and len(access_code) < SHORTEST_CODE:
        raise ValidationError(
            {"access_code": [f"Use at least {SHORTEST_CODE} characters, or leave it empty."]}
        )
    raw = secrets.token_urlsafe(24)
    link = ShareLink(
        owner=owner,
        license=license,
        label=label.strip(),
        token_hash=_hash(raw),
        access_code_hash=make_password(access_code) if access_code else "",
        include_certificates=include_certificates,
        expires_at=timezone.now() + datetime.timedelta(days=days),
    )
    with transaction.atomic():
        link.full_clean()
        link.save()
    return link, raw


def share_link_list(*, owner: User) -> QuerySet[ShareLink]:
    return ShareLink.objects.filter(owner=owner).select_related("license__board")


def share_link_get(*, owner: User, pk: int) -> ShareLink:
    link = share_link_list(owner=owner).filter(pk=pk).first()
    if link is None:
        raise Http404("No such share link.")
    return link


def share_link_revoke(*, owner: User, pk: int) -> ShareLink:
    """End one of `owner`'s links now; the holder's next request finds nothing."""
    link = share_link_get(owner=owner, pk=pk)
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at"])
    return link


def share_link_by_secret(raw: str) -> ShareLink:
    """The live link for this secret; "not found" for an unknown, expired or revoked one."""
    link = (
        ShareLink.objects.select_related("owner", "license__board", "license__owner")
        .filter(token_hash=_hash(raw), revoked_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )
    if link is None or link.license.owner_id != link.owner_id:
        raise Http404("This link has ended or does not exist.")
    return link


def share_link_code_matches(link: ShareLink, code: str) -> bool:
    return link.has_access_code and check_password(code.strip(), link.access_code_hash)


def share_link_view_log(*, link: ShareLink, what: str) -> None:
    """One look through the link, in the physician's access log and the link's own count."""
    with transaction.atomic():
        record_access_log(
            physician=link.owner,
            channel=RecordAccess.Channel.SHARE_LINK,
            by_label=f"Share link '{link.label}'",
            what=what,
        )
        ShareLink.objects.filter(pk=link.pk).update(
            views=F("views") + 1, last_viewed_at=timezone.now()
        )


def license_words(link: ShareLink) -> str:
    """ "Texas license 12345": how the access log names the license."""
    license = link.license
    return f"{license.board.name} license {license.number}"
