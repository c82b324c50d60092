"""CME providers, the activities they offer, and the credit learners claim from them.

A provider (a hospital's CME office, a specialty society, a conference) is an organization of
kind "provider"; its staff are that organization's members. The activity a provider offers is
an `Offering`: the physician's own logged credit is `activities.Activity`, and a claim by a
signed-in physician creates one of those, provider-verified, with the certificate attached.
"""

import datetime
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from activities.models import Activity, CreditType, Topic
from organizations.models import Organization

# AMA PRA Category 1 credit is designated and claimed in quarter hours.
CREDIT_STEP = Decimal("0.25")
accme_provider_id = RegexValidator(r"^\d{7}\Z", "An ACCME provider id is exactly 7 digits.")
pars_activity_id = RegexValidator(r"^\d{9}\Z", "A PARS activity id is exactly 9 digits.")
us_state = RegexValidator(r"^[A-Z]{2}\Z", "Use the state's two-letter code, for example TX.")


class Accreditation(models.TextChoices):
    ACCME = "accme", "Accredited by the ACCME"
    STATE = "state", "Accredited by a state medical society"
    NONE = "none", "Not accredited (jointly providing with an accredited provider)"


class Provider(models.Model):
    """What an organization needs to designate credit: who accredits it, under which id."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="provider"
    )
    accreditation = models.CharField(
        max_length=8, choices=Accreditation, default=Accreditation.ACCME
    )
    accme_id = models.CharField(
        "ACCME provider id",
        max_length=7,
        blank=True,
        validators=[accme_provider_id],
        help_text="Seven digits, as in PARS. Leave empty if you are not accredited.",
    )
    # For a state-accredited provider: the society that accredits it (Texas Medical Association).
    accreditor = models.CharField("accredited by", max_length=200, blank=True)
    # Where the provider posts completions to CE Broker (Florida and other states' tracker):
    # its provider tracking number, without CE Broker's "50-".
    cebroker_provider_number = models.CharField(
        "CE Broker provider tracking number",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{1,12}\Z", "Enter the digits after 50-.")],
        help_text="The digits after “50-”, if you report to CE Broker.",
    )
    # Accredited providers this organization jointly provides with, one per line.
    joint_providers = models.TextField(
        "joint providers", blank=True, help_text="One organization per line."
    )

    class Meta:
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return self.organization.name

    def clean(self) -> None:
        if self.accreditation == Accreditation.ACCME and not self.accme_id:
            raise ValidationError(
                {"accme_id": "An ACCME-accredited provider needs its 7-digit ACCME provider id."}
            )
        if self.accreditation == Accreditation.STATE and not self.accreditor.strip():
            raise ValidationError(
                {"accreditor": "Name the state medical society that accredits you."}
            )

    @property
    def joint_provider_names(self) -> list[str]:
        return [line.strip() for line in self.joint_providers.splitlines() if line.strip()]


class LearningFormat(models.TextChoices):
    """The AMA PRA credit system's learning formats (the AMA PRA booklet's list)."""

    LIVE = "live", "Live activity"
    ENDURING = "enduring", "Enduring material"
    JOURNAL = "journal", "Journal-based CME"
    TEST_ITEM_WRITING = "test-item-writing", "Test-item writing"
    MANUSCRIPT_REVIEW = "manuscript-review", "Manuscript review"
    PERFORMANCE_IMPROVEMENT = "pi-cme", "Performance improvement CME"
    POINT_OF_CARE = "internet-poc", "Internet point-of-care learning"
    OTHER = "other", "Other"


class Offering(models.Model):
    """An activity a provider offers for credit (a course, a conference, an enduring module)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="offerings")
    title = models.CharField(max_length=300)
    learning_format = models.CharField(
        "learning format", max_length=24, choices=LearningFormat, default=LearningFormat.LIVE
    )
    starts_on = models.DateField("first day")
    ends_on = models.DateField("last day")
    city = models.CharField(max_length=100, blank=True)
    state = models.CharField(max_length=2, blank=True, validators=[us_state])
    online = models.BooleanField("online", default=False)
    pars_id = models.CharField(
        "PARS activity id",
        max_length=9,
        blank=True,
        validators=[pars_activity_id],
        help_text="Nine digits, once ACCME's PARS has given the activity one.",
    )
    cebroker_course_number = models.CharField(
        "CE Broker course tracking number",
        max_length=12,
        blank=True,
        validators=[RegexValidator(r"^\d{1,12}\Z", "Enter the digits after 20-.")],
        help_text="The digits after “20-”, once CE Broker has approved the course.",
    )
    # CE Broker asks for the course's subject area with every partial-credit row.
    cebroker_subject_area = models.CharField(
        "CE Broker subject area code",
        max_length=20,
        blank=True,
        help_text="Needed when learners claim less than the full course.",
    )
    # Jointly provided activities name the non-accredited partner on the certificate.
    jointly_provided_with = models.CharField("jointly provided with", max_length=200, blank=True)
    # The mandate vocabulary, so a claimed credit counts toward a state's topic hours by itself.
    topics = models.ManyToManyField(Topic, blank=True, related_name="offerings")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="offering_starts_before_it_ends",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The last day cannot be before the first day."
        if not self.online and not (self.city.strip() and self.state):
            errors["city"] = "Give the city and state where it takes place, or tick Online."
        if errors:
            raise ValidationError(errors)

    @property
    def location(self) -> str:
        place = ", ".join(part for part in (self.city.strip(), self.state) if part)
        if self.online:
            return f"{place} and online" if place else "Online"
        return place


def _quarter_hours(value: Decimal | None, field: str) -> dict[str, str]:
    if value is None:
        return {}
    if value <= 0:
        return {field: "Enter more than 0 credits."}
    if value % CREDIT_STEP:
        return {field: "Credits come in steps of 0.25 (for example 1.25 or 3.5)."}
    return {}


class Designation(models.Model):
    """The most credit of one type a learner may claim for the whole activity."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="designations")
    credit_type = models.ForeignKey(CreditType, on_delete=models.PROTECT, related_name="+")
    max_credits = models.DecimalField("maximum credits", max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["credit_type__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["offering", "credit_type"], name="designation_once_per_credit_type"
            ),
            models.CheckConstraint(
                condition=models.Q(max_credits__gt=0), name="designation_credits_gt_0"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.max_credits} {self.credit_type}"

    def clean(self) -> None:
        errors = _quarter_hours(self.max_credits, "max_credits")
        if errors:
            raise ValidationError(errors)


class Session(models.Model):
    """A part of a live activity a learner attends and claims on its own (a day, a workshop)."""

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    held_on = models.DateField("date")
    # Empty: the activity's designated maximum is the session's too.
    max_credits = models.DecimalField(
        "maximum credits", max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = _quarter_hours(self.max_credits, "max_credits")
        if errors:
            raise ValidationError(errors)


class ClaimCode(models.Model):
    """What a learner types (or scans) to claim: shared by a room, or one per attendee."""

    class Kind(models.TextChoices):
        SHARED = "shared", "Shared by everyone who attended"
        ATTENDEE = "attendee", "For one attendee"

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="codes")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="codes"
    )
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.SHARED)
    code = models.CharField(max_length=16, unique=True, editable=False)
    # For a per-attendee code: the person it was issued to (from the roster).
    attendee_name = models.CharField(max_length=200, blank=True)
    attendee_email = models.EmailField(blank=True)
    opens_at = models.DateTimeField("claims open")
    closes_at = models.DateTimeField("claims close")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session__held_on", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(opens_at__lt=models.F("closes_at")),
                name="claim_code_opens_before_it_closes",
            )
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "Claims must close after they open."})

    def is_open(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now < self.closes_at


def claim_certificate_key(instance: "Claim", filename: str) -> str:
    """A random storage key: a learner's name never reaches the storage path."""
    return f"claim-certificates/{uuid.uuid4().hex}.pdf"


class Claim(models.Model):
    """One learner's claim of credit for an activity (or one of its sessions).

    A signed-in learner's claim names the user; someone without an account claims with an
    e-mail address, and the claim joins their record when they sign up with it. The learner's
    details for the provider's reports (PARS, CE Broker) are copied in at claim time, so a
    later profile change does not rewrite what was reported.
    """

    offering = models.ForeignKey(Offering, on_delete=models.CASCADE, related_name="claims")
    session = models.ForeignKey(
        Session, on_delete=models.PROTECT, null=True, blank=True, related_name="claims"
    )
    code = models.ForeignKey(
        ClaimCode, on_delete=models.SET_NULL, null=True, blank=True, related_name="claims"
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cme_claims",
    )
    email = models.EmailField(blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    degree = models.CharField(max_length=8, blank=True)
    npi = models.CharField("NPI", max_length=10, blank=True)
    license_state = models.CharField(max_length=2, blank=True)
    license_number = models.CharField(max_length=40, blank=True)
    birth_month = models.PositiveSmallIntegerField(null=True, blank=True)
    birth_day = models.PositiveSmallIntegerField(null=True, blank=True)
    # The learner's consent to be reported to ACCME's PARS (and the state boards it feeds).
    report_consent = models.BooleanField("may be reported to ACCME (PARS)", default=False)
    credit_type = models.ForeignKey(CreditType, on_delete=models.PROTECT, related_name="+")
    # A clinician who is not an MD or DO receives a certificate of participation: hours of an
    # activity designated for AMA PRA Category 1 credit, never the credit itself.
    participation = models.BooleanField("certificate of participation", default=False)
    credits = models.DecimalField(max_digits=5, decimal_places=2)
    attested = models.BooleanField(default=False)
    completed_on = models.DateField("completion date")
    evaluated_at = models.DateTimeField(null=True, blank=True)
    verification_code = models.CharField(max_length=16, unique=True, editable=False)
    # The credit in the learner's own record, once the claim has a learner.
    activity = models.OneToOneField(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="provider_claim",
    )
    # The certificate as issued (rendered once, in a worker): every download serves this file.
    certificate_file = models.FileField(upload_to=claim_certificate_key, max_length=255, blank=True)
    # When the certificate went by e-mail to a learner without an account (sent once).
    emailed_at = models.DateTimeField(null=True, blank=True)
    # Removed from the provider's reports (a PARS "delete" row) without losing the record.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Staff may correct a claim; every change is kept, with who made it.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(credits__gt=0), name="claim_credits_gt_0"),
            models.CheckConstraint(
                condition=~models.Q(learner__isnull=True, email=""),
                name="claim_names_a_learner_or_an_email",
            ),
            # One claim per learner and session (or whole activity where there are none).
            models.UniqueConstraint(
                fields=["offering", "learner"],
                condition=models.Q(session__isnull=True, learner__isnull=False),
                name="claim_once_per_activity_and_learner",
            ),
            models.UniqueConstraint(
                fields=["session", "learner"],
                condition=models.Q(session__isnull=False, learner__isnull=False),
                name="claim_once_per_session_and_learner",
            ),
            models.UniqueConstraint(
                fields=["offering", "email"],
                condition=models.Q(session__isnull=True, learner__isnull=True),
                name="claim_once_per_activity_and_email",
            ),
            models.UniqueConstraint(
                fields=["session", "email"],
                condition=models.Q(session__isnull=False, learner__isnull=True),
                name="claim_once_per_session_and_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name}: {self.credits} for {self.offering}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def evaluated(self) -> bool:
        return self.evaluated_at is not None


class EvaluationQuestion(models.Model):
    """One question of an activity's evaluation; answered before the certificate."""

    class Kind(models.TextChoices):
        RATING = "rating", "A rating from 1 (poor) to 5 (excellent)"
        YES_NO = "yes-no", "Yes or no"
        TEXT = "text", "A written answer"

    offering = models.ForeignKey(
        Offering, on_delete=models.CASCADE, related_name="evaluation_questions"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField("question", max_length=300)
    kind = models.CharField(max_length=8, choices=Kind, default=Kind.RATING)
    required = models.BooleanField(default=True)

    # The answers a rating or a yes/no question accepts, each with the words the learner reads
    # (the page's radio buttons and the API's `choices` say the same).
    RATING_CHOICES = (
        ("5", "5 - excellent"),
        ("4", "4 - good"),
        ("3", "3 - fair"),
        ("2", "2 - poor"),
        ("1", "1 - very poor"),
    )
    YES_NO_CHOICES = (("yes", "Yes"), ("no", "No"))

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        """The answers this question accepts, in words; none for a written answer."""
        if self.kind == self.Kind.RATING:
            return self.RATING_CHOICES
        if self.kind == self.Kind.YES_NO:
            return self.YES_NO_CHOICES
        return ()


class EvaluationAnswer(models.Model):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        EvaluationQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    answer = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["question__position", "question__pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["claim", "question"], name="evaluation_answer_once_per_question"
            )
        ]

    def __str__(self) -> str:
        return self.answer[:60]
