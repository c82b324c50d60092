"""An organization's API tokens: made and revoked by its owners, checked on every API call.

A token is shown once and stored as its SHA-256. It carries its own marker (`cmo_`), distinct
from personal tokens (`cmt_`), so a leaked one is recognisable and neither kind is ever looked
up in the other's table: a personal token opens no organization endpoint, and an organization
token opens no physician's personal endpoint.
"""

import datetime
import hashlib
import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User

from .models import Organization, OrganizationToken

TOKEN_PREFIX = "cmo_"  # noqa: S105 - a public marker that makes leaked tokens greppable
# Writing the last-used time on every call would make each read a write; a minute is enough
# for an owner to see which tokens are in use.
_LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def organization_token_create(
    *,
    organization: Organization,
    created_by: User,
    name: str,
    expires_at: datetime.datetime | None = None,
) -> tuple[OrganizationToken, str]:
    """Create a token for the organization; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = OrganizationToken(
        organization=organization,
        created_by=created_by,
        name=name.strip(),
        expires_at=expires_at,
        token_hash=_hash_token(raw),
        prefix=raw[: len(TOKEN_PREFIX) + 4],
    )
    with transaction.atomic():
        token.full_clean()
        token.save()
    return token, raw


def organization_token_revoke(*, organization: Organization, pk: int) -> OrganizationToken:
    """Revoke one of the organization's tokens; it stops working at once. 404 if not its own."""
    with transaction.atomic():
        token = (
            OrganizationToken.objects.select_for_update()
            .filter(organization=organization, pk=pk, revoked_at__isnull=True)
            .first()
        )
        if token is None:
            raise Http404("No such token.")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def organization_token_list(*, organization: Organization) -> QuerySet[OrganizationToken]:
    """The organization's tokens, live and revoked, newest first."""
    return OrganizationToken.objects.filter(organization=organization).select_related("created_by")


def organization_token_authenticate(raw: str) -> OrganizationToken | None:
    """The live token for this raw value, its use recorded; None if unknown, expired or revoked."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        OrganizationToken.objects.select_related("organization")
        .filter(token_hash=_hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        OrganizationToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
