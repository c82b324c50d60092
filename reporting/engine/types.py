"""The engine's inputs and outputs: frozen, slotted dataclasses with no behaviour of their own.

Credits are `Decimal` with two places, dates are `datetime.date`, and every collection is a
tuple or frozenset so that a value can be hashed, compared and shared between threads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

ActivityId = int | str

CREDIT_TYPES = frozenset(
    {"ama-pra-1", "ama-pra-2", "aoa-1a", "aoa-1b", "aoa-2a", "aoa-2b", "aafp-prescribed", "other"}
)


class Kind(StrEnum):
    """The kinds of requirement the engine knows; each has a class in `requirements.py`."""

    TOTAL = "total"
    CATEGORY_MIN = "category_min"
    CATEGORY_CAP = "category_cap"
    TOPIC = "topic"


class Window(StrEnum):
    """When a requirement is due: the reference data's frequency codes."""

    EVERY_CYCLE = "every_cycle"
    ANNUAL = "annual"
    ONE_TIME = "one_time"
    FIRST_RENEWAL = "first_renewal"
    EVERY_N_YEARS = "every_n_years"
    EVERY_NTH_RENEWAL = "every_nth_renewal"


class Status(StrEnum):
    MET = "met"
    SHORT = "short"
    NOT_APPLICABLE = "not_applicable"
    NOT_YET_DUE = "not_yet_due"


class LicenseStatus(StrEnum):
    """The whole license at a glance (docs/api.md): worst first when several could apply."""

    OVERDUE = "overdue"
    NEEDS_ANSWERS = "needs_answers"
    CANNOT_JUDGE = "cannot_judge"
    BEHIND = "behind"
    ON_TRACK = "on_track"
    COMPLETE = "complete"


class AttestationKind(StrEnum):
    COMPLETED = "completed"
    EXEMPT = "exempt"


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class InitialTreatment(StrEnum):
    """How a board treats a license on its initial (first, usually partial) cycle."""

    FULL = "full"
    EXEMPT = "exempt"
    PRORATED = "prorated"


class Rounding(StrEnum):
    """How a prorated requirement is rounded to a multiple of `Proration.step`."""

    DOWN = "down"
    NEAREST = "nearest"
    UP = "up"


@dataclass(frozen=True, slots=True)
class Proration:
    """required x (whole months of the initial cycle / months of a full cycle), then rounded.

    `step` is the multiple to round to: 1 = whole credits; 20 reproduces North Dakota's
    0/20/40-hour tiers with DOWN; 25 reproduces California's "25 hours if licensed under
    13 months" with UP.
    """

    rounding: Rounding = Rounding.DOWN
    step: Decimal = Decimal(1)


@dataclass(frozen=True, slots=True)
class DeadlineRule:
    """When a requirement is due, if not at the end of the cycle.

    Each set field gives a candidate date and the earliest one wins ("whichever comes first").
    `licensed_before`/`grandfathered_due` is the usual transition clause: a license issued
    before `licensed_before` is due on `grandfathered_due` instead (or, if that is None, on the
    default date). No field set = cycle end (for one-time requirements: the first renewal on or
    after both the mandate's effective date and licensure).
    """

    months_after_licensure: int | None = None
    by_renewal: int | None = None
    on: date | None = None
    licensed_before: date | None = None
    grandfathered_due: date | None = None

    @property
    def is_default(self) -> bool:
        return (
            self.months_after_licensure is None
            and self.by_renewal is None
            and self.on is None
            and self.licensed_before is None
        )


@dataclass(frozen=True, slots=True)
class Credit:
    """One logged activity's credit claim."""

    activity_id: ActivityId
    completed_on: date
    credit_type: str
    credits: Decimal
    topics: frozenset[str] = frozenset()
    title: str = ""


@dataclass(frozen=True, slots=True)
class Attestation:
    """The physician's word for a requirement instead of a logged activity.

    COMPLETED: "I completed this on `on`, before I used CME Track" (counts where `on` falls in
    the requirement's window). EXEMPT: "I am exempt because `reason`" (a reason the rule offers).
    """

    requirement_id: str
    kind: AttestationKind
    on: date | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class LicenseFacts:
    """What the engine needs to know about one license (or the DEA registration, `US-DEA`).

    `issued_on` is the first licensure in this state. `cycle_start`/`cycle_end` override the
    default cycle (`expires_on` - `cycle_years`, `expires_on`]: the first and the last day that
    count, both included. `conditions` are condition codes
    from the reference data that hold for this physician; `all` is always true and
    `new_licensee` is derived (see `evaluate`). `unanswered` are the codes the physician has
    not answered yet; every code in neither set was answered No.
    """

    board: str
    issued_on: date
    expires_on: date
    cycle_start: date | None = None
    cycle_end: date | None = None
    conditions: frozenset[str] = frozenset()
    unanswered: frozenset[str] = frozenset()
    attestations: tuple[Attestation, ...] = ()


@dataclass(frozen=True, slots=True)
class RequirementSpec:
    """One line of a board's rule set. The kind is code; everything else is data."""

    id: str
    kind: Kind
    credits: Decimal | None = None
    credit_types: frozenset[str] = frozenset()
    topics: frozenset[str] = frozenset()
    cap: Decimal | None = None
    window: Window = Window.EVERY_CYCLE
    window_n: int | None = None
    deadline: DeadlineRule = field(default_factory=DeadlineRule)
    effective_from: date | None = None
    counts_from: date | None = None
    condition: str = "all"
    confidence: Confidence = Confidence.HIGH
    counts_toward_total: bool = True
    exclusive_group: str | None = None
    carries_over: bool = False
    parent: str | None = None
    from_renewal: int = 1
    until_renewal: int | None = None
    follows_initial_rule: bool = True
    label: str = ""
    description: str = ""
    # The topic the board names first (`topics` also holds the others it accepts).
    topic: str = ""
    # A part of the board's rule the engine cannot express, in words; non-empty makes the
    # license `cannot_judge` instead of a confident verdict.
    cannot_judge: str = ""


@dataclass(frozen=True, slots=True)
class FixedPeriods:
    """CME counted over the same fixed periods for every licensee, whatever the renewal date.

    Kentucky counts three-year periods from 1 January 2024, Missouri two-year periods from
    1 January of even years, while both renew the license every year. `starts` is the first
    day of any one period; periods last the rule set's `cycle_years`. `renewal_years` is how
    often the license itself renews.
    """

    starts: date
    renewal_years: int = 1


@dataclass(frozen=True, slots=True)
class RuleSetSpec:
    """A board's rules in force from `effective_from` to `effective_to` (inclusive, open if None).

    `carryover_cap` None = no carryover. `carryover_types` limits which credit types may carry
    (empty = any). `moc_substitute` = current MOC/board certification (license condition
    `moc_current`) replaces the hour totals, never the topic mandates.
    """

    boards: tuple[str, ...]
    effective_from: date
    cycle_years: int
    requirements: tuple[RequirementSpec, ...] = ()
    cme_required: bool = True
    effective_to: date | None = None
    carryover_cap: Decimal | None = None
    carryover_types: frozenset[str] = frozenset()
    initial: InitialTreatment = InitialTreatment.FULL
    # With EXEMPT: only an initial cycle shorter than this many whole months is exempt (Florida
    # DO: a license issued in the last 9 months of the biennium); a longer one owes it all.
    initial_exempt_within_months: int | None = None
    proration: Proration = field(default_factory=Proration)
    moc_substitute: bool = False
    confidence: Confidence = Confidence.HIGH
    name: str = ""
    # Parts of the board's rules the engine cannot express, in words (see RequirementSpec).
    cannot_judge: tuple[str, ...] = ()
    fixed_periods: FixedPeriods | None = None
    # New Hampshire counts the two calendar years before the year the license expires (the
    # 2018-2019 cycle for licenses expiring 30 June 2020): the cycle ends on 31 December.
    calendar_years_before_renewal: bool = False


@dataclass(frozen=True, slots=True)
class UncountedCredit:
    activity_id: ActivityId
    reason: str


@dataclass(frozen=True, slots=True)
class RequirementResult:
    requirement_id: str
    kind: Kind
    topics: tuple[str, ...]
    required: Decimal | None
    earned: Decimal
    remaining: Decimal
    status: Status
    advisory: bool
    due_on: date | None
    counted: tuple[ActivityId, ...]
    uncounted: tuple[UncountedCredit, ...]
    explanation: str
    label: str = ""
    topic: str = ""
    attested: bool = False
    # Unanswered condition codes whose answer decides whether this requirement applies: until
    # answered it is judged as if it applied.
    needs_answers: tuple[str, ...] = ()
    cannot_judge: str = ""


@dataclass(frozen=True, slots=True)
class ComplianceReport:
    board: str
    as_of: date
    cycle_start: date
    cycle_end: date
    compliant: bool
    results: tuple[RequirementResult, ...]
    carryover_in: Decimal
    waived_by_moc: bool
    initial_cycle: bool
    renewal_number: int
    summary: str
    status: LicenseStatus = LicenseStatus.COMPLETE
    # as_of is on or after the cycle's end: the cycle is judged as ended.
    ended: bool = False
    unanswered: tuple[str, ...] = ()
    cannot_judge: tuple[str, ...] = ()
