"""A physician's consents: granting an organization a look at their record, changing what it
may see, revoking it; and the physician's own reads of them.

Every grant, change and revocation writes a ConsentEvent whose summary says, in words, what the
consent allowed afterwards: the physician's history reads as sentences, not codes.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from reporting.models import License

from .models import Consent, ConsentEvent, Invitation, Organization
from .services import invitation_check_address, invitation_mark_accepted
from .states import license_label

NOT_YOURS = "Choose among your own licenses."
NONE_CHOSEN = "Choose at least one license, or share all of them."
PAST_DAY = "The last day cannot be in the past."
ALREADY_SHARED = "You already share your record with {organization}; change that consent instead."
SCOPE_CHOICE = "Choose what the organization may see."


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def consent_summary(
    *, scope: str, all_licenses: bool, licenses: Iterable[License], expires_on: datetime.date | None
) -> str:
    """ "Status and transcripts of Texas license Q12345 and California license A99999, until
    30 Jun 2027" — what the consent allows, as the physician and the history read it."""
    what = Consent.Scope(scope).label
    if all_licenses:
        which = "all licenses, those added later included"
    else:
        labels = [license_label(state=lic.board.state, number=lic.number) for lic in licenses]
        which = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
    until = f"until {_day(expires_on)}" if expires_on else "until revoked"
    return f"{what} of {which}, {until}"


def _ids(licenses: Iterable[License | int]) -> set[int]:
    return {item if isinstance(item, int) else item.pk for item in licenses}


def _checked(
    *,
    physician: User,
    scope: str,
    all_licenses: bool,
    licenses: Iterable[License | int],
    expires_on: datetime.date | None,
    today: datetime.date,
) -> list[License]:
    """The physician's own licenses named, or a ValidationError listing every mistake."""
    errors: dict[str, list[str]] = {}
    if scope not in Consent.Scope.values:
        errors["scope"] = [SCOPE_CHOICE]
    wanted = set() if all_licenses else _ids(licenses)
    own = list(License.objects.filter(owner=physician, pk__in=wanted).select_related("board"))
    if len(own) != len(wanted):
        errors["licenses"] = [NOT_YOURS]
    elif not all_licenses and not own:
        errors["licenses"] = [NONE_CHOSEN]
    if expires_on is not None and expires_on < today:
        errors["expires_on"] = [PAST_DAY]
    if errors:
        raise ValidationError(errors)
    return own


def _event(consent: Consent, kind: str, by: User, licenses: Iterable[License]) -> ConsentEvent:
    summary = consent_summary(
        scope=consent.scope,
        all_licenses=consent.all_licenses,
        licenses=licenses,
        expires_on=consent.expires_on,
    )
    return ConsentEvent.objects.create(consent=consent, kind=kind, by=by, summary=summary[:500])


def consent_grant(
    *,
    physician: User,
    organization: Organization,
    scope: str,
    all_licenses: bool = False,
    licenses: Iterable[License | int] = (),
    expires_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Consent:
    """Let `organization` see the chosen licenses of `physician`'s record, at `scope`, until
    `expires_on` (or until revoked)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        own = _checked(
            physician=physician,
            scope=scope,
            all_licenses=all_licenses,
            licenses=licenses,
            expires_on=expires_on,
            today=today,
        )
        earlier = (
            Consent.objects.select_for_update()
            .filter(physician=physician, organization=organization, revoked_at__isnull=True)
            .first()
        )
        if earlier is not None and earlier.is_active(today):
            raise ValidationError(ALREADY_SHARED.format(organization=organization.name))
        if earlier is not None:  # its last day passed: close it before the new one starts
            _revoke(earlier, by=physician)
        consent = Consent.objects.create(
            physician=physician,
            organization=organization,
            scope=scope,
            all_licenses=all_licenses,
            expires_on=expires_on,
        )
        consent.licenses.set(own)
        _event(consent, ConsentEvent.Kind.GRANTED, physician, own)
    return consent


def consent_change(
    *,
    consent: Consent,
    scope: str,
    all_licenses: bool = False,
    licenses: Iterable[License | int] = (),
    expires_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Consent:
    """Change what a live consent lets the organization see; recorded as a change."""
    today = today or timezone.localdate()
    physician = consent.physician
    with transaction.atomic():
        own = _checked(
            physician=physician,
            scope=scope,
            all_licenses=all_licenses,
            licenses=licenses,
            expires_on=expires_on,
            today=today,
        )
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if not locked.is_active(today):
            raise ValidationError("This consent has ended; grant a new one instead.")
        consent.scope, consent.all_licenses, consent.expires_on = scope, all_licenses, expires_on
        consent.save(update_fields=["scope", "all_licenses", "expires_on"])
        consent.licenses.set(own)
        _event(consent, ConsentEvent.Kind.CHANGED, physician, own)
    return consent


def _revoke(consent: Consent, *, by: User) -> None:
    consent.revoked_at = timezone.now()
    consent.save(update_fields=["revoked_at"])
    ConsentEvent.objects.create(
        consent=consent,
        kind=ConsentEvent.Kind.REVOKED,
        by=by,
        summary=f"{consent.organization.name} can no longer see your record",
    )


def consent_revoke(*, consent: Consent) -> Consent:
    """End the consent now: the organization's very next request is refused."""
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.revoked_at is not None:
            raise ValidationError("This consent was already revoked.")
        _revoke(consent, by=consent.physician)
    return consent


# --- The physician's reads ------------------------------------------------------------------
def consent_list(*, physician: User) -> QuerySet[Consent]:
    """The physician's consents, live and ended, newest first, with what they name."""
    return (
        Consent.objects.filter(physician=physician)
        .select_related("organization")
        .prefetch_related("licenses__board", "events")
    )


def consent_get(*, physician: User, pk: int, today: datetime.date | None = None) -> Consent:
    """One of the physician's live consents (404 for anyone else's, or an ended one)."""
    consent = consent_list(physician=physician).filter(pk=pk).first()
    if consent is None or not consent.is_active(today):
        raise Http404("No such consent.")
    return consent


def consent_live_for(
    *, physician: User, organization: Organization, today: datetime.date | None = None
) -> Consent | None:
    consent = Consent.objects.filter(
        physician=physician, organization=organization, revoked_at__isnull=True
    ).first()
    return consent if consent is not None and consent.is_active(today) else None


def consent_invited(
    *,
    invitation: Invitation,
    physician: User,
    scope: str,
    all_licenses: bool = False,
    licenses: Iterable[License | int] = (),
    expires_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Consent:
    """Grant the consent an invitation asked for, and close the invitation (both or neither)."""
    with transaction.atomic():
        invitation_check_address(invitation=invitation, user=physician)
        consent = consent_grant(
            physician=physician,
            organization=invitation.organization,
            scope=scope,
            all_licenses=all_licenses,
            licenses=licenses,
            expires_on=expires_on,
            today=today,
        )
        invitation_mark_accepted(invitation=invitation, user=physician)
    return consent
