"""Organizations that work with physicians, and the consent a physician gives one of them.

A credentialing office (a hospital's medical staff office, a group practice, a locum agency)
must know whether each physician's licenses are in order; a CME provider issues credits. Both
are organizations with members. Neither owns a physician's record: an organization sees a
physician's licenses only through a consent the physician granted, for the licenses and the
depth the physician chose, until the physician revokes it or it runs out.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class Organization(models.Model):
    class Kind(models.TextChoices):
        CREDENTIALING = "credentialing", "Credentialing office"
        PROVIDER = "provider", "CME provider"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=16, choices=Kind, default=Kind.CREDENTIALING)
    # An office may ask every member to sign in with a second factor before any of its pages.
    require_mfa = models.BooleanField("members must use two-factor authentication", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    STAFF = "staff", "Credentialing staff"
    VIEWER = "viewer", "Read-only viewer"


class Membership(models.Model):
    """A person's place in an organization; a locum may belong to several."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=8, choices=Role, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "user"], name="membership_once_per_organization"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.get_role_display()})"


class Invitation(models.Model):
    """An e-mailed invitation to join an organization; only the token's SHA-256 is stored.

    The same invitation also asks a physician who is not a member to grant the organization a
    consent (`for_consent`): an office invites the physicians it credentials.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField()
    role = models.CharField(max_length=8, choices=Role, default=Role.VIEWER, blank=True)
    for_consent = models.BooleanField(default=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email} to {self.organization}"


class Consent(models.Model):
    """What one physician lets one organization see, and until when."""

    class Scope(models.TextChoices):
        STATUS = "status", "Status only"
        TRANSCRIPTS = "transcripts", "Status and transcripts"
        EVERYTHING = "everything", "Everything, certificates included"

    physician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="consents"
    )
    scope = models.CharField(max_length=12, choices=Scope, default=Scope.STATUS)
    # All the physician's licenses, those added later included; otherwise only `licenses`.
    all_licenses = models.BooleanField(default=False)
    licenses = models.ManyToManyField("reporting.License", blank=True, related_name="consents")
    # The last day the organization may look; empty means until revoked.
    expires_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One live consent per physician and organization: a change edits it (and is
            # recorded as an event), a revoked one stays for the record.
            models.UniqueConstraint(
                fields=["physician", "organization"],
                condition=models.Q(revoked_at__isnull=True),
                name="one_live_consent_per_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.physician} to {self.organization} ({self.get_scope_display()})"

    def is_active(self, today: datetime.date | None = None) -> bool:
        """Live on `today`: not revoked, and the last day (if any) not passed."""
        today = today or timezone.localdate()
        return self.revoked_at is None and (self.expires_on is None or self.expires_on >= today)


class ConsentEvent(models.Model):
    """Every grant, change and revocation, with what the consent allowed afterwards."""

    class Kind(models.TextChoices):
        GRANTED = "granted", "Granted"
        CHANGED = "changed", "Changed"
        REVOKED = "revoked", "Revoked"

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=8, choices=Kind)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The consent as it stood after the event, in words: scope, licenses, last day.
    summary = models.CharField(max_length=500)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d}: {self.summary}"


class RequestedTranscript(models.Model):
    """A transcript (or audit packet) of a physician's an organization asked for.

    The document is the physician's own (`Transcript.owner`): it shows in their transcripts
    list like any other. The organization reaches it only through this row, and only while a
    live consent still covers the license at a depth that includes transcripts.
    """

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="requested_transcripts"
    )
    transcript = models.OneToOneField(
        "reporting.Transcript", on_delete=models.CASCADE, related_name="requested_by"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-requested_at", "pk"]

    def __str__(self) -> str:
        return f"{self.transcript} for {self.organization}"
