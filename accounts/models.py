import datetime
import uuid
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from .validators import validate_npi


class EmailUserManager(UserManager["User"]):
    """A user manager for accounts whose login is the e-mail address (no username)."""

    def _create_user_object(self, email, password, **extra_fields):  # type: ignore[no-untyped-def]
        if not email:
            raise ValueError("An e-mail address is required.")
        from .emails import email_normalise  # emails.py needs no model; keep it import-light

        user = self.model(email=email_normalise(email), **extra_fields)
        user.set_password(password)
        return user

    def create_user(self, email, password=None, **extra_fields):  # type: ignore[no-untyped-def, override]
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        user = self._create_user_object(email, password, **extra_fields)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):  # type: ignore[no-untyped-def, override]
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        user = self._create_user_object(email, password, **extra_fields)
        user.save(using=self._db)
        return user


class User(AbstractUser):
    """A person who signs in with an e-mail address."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField("e-mail address", unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = EmailUserManager()  # type: ignore[misc]

    class Meta:
        constraints = [
            # alice@x and Alice@x are one mailbox, so they must be one account.
            models.UniqueConstraint(Lower("email"), name="user_email_case_insensitive_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        profile = getattr(self, "profile", None)
        return profile.full_name if profile and profile.full_name else self.email

    def get_short_name(self) -> str:
        return self.get_full_name()


class Degree(models.TextChoices):
    MD = "MD", "MD (Doctor of Medicine)"
    DO = "DO", "DO (Doctor of Osteopathic Medicine)"
    PA = "PA", "PA (Physician Assistant)"
    NP = "NP", "NP (Nurse Practitioner)"
    OTHER = "other", "Other clinician"

    @classmethod
    def physicians(cls) -> frozenset[str]:
        return frozenset({cls.MD, cls.DO})


class PaperSize(models.TextChoices):
    LETTER = "letter", "US Letter"
    A4 = "a4", "A4"


# What a physician keeps in their profile: the profile form and the data export both use it.
PROFILE_FIELDS = (
    "full_name",
    "degree",
    "npi",
    "birth_date",
    "specialty",
    "paper_size",
    "reminders_enabled",
)


class Profile(models.Model):
    """What a board or credentialing office knows the clinician by."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    # Facts about the person that boards' rules ask about, answered once and reused by every
    # license: {condition code: True/False}; a code not here is not answered yet.
    practice_facts = models.JSONField(default=dict, blank=True)
    full_name = models.CharField(max_length=200, blank=True)
    degree = models.CharField(max_length=8, choices=Degree, default=Degree.MD)
    npi = models.CharField(
        "NPI",
        max_length=10,
        blank=True,
        validators=[validate_npi],
        help_text="Your 10-digit National Provider Identifier.",
    )
    birth_date = models.DateField("date of birth", null=True, blank=True)
    specialty = models.CharField("primary specialty", max_length=120, blank=True)
    paper_size = models.CharField(
        "transcript paper size", max_length=8, choices=PaperSize, default=PaperSize.LETTER
    )
    reminders_enabled = models.BooleanField("e-mail me before a license deadline", default=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(birth_date__isnull=True)
                | models.Q(birth_date__gte=datetime.date(1900, 1, 1)),
                name="profile_birth_date_after_1900",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.user.email

    def clean(self) -> None:
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": "Your date of birth cannot be in the future."})
        if self.birth_date and self.birth_date < datetime.date(1900, 1, 1):
            raise ValidationError({"birth_date": "Please enter a date of birth after 1900."})

    @property
    def is_physician(self) -> bool:
        return self.degree in Degree.physicians()


class ApiToken(models.Model):
    """A personal access token for the JSON API; only its SHA-256 is stored."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read_write", "Read and write"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=12, editable=False)
    scope = models.CharField(max_length=12, choices=Scope.choices, default=Scope.READ_WRITE)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE


class RecordAccess(models.Model):
    """One look at a physician's record by someone else, shown to the physician.

    Written by every way in that is not the physician's own session: an organization's staff
    through a consent (on a page or through the API), the holder of a share link, site support
    through a support access the physician opened. The entry is in words (who, through what,
    which record) so it still reads true after the license or the organization is gone.
    """

    class Channel(models.TextChoices):
        ORGANIZATION = "organization", "Organization"
        SHARE_LINK = "share_link", "Share link"
        SUPPORT = "support", "Site support"

    physician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="record_accesses")
    # The person who looked, when they have an account (a share link's holder has none).
    viewer = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=16, choices=Channel)
    # "Memorial Hospital medical staff office (jane@memorial.org)", "Share link 'New employer'".
    by_label = models.CharField(max_length=300)
    # "Texas license 12345: compliance", "Texas license 12345: transcript PDF".
    what = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["physician", "-at"], name="record_access_by_physician")]

    def __str__(self) -> str:
        return f"{self.by_label}: {self.what}"


class SupportAccess(models.Model):
    """A physician lets site support read their record, for a reason and a few hours or days.

    Site staff read no one's record by their staff flag: only while a window the physician
    opened is live, only with two-factor authentication, read-only, and every look is written
    to the physician's access log. The physician may close the window at any moment.
    """

    physician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="support_accesses")
    # What support may refer to in a page address: random, so windows cannot be walked.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reason = models.CharField("what support should look at", max_length=300)
    opened_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The physician hears by e-mail the first time support opens the record in this window.
    first_viewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-pk"]

    def __str__(self) -> str:
        return f"Support access for {self.physician} until {self.ends_at:%Y-%m-%d %H:%M}"

    def is_live(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.opened_at <= now < self.ends_at
