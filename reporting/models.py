"""Boards, their versioned rule sets and requirements, and the licenses physicians hold.

The fields mirror the engine's dataclasses (`reporting/engine/types.py`); `selectors.py`
turns rows into those dataclasses. Rule sets are versioned by effective date so that editing a
rule never rewrites a past cycle.
"""

import datetime
import secrets
import uuid
from enum import Enum

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cmetrack.lib.bounds import validate_sane_date
from reporting.conditions import answerable, validate_expression
from reporting.conditions import conditions as condition_vocabulary
from reporting.engine import AttestationKind, Confidence, InitialTreatment, Kind, Rounding, Window


def _condition_codes() -> dict[str, str]:
    return {code: item.description for code, item in condition_vocabulary().items()}


def _choices(enum: type[Enum]) -> list[tuple[str, str]]:
    return [(member.value, member.value.replace("_", " ")) for member in enum]


class Board(models.Model):
    """A licensing board for one degree in one state (`TX-MD`), or the DEA (`US-DEA`).

    Combined boards license MDs and DOs under the same rules: `TX-DO` shares `TX-MD`'s.
    """

    code = models.CharField(max_length=16, unique=True)
    state = models.CharField(max_length=2)
    degree = models.CharField(max_length=8, blank=True, help_text="MD or DO; blank for the DEA.")
    name = models.CharField(max_length=200)
    shares_rules_with = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sharing_boards",
        help_text="For combined boards: the board whose rule sets apply to this one too.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["state", "degree"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def rules_board(self) -> "Board":
        return self.shares_rules_with or self


class RuleSet(models.Model):
    """A board's rules in force from `effective_from` through `effective_to` (open if blank)."""

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="rule_sets")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    cycle_years = models.PositiveSmallIntegerField(default=2)
    cycle_anchor = models.TextField("cycle anchor note", blank=True)
    fixed_period_starts = models.DateField(
        "fixed CME periods start",
        null=True,
        blank=True,
        help_text="Only for boards that count CME over the same fixed periods for everyone "
        "(Kentucky, Missouri): the first day of any one period.",
    )
    renewal_years = models.PositiveSmallIntegerField(
        "license renews every (years)",
        null=True,
        blank=True,
        help_text="With fixed CME periods: how often the license itself renews.",
    )
    calendar_years_before_renewal = models.BooleanField(
        "counts the calendar years before the renewal year",
        default=False,
        help_text="The cycle ends on 31 December before the year the license expires "
        "(New Hampshire).",
    )
    cme_required = models.BooleanField("CME required", default=True)
    carryover_cap = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, help_text="Blank = no carryover."
    )
    carryover_credit_types = models.JSONField(default=list, blank=True)
    initial_treatment = models.CharField(
        "initial licensees", max_length=12, choices=_choices(InitialTreatment), default="full"
    )
    initial_exempt_within_months = models.PositiveSmallIntegerField(
        "exempt only if licensed within (months) of the renewal",
        null=True,
        blank=True,
        help_text="With exempt initial licensees: only an initial cycle shorter than this many "
        "months is exempt; blank = every initial cycle.",
    )
    proration_rounding = models.CharField(
        max_length=8, choices=_choices(Rounding), default=Rounding.DOWN.value
    )
    proration_step = models.DecimalField(max_digits=6, decimal_places=2, default=1)
    moc_substitute = models.BooleanField(
        "MOC / board certification replaces hour totals", default=False
    )
    confidence = models.CharField(max_length=8, choices=_choices(Confidence), default="high")
    sources = models.JSONField(default=list, blank=True)
    cannot_judge = models.JSONField(
        "parts the engine cannot check",
        default=list,
        blank=True,
        help_text="The board's rules the engine cannot express, in words, one per line.",
    )
    verified_on = models.DateField("last verified", null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["board__code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "effective_from"], name="ruleset_one_per_start"
            ),
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="ruleset_range_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(cycle_years__gte=1, cycle_years__lte=10),
                name="ruleset_cycle_years_sane",
            ),
        ]

    def __str__(self) -> str:
        end = self.effective_to.isoformat() if self.effective_to else "open"
        # The first version has no start date in the rule book (date.min), not a year 1.
        start = "from the start" if self.effective_from == datetime.date.min else None
        return f"{self.board.code} {start or self.effective_from.isoformat()} to {end}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.effective_to and self.effective_to < self.effective_from:
            errors["effective_to"] = "The rule set cannot end before it starts."
        if self.carryover_cap is not None and self.carryover_cap < 0:
            errors["carryover_cap"] = "A carryover cap cannot be negative."
        if self.proration_step is not None and self.proration_step <= 0:
            errors["proration_step"] = "The proration step must be more than zero."
        if self.board_id and self.board.shares_rules_with_id:
            errors["board"] = (
                f"{self.board.code} uses {self.board.shares_rules_with.code}'s rules; "  # type: ignore[union-attr]
                "add the rule set there."
            )
        if self.board_id and not errors:
            overlapping = RuleSet.objects.filter(board_id=self.board_id).exclude(pk=self.pk)
            overlapping = overlapping.filter(
                models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=self.effective_from)
            )
            if self.effective_to:
                overlapping = overlapping.filter(effective_from__lte=self.effective_to)
            clash = overlapping.first()
            if clash:
                errors["effective_from"] = (
                    f"These dates overlap the rule set {clash}; end that one first "
                    "(or use “New version”)."
                )
        if errors:
            raise ValidationError(errors)

    def in_force_on(self, day: datetime.date) -> bool:
        return self.effective_from <= day and (
            self.effective_to is None or day <= self.effective_to
        )


class Requirement(models.Model):
    """One line of a rule set; its `kind` is engine code, everything else is data."""

    rule_set = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="requirements")
    code = models.CharField(
        "requirement id", max_length=100, help_text="Stable dotted id, e.g. tx-md.medical-ethics."
    )
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=_choices(Kind))
    label = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    credits = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Blank = a completed course, no hours set.",
    )
    cap = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    credit_types = models.JSONField(default=list, blank=True, help_text="Empty = any type.")
    topics = models.JSONField(default=list, blank=True)
    window = models.CharField(max_length=20, choices=_choices(Window), default="every_cycle")
    window_n = models.PositiveSmallIntegerField(null=True, blank=True)
    months_after_licensure = models.PositiveSmallIntegerField(null=True, blank=True)
    by_renewal = models.PositiveSmallIntegerField(null=True, blank=True)
    deadline_on = models.DateField(null=True, blank=True)
    licensed_before = models.DateField(null=True, blank=True)
    grandfathered_due = models.DateField(null=True, blank=True)
    effective_from = models.DateField("mandate in force from", null=True, blank=True)
    counts_from = models.DateField("credits count from", null=True, blank=True)
    condition = models.CharField(
        max_length=300,
        default="all",
        help_text="Who it applies to: a condition code, or codes joined by 'or' / 'and'.",
    )
    confidence = models.CharField(max_length=8, choices=_choices(Confidence), default="high")
    counts_toward_total = models.BooleanField(default=True)
    exclusive_group = models.CharField(max_length=60, blank=True)
    carries_over = models.BooleanField(default=False)
    parent = models.CharField("parent requirement id", max_length=100, blank=True)
    from_renewal = models.PositiveSmallIntegerField(default=1)
    until_renewal = models.PositiveSmallIntegerField(null=True, blank=True)
    follows_initial_rule = models.BooleanField(default=True)
    cannot_judge = models.TextField(
        "part the engine cannot check",
        blank=True,
        help_text="What of this rule the engine cannot express; the license then says so.",
    )
    # Where this line was read: [{title, url, citation, quote, read_on, kind}]. Provenance, not
    # a rule: a new reading of the same rule updates it without a new version.
    sources = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rule_set", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["rule_set", "code"], name="requirement_unique_code"),
            models.CheckConstraint(
                condition=models.Q(credits__isnull=True) | models.Q(credits__gte=0),
                name="requirement_credits_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        errors: dict[str, str] = {}
        try:
            unknown = validate_expression(self.condition or "")
        except ValueError as exc:
            errors["condition"] = str(exc)
        else:
            if unknown:
                valid = ", ".join(_condition_codes())
                errors["condition"] = (
                    f"Unknown condition code {', '.join(unknown)}. Valid: {valid}."
                )
        if self.credits is not None and self.credits > 1000:
            errors["credits"] = "No board asks for more than 1,000 credits; check the number."
        if self.kind == Kind.CATEGORY_CAP and self.cap is None:
            errors["cap"] = "A category cap needs the most credits that count."
        if self.window in {Window.EVERY_N_YEARS, Window.EVERY_NTH_RENEWAL} and not self.window_n:
            errors["window_n"] = "Say how many years or renewals this window spans."
        if self.until_renewal is not None and self.until_renewal < self.from_renewal:
            errors["until_renewal"] = "The last renewal cannot come before the first."
        if errors:
            raise ValidationError(errors)


class RulesRevision(models.Model):
    """One row counting the changes to the rules (boards, rule sets, requirements).

    Every change adds one inside its own transaction (`reporting.rules.revision`). Adding one
    locks the row until that transaction ends, so the counter goes up in the order changes
    commit: a reader who sees a value has every change numbered up to it. The verdicts cached
    under a record version name the rules by this value; the history tables' largest ids could
    not do that (ids are handed out before commit, so a later change could commit first).
    """

    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"rules revision {self.value}"


class License(models.Model):
    """A state license (or the DEA registration) held by one physician."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="licenses"
    )
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="licenses")
    number = models.CharField("license number", max_length=40)
    issued_on = models.DateField("first licensed in this state", validators=[validate_sane_date])
    expires_on = models.DateField("expires on", validators=[validate_sane_date])
    cycle_start = models.DateField(
        "CME cycle starts", null=True, blank=True, validators=[validate_sane_date]
    )
    cycle_end = models.DateField(
        "CME cycle ends", null=True, blank=True, validators=[validate_sane_date]
    )
    # This license's own Yes/No answers to the questions its board's rules ask ({code: bool});
    # facts about the person come from the profile (see `conditions.effective_answers`).
    condition_answers = models.JSONField(default=dict, blank=True)
    # The verdict of the last bulk evaluation (after a rule change or nightly); pages and the
    # API always evaluate live, these let reminders and staff reports work set-based.
    is_compliant = models.BooleanField(null=True, blank=True, editable=False)
    compliance_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["expires_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")),
                name="license_expires_after_issue",
            ),
        ]
        indexes = [models.Index(fields=["owner", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.board.code} {self.number}"

    @property
    def conditions(self) -> list[str]:
        """The codes this license itself answered Yes."""
        return sorted(code for code, yes in (self.condition_answers or {}).items() if yes)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            errors["expires_on"] = "The expiry date must come after the date first licensed."
        if bool(self.cycle_start) != bool(self.cycle_end):
            errors["cycle_end"] = "Give both the start and the end of the CME cycle, or neither."
        elif self.cycle_start and self.cycle_end and self.cycle_end <= self.cycle_start:
            errors["cycle_end"] = "The CME cycle must end after it starts."
        answers = self.condition_answers
        if not isinstance(answers, dict) or not all(
            isinstance(value, bool) for value in answers.values()
        ):
            errors["conditions"] = "Answers must be Yes or No for each condition."
        else:
            unknown = sorted(set(answers) - set(answerable()))
            if unknown:
                errors["conditions"] = (
                    f"Unknown condition code(s): {', '.join(unknown)}. "
                    f"Valid: {', '.join(answerable())}."
                )
        if errors:
            raise ValidationError(errors)


class Attestation(models.Model):
    """A physician's word for one requirement of a license instead of a logged activity.

    Boards allow it: training done before the physician used CME Track (the DEA MATE Act counts
    past training), a one-time course done years ago, or an exemption the rule itself offers.
    Kept apart from logged credits, with who and when, in the history and the export.
    """

    license = models.ForeignKey(License, on_delete=models.CASCADE, related_name="attestations")
    requirement_code = models.CharField("requirement id", max_length=100)
    kind = models.CharField(
        max_length=12,
        choices=[
            (AttestationKind.COMPLETED.value, "I completed it"),
            (AttestationKind.EXEMPT.value, "I am exempt"),
        ],
    )
    completed_on = models.DateField("completed on", null=True, blank=True)
    reason = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["license", "requirement_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["license", "requirement_code"], name="attestation_one_per_requirement"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_code} ({self.get_kind_display()})"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == AttestationKind.COMPLETED and self.completed_on is None:
            errors["completed_on"] = "Give the date you completed it."
        if self.kind == AttestationKind.EXEMPT and not (self.reason or "").strip():
            errors["reason"] = "Say why you are exempt, in the rule's words."
        if self.completed_on and self.completed_on > timezone.localdate():
            errors["completed_on"] = "The completion date cannot be in the future."
        if self.completed_on and self.completed_on.year < 1950:
            errors["completed_on"] = "Give a completion date after 1950."
        if errors:
            raise ValidationError(errors)


# --- Transcripts, reminders and the calendar feed -------------------------------------------
def verification_code() -> str:
    """128 random bits: the public /verify/<code> link cannot be guessed or enumerated."""
    return secrets.token_urlsafe(16)


def transcript_key(instance: "Transcript", filename: str) -> str:
    # A fresh key per render: a crashed attempt never collides with the one that finishes.
    return f"transcripts/{instance.pk}/{uuid.uuid4().hex}.pdf"


class Transcript(models.Model):
    """A board-ready PDF of one license's cycle (or an audit packet with the certificates)."""

    class Kind(models.TextChoices):
        TRANSCRIPT = "transcript", "Transcript"
        AUDIT_PACKET = "audit_packet", "Audit packet (transcript + certificates)"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RENDERING = "rendering", "Rendering"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="transcripts"
    )
    # A deleted license keeps its issued transcripts verifiable (the snapshot holds the facts).
    license = models.ForeignKey(
        License, null=True, blank=True, on_delete=models.SET_NULL, related_name="transcripts"
    )
    cycle_start = models.DateField()
    cycle_end = models.DateField()
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.TRANSCRIPT)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to=transcript_key, max_length=255, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    verification_code = models.CharField(
        max_length=32, unique=True, default=verification_code, editable=False
    )
    # What the document says, frozen at render time: the verify page shows these even after
    # the profile or the license changes.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    # The record's version when the document was made: another one now means it is out of date.
    record_version = models.CharField(max_length=64, blank=True, editable=False)
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["owner", "-requested_at"], name="transcript_owner_requested"),
            models.Index(fields=["status", "requested_at"], name="transcript_status_requested"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cycle_end__gt=models.F("cycle_start")),
                name="transcript_cycle_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.cycle_start} to {self.cycle_end} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RENDERING}


class ReminderLog(models.Model):
    """One deadline reminder sent: at most one per license, cycle and threshold."""

    license = models.ForeignKey(License, on_delete=models.CASCADE, related_name="reminders")
    expires_on = models.DateField()
    threshold_days = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["license", "expires_on", "threshold_days"],
                name="reminder_once_per_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.license} {self.threshold_days} days before {self.expires_on}"


def calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret that makes a user's iCalendar URL private; regenerating it revokes the old."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=calendar_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"calendar feed of {self.owner}"


class ShareLink(models.Model):
    """A read-only link to one license's compliance (and transcript) for someone without an
    account: a new employer, a board's auditor.

    Only the SHA-256 of the link's secret is stored: the physician sees the address once, as
    with API tokens. An optional access code (hashed like a password) guards a link that may
    be forwarded; wrong codes are rate-limited per link and per address.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="share_links"
    )
    license = models.ForeignKey(License, on_delete=models.CASCADE, related_name="share_links")
    # Who the link is for, in the physician's words; the access log names the link by it.
    label = models.CharField("who it is for", max_length=100)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    access_code_hash = models.CharField(max_length=128, blank=True, editable=False)
    include_certificates = models.BooleanField("include the certificates", default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    views = models.PositiveIntegerField(default=0, editable=False)
    last_viewed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Share link '{self.label}'"

    def is_live(self, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    @property
    def has_access_code(self) -> bool:
        return bool(self.access_code_hash)
