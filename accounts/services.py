import datetime
import hashlib
import secrets

from django.db import transaction
from django.http import Http404, HttpRequest
from django.utils import timezone

from .models import ApiToken, Profile, User

TOKEN_PREFIX = "cmt_"  # noqa: S105 - a public marker that makes leaked tokens greppable
# Writing last_used_at on every request would turn each API read into a write.
_LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def profile_update(*, profile: Profile, **fields: object) -> Profile:
    """Validate and save the clinician's profile."""
    for name, value in fields.items():
        setattr(profile, name, value)
    with transaction.atomic():
        profile.full_clean()
        profile.save()
    return profile


def _hash_token(raw: str) -> str:
    # Tokens carry 256 bits of randomness, so a plain SHA-256 cannot be brute-forced.
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(
    *,
    user: User,
    name: str,
    scope: str = ApiToken.Scope.READ_WRITE,
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Create a token; the raw value is returned once and never stored."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user,
        name=name.strip(),
        scope=scope,
        expires_at=expires_at,
        token_hash=_hash_token(raw),
        prefix=raw[: len(TOKEN_PREFIX) + 4],
    )
    with transaction.atomic():
        token.full_clean()
        token.save()
    return token, raw


def api_token_revoke(*, user: User, pk: int) -> None:
    deleted, _ = ApiToken.objects.filter(user=user, pk=pk).delete()
    if not deleted:
        raise Http404("No such token.")


def api_tokens_end_all(*, user: User, request: HttpRequest | None = None) -> int:
    """End every API token of the user and tell them; returns how many ended.

    Called when the password changes or is reset: whoever took the old password (or a
    session) may have made a token, and a token outlives sessions.
    """
    from allauth.account.adapter import get_adapter

    ended, _ = ApiToken.objects.filter(user=user).delete()
    if ended:
        get_adapter(request).send_notification_mail(
            "account/email/api_tokens_ended", user, {"count": ended}
        )
    return ended


def email_added_notify(*, user: User, added: str, request: HttpRequest | None = None) -> None:
    """Tell the account's primary address that another address was added to it."""
    from allauth.account.adapter import get_adapter
    from allauth.account.models import EmailAddress

    primary = EmailAddress.objects.get_primary_email(user)
    if primary and primary.lower() != added.lower():
        get_adapter(request).send_notification_mail(
            "account/email/email_added", user, {"added_email": added}, email=primary
        )


def api_token_authenticate(raw: str) -> ApiToken | None:
    """The live token for this raw value, its use recorded; None if unknown or expired."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash_token(raw), user__is_active=True)
        .first()
    )
    now = timezone.now()
    if token is None or (token.expires_at is not None and token.expires_at <= now):
        return None
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
