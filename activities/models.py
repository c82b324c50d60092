import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from certificates.models import Certificate
from cmetrack.lib.bounds import validate_sane_date

MAX_CREDITS = Decimal("100")


class CreditType(models.Model):
    """A kind of credit (AMA PRA Category 1, AOA 1-A, ...); the slug is what rules refer to."""

    slug = models.SlugField(unique=True, help_text="Stable code used by board rules and the API.")
    name = models.CharField(max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    requires_provider = models.BooleanField(
        default=False, help_text="Claims must name the accredited provider."
    )
    physicians_only = models.BooleanField(
        default=False, help_text="Only MDs and DOs may claim it (others log attendance as Other)."
    )
    increment = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Credits must be a multiple of this step (AMA PRA Category 1: 0.25).",
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A subject that state boards mandate (opioid prescribing, implicit bias, ...)."""

    slug = models.SlugField(unique=True, help_text="Stable code used by board rules and the API.")
    name = models.CharField(max_length=100, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Format(models.TextChoices):
    LIVE = "live", "Live (course, conference, grand rounds)"
    ENDURING = "enduring", "Enduring material / online"
    JOURNAL = "journal", "Journal-based CME"
    TEACHING = "teaching", "Teaching"
    TEST_ITEM_WRITING = "test-item-writing", "Test-item writing"
    OTHER = "other", "Other"


class Source(models.TextChoices):
    SELF_REPORTED = "self", "Self-reported"
    # Issued by the CME provider from the physician's own claim: the provider's facts stand,
    # so the physician may annotate it but not edit it.
    PROVIDER = "provider", "Provider-verified"


EARLIEST_ACTIVITY = datetime.date(1970, 1, 1)
# What a clinician records about an activity, in the order the add form and the CSV show it.
ACTIVITY_FIELDS = (
    "title",
    "provider",
    "started_on",
    "completed_on",
    "credit_type",
    "credits",
    "format",
    "topics",
    "certificate",
    "notes",
)


class Activity(models.Model):
    """One CME activity a clinician completed, optionally proven by a certificate."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(max_length=300)
    provider = models.CharField(
        "accredited provider",
        max_length=200,
        blank=True,
        help_text="The organisation that certified the credit, as on the certificate.",
    )
    started_on = models.DateField(
        "start date",
        null=True,
        blank=True,
        help_text="Leave empty for a one-day activity.",
        validators=[validate_sane_date],
    )
    completed_on = models.DateField("completion date", validators=[validate_sane_date])
    credit_type = models.ForeignKey(CreditType, on_delete=models.PROTECT, related_name="activities")
    credits = models.DecimalField(max_digits=6, decimal_places=2)
    format = models.CharField(max_length=20, choices=Format, default=Format.LIVE)
    topics = models.ManyToManyField(Topic, blank=True, related_name="activities")
    certificate = models.ForeignKey(
        Certificate,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    notes = models.TextField(blank=True)
    source = models.CharField(max_length=8, choices=Source, default=Source.SELF_REPORTED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Who changed what and when; the owner sees it on their History page.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["owner", "completed_on"], name="activity_owner_completed")]
        constraints = [
            models.CheckConstraint(condition=models.Q(credits__gt=0), name="activity_credits_gt_0"),
            models.CheckConstraint(
                condition=models.Q(credits__lte=MAX_CREDITS), name="activity_credits_lte_100"
            ),
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True)
                | models.Q(started_on__lte=models.F("completed_on")),
                name="activity_started_before_completed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def provider_verified(self) -> bool:
        return self.source == Source.PROVIDER

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.started_on is None and self.completed_on is not None:
            self.started_on = self.completed_on  # a one-day activity
        if self.completed_on and self.completed_on > timezone.localdate():
            errors["completed_on"] = "The completion date cannot be in the future."
        elif self.completed_on and self.completed_on < EARLIEST_ACTIVITY:
            # Accredited CME as boards count it post-dates 1970; an older date is a typo.
            errors["completed_on"] = "Please check the completion date: it is before 1970."
        elif self.started_on and self.completed_on and self.completed_on < self.started_on:
            errors["completed_on"] = "The completion date cannot be before the start date."
        credit_type = self.credit_type if self.credit_type_id else None
        if self.credits is not None:
            if self.credits <= 0:
                errors["credits"] = "Enter more than 0 credits."
            elif self.credits > MAX_CREDITS:
                errors["credits"] = "One activity can carry at most 100 credits."
            elif credit_type and credit_type.increment and self.credits % credit_type.increment:
                errors["credits"] = (
                    f"{credit_type.name} credits are claimed in steps of "
                    f"{credit_type.increment.normalize()} (for example 1.25 or 1.5)."
                )
        if self.certificate_id and self.owner_id and self.certificate.owner_id != self.owner_id:  # type: ignore[union-attr]
            # Whoever edits (the owner, an import, staff in the admin), an activity cites only
            # its owner's certificates: another's would ship in the wrong audit packet.
            errors["certificate"] = "Choose one of your own certificates."
        if credit_type and credit_type.requires_provider and not self.provider.strip():
            errors["provider"] = (
                f"{credit_type.name} credit needs the accredited provider's name "
                "(it is printed on the certificate)."
            )
        if errors:
            raise ValidationError(errors)
