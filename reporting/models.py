"""Boards, their versioned rule sets and requirements, and the licenses physicians hold.

The fields mirror the engine's dataclasses (`reporting/engine/types.py`); `selectors.py`
turns rows into those dataclasses. Rule sets are versioned by effective date so that editing a
rule never rewrites a past cycle.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from .engine import Confidence, InitialTreatment, Kind, Rounding, Window

CONDITION_CODES = {
    "all": "Every licensee",
    "dea_registrant": "Holds a federal DEA registration",
    "state_cs_registrant": "Holds a state controlled-substance registration",
    "prescribes_controlled_substances": "Prescribes or dispenses controlled substances",
    "prescribes_opioids": "Prescribes opioids",
    "direct_patient_care": "Provides direct patient care",
    "new_licensee": "Newly licensed (initial licensure or first renewal)",
    "primary_care": "Provides primary care",
    "treats_children": "Regularly treats children",
    "treats_adults": "Regularly treats adults",
    "pain_clinic": "Practises in a certified pain-management clinic",
    "patient_population_geriatric_25pct": "Over 25% of patients are 65 or older",
    "specialty_or_practice_specific": "Has the specialty or practice the rule names",
    "moc_current": "Board certification / MOC is current",
}
# Conditions a physician answers about a license; `all` and `new_licensee` are derived.
ANSWERABLE_CONDITIONS = tuple(c for c in CONDITION_CODES if c not in {"all", "new_licensee"})


def _choices(enum: type) -> list[tuple[str, str]]:
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
    cme_required = models.BooleanField("CME required", default=True)
    carryover_cap = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, help_text="Blank = no carryover."
    )
    carryover_credit_types = models.JSONField(default=list, blank=True)
    initial_treatment = models.CharField(
        "initial licensees", max_length=12, choices=_choices(InitialTreatment), default="full"
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
        return f"{self.board.code} {self.effective_from.isoformat()} to {end}"

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
                f"{self.board.code} uses {self.board.shares_rules_with.code}'s rules; "
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
    condition = models.CharField(max_length=40, default="all")
    confidence = models.CharField(max_length=8, choices=_choices(Confidence), default="high")
    counts_toward_total = models.BooleanField(default=True)
    exclusive_group = models.CharField(max_length=60, blank=True)
    carries_over = models.BooleanField(default=False)
    parent = models.CharField("parent requirement id", max_length=100, blank=True)
    from_renewal = models.PositiveSmallIntegerField(default=1)
    until_renewal = models.PositiveSmallIntegerField(null=True, blank=True)
    follows_initial_rule = models.BooleanField(default=True)
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
        if self.condition not in CONDITION_CODES:
            errors["condition"] = f"Unknown condition code. Valid: {', '.join(CONDITION_CODES)}."
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


class License(models.Model):
    """A state license (or the DEA registration) held by one physician."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="licenses"
    )
    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="licenses")
    number = models.CharField("license number", max_length=40)
    issued_on = models.DateField("first licensed in this state")
    expires_on = models.DateField("expires on")
    cycle_start = models.DateField("CME cycle starts", null=True, blank=True)
    cycle_end = models.DateField("CME cycle ends", null=True, blank=True)
    conditions = models.JSONField(default=list, blank=True)
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

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            errors["expires_on"] = "The expiry date must come after the date first licensed."
        if bool(self.cycle_start) != bool(self.cycle_end):
            errors["cycle_end"] = "Give both the start and the end of the CME cycle, or neither."
        elif self.cycle_start and self.cycle_end and self.cycle_end <= self.cycle_start:
            errors["cycle_end"] = "The CME cycle must end after it starts."
        unknown = sorted(set(self.conditions or []) - set(ANSWERABLE_CONDITIONS))
        if unknown:
            errors["conditions"] = (
                f"Unknown condition code(s): {', '.join(unknown)}. "
                f"Valid: {', '.join(ANSWERABLE_CONDITIONS)}."
            )
        if errors:
            raise ValidationError(errors)
