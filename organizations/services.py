"""Organizations, their members and the invitations that bring people in.

An invitation's raw token travels only in the e-mailed link; the database keeps its SHA-256,
so a copy of the database opens no invitation. It is accepted only by a signed-in person one
of whose verified addresses is the one invited: a forwarded link is useless to anyone else.
"""

import datetime
import hashlib
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.emails import email_normalise
from accounts.models import User

from .models import Invitation, Membership, Organization, Role

INVITATION_DAYS = 14
NAME_MISSING = "Enter the organization's name."
LAST_OWNER = "An organization needs at least one owner: make someone else an owner first."
ALREADY_MEMBER = "{email} is already a member of {organization}."
INVITATION_GONE = (
    "This invitation has expired, was withdrawn or was already used. Ask for a new one."
)
WRONG_ADDRESS = (
    "This invitation was sent to another e-mail address. Sign in with that address, or add "
    "and verify it in your account's e-mail settings, then open the link again."
)


# --- Organizations --------------------------------------------------------------------------
# Addresses of the physician's own pages under /organizations/: never an organization's slug.
RESERVED_SLUGS = frozenset({"sharing", "invitations"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70].strip("-") or "organization"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Organization.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def organization_create(
    *, creator: User, name: str, kind: str = Organization.Kind.CREDENTIALING
) -> Organization:
    """A new organization whose creator is its first owner."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": [NAME_MISSING]})
    for _ in range(3):  # two offices of the same name created at once: the second retries
        try:
            with transaction.atomic():
                organization = Organization(name=name, slug=_unique_slug(name), kind=kind)
                organization.full_clean()
                organization.save()
                Membership.objects.create(organization=organization, user=creator, role=Role.OWNER)
                return organization
        except IntegrityError:
            continue
    raise ValidationError({"name": ["Please try again in a moment."]})


def organization_require_mfa(*, organization: Organization, require: bool) -> Organization:
    organization.require_mfa = require
    organization.save(update_fields=["require_mfa"])
    return organization


# --- Members --------------------------------------------------------------------------------
def _owners(organization: Organization) -> int:
    return Membership.objects.filter(organization=organization, role=Role.OWNER).count()


def membership_role_change(*, membership: Membership, role: str) -> Membership:
    """Give a member another role; the last owner keeps theirs."""
    if role not in Role.values:
        raise ValidationError({"role": ["Choose owner, credentialing staff or read-only viewer."]})
    with transaction.atomic():
        # Lock the organization's owners so two demotions at once cannot leave none.
        list(
            Membership.objects.select_for_update().filter(
                organization=membership.organization_id, role=Role.OWNER
            )
        )
        if (
            membership.role == Role.OWNER
            and role != Role.OWNER
            and _owners(membership.organization) <= 1
        ):
            raise ValidationError({"role": [LAST_OWNER]})
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, membership: Membership) -> None:
    """Take a member out of the organization; the last owner stays."""
    with transaction.atomic():
        list(
            Membership.objects.select_for_update().filter(
                organization=membership.organization_id, role=Role.OWNER
            )
        )
        if membership.role == Role.OWNER and _owners(membership.organization) <= 1:
            raise ValidationError(LAST_OWNER)
        membership.delete()


# --- Invitations ----------------------------------------------------------------------------
def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(
    *,
    organization: Organization,
    invited_by: User,
    email: str,
    role: str = "",
    for_consent: bool = False,
    now: datetime.datetime | None = None,
) -> tuple[Invitation, str]:
    """An invitation and its raw token (for the link; only its hash is stored).

    `for_consent`: a physician asked to share their record (no role); otherwise a member in
    `role`.
    """
    email = email_normalise(email)
    if for_consent:
        role = ""
    elif role not in Role.values:
        raise ValidationError({"role": ["Choose owner, credentialing staff or read-only viewer."]})
    elif Membership.objects.filter(organization=organization, user__email__iexact=email).exists():
        raise ValidationError(
            {"email": [ALREADY_MEMBER.format(email=email, organization=organization.name)]}
        )
    token = secrets.token_urlsafe(32)
    invitation = Invitation(
        organization=organization,
        email=email,
        role=role,
        for_consent=for_consent,
        token_hash=token_hash(token),
        invited_by=invited_by,
        expires_at=(now or timezone.now()) + datetime.timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    return invitation, token


def invitation_withdraw(*, invitation: Invitation) -> None:
    """Withdraw an unanswered invitation: its link stops working at once."""
    if invitation.accepted_at is not None:
        raise ValidationError("This invitation was already accepted; remove the member instead.")
    invitation.delete()


def invitation_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("organizations:invitation", args=[token])


def invitation_send(*, invitation: Invitation, token: str) -> None:
    """E-mail the link (the only place the raw token ever goes)."""
    context = {"invitation": invitation, "url": invitation_url(token), "days": INVITATION_DAYS}
    subject = (
        f"{invitation.organization.name} asks you to share your CME record"
        if invitation.for_consent
        else f"Join {invitation.organization.name} on CME Track"
    )
    send_mail(
        subject,
        render_to_string("organizations/email/invitation.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def invitation_open(*, token: str, now: datetime.datetime | None = None) -> Invitation:
    """The invitation a link's token names, if it is still open (neither used nor expired)."""
    invitation = (
        Invitation.objects.select_related("organization", "invited_by__profile")
        .filter(token_hash=token_hash(token))
        .first()
    )
    if (
        invitation is None
        or invitation.accepted_at is not None
        or invitation.expires_at <= (now or timezone.now())
    ):
        raise ValidationError(INVITATION_GONE, code="gone")
    return invitation


def invitation_check_address(*, invitation: Invitation, user: User) -> None:
    """Refuse anyone but the verified owner of the invited address."""
    if not EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists():
        raise ValidationError(WRONG_ADDRESS, code="wrong_address")


def invitation_accept(
    *, token: str, user: User, now: datetime.datetime | None = None
) -> Membership:
    """Make the invited person a member in the invitation's role."""
    with transaction.atomic():
        invitation = invitation_open(token=token, now=now)
        if invitation.for_consent:
            raise ValidationError("This invitation asks you to share your record, not to join.")
        invitation_check_address(invitation=invitation, user=user)
        membership, created = Membership.objects.get_or_create(
            organization=invitation.organization, user=user, defaults={"role": invitation.role}
        )
        if not created:
            raise ValidationError(
                ALREADY_MEMBER.format(email=user.email, organization=invitation.organization)
            )
        invitation_mark_accepted(invitation=invitation, user=user, now=now)
    return membership


def invitation_mark_accepted(
    *, invitation: Invitation, user: User, now: datetime.datetime | None = None
) -> None:
    """Close the invitation: a link works once."""
    if not Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=now or timezone.now(), accepted_by=user
    ):
        raise ValidationError(INVITATION_GONE, code="gone")
