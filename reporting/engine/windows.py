"""Window features shared by every requirement kind: applicability, spans, due date, proration.

A `Plan` says, before any credit is looked at, whether a requirement applies to this cycle,
which date spans its credits must fall in, when it is due, and how much it asks for.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from . import conditions as condition_expr
from . import explain
from .cycles import Cycle, Span, add_months, lookback, whole_months
from .types import (
    InitialTreatment,
    Kind,
    Proration,
    RequirementSpec,
    Rounding,
    RuleSetSpec,
    Status,
    Window,
)

HOUR_KINDS = frozenset({Kind.TOTAL, Kind.CATEGORY_MIN, Kind.CATEGORY_CAP})
_ROUNDING = {
    Rounding.DOWN: ROUND_FLOOR,
    Rounding.NEAREST: ROUND_HALF_UP,
    Rounding.UP: ROUND_CEILING,
}


@dataclass(frozen=True, slots=True)
class Plan:
    """What one requirement asks of this cycle.

    `preset` is a status decided without counting (not applicable, or met by MOC) with its
    sentence in `reason`. `required` is per span (annual requirements have one span a year).
    """

    spec: RequirementSpec
    spans: tuple[Span, ...] = ()
    due_on: date | None = None
    required: Decimal | None = None
    cap: Decimal | None = None
    preset: Status | None = None
    reason: str = ""
    # Unanswered questions that could make it apply: it is judged as if it applied meanwhile.
    needs_answers: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return self.preset is None

    def covers(self, day: date) -> bool:
        return any(day in span for span in self.spans)

    def span_due(self, span: Span) -> date:
        """Annual slices are due at their own end; every other span at the plan's due date."""
        if self.spec.window is Window.ANNUAL:
            return span.end
        return self.due_on or span.end


def prorate(value: Decimal, cycle: Cycle, proration: Proration) -> Decimal:
    """Scale a full-cycle amount to the initial cycle's whole months, rounded to the step."""
    months = whole_months(cycle.start, cycle.end)
    full = cycle.years * 12
    if months >= full:
        return value
    steps = (value * months / full / proration.step).to_integral_value(
        _ROUNDING[proration.rounding]
    )
    return (steps * proration.step).quantize(Decimal("0.01"))


def initial_treatment(rules: RuleSetSpec, cycle: Cycle) -> InitialTreatment:
    """How the board treats this cycle if it is the initial one."""
    limit = rules.initial_exempt_within_months
    if (
        rules.initial is InitialTreatment.EXEMPT
        and limit is not None
        and whole_months(cycle.start, cycle.end) >= limit
    ):
        return InitialTreatment.FULL
    return rules.initial


def scaled(
    value: Decimal | None, spec: RequirementSpec, cycle: Cycle, rules: RuleSetSpec
) -> Decimal | None:
    """The amount a requirement asks on this cycle, after the board's initial-licensee rule."""
    if value is None or not (cycle.is_initial and spec.follows_initial_rule):
        return value
    treatment = initial_treatment(rules, cycle)
    if treatment is InitialTreatment.EXEMPT:
        return Decimal(0)
    if treatment is InitialTreatment.PRORATED:
        return prorate(value, cycle, rules.proration)
    return value


def deadline(spec: RequirementSpec, cycle: Cycle) -> date | None:
    """The structured deadline's date for this license, or None if it has none."""
    rule = spec.deadline
    if rule.licensed_before and cycle.issued_on < rule.licensed_before:
        return rule.grandfathered_due
    candidates: list[date] = []
    if rule.months_after_licensure is not None:
        candidates.append(add_months(cycle.issued_on, rule.months_after_licensure))
    if rule.by_renewal is not None:
        candidates.append(cycle.renewal_end(rule.by_renewal))
    if rule.on is not None:
        candidates.append(rule.on)
    return min(candidates, default=None)


def first_renewal_on_or_after(cycle: Cycle, since: date) -> date:
    renewal = 1
    while cycle.renewal_end(renewal) < since:
        renewal += 1
    return cycle.renewal_end(renewal)


def plan(
    spec: RequirementSpec,
    cycle: Cycle,
    rules: RuleSetSpec,
    conditions: frozenset[str],
    *,
    as_of: date,
    moc: bool,
    unanswered: frozenset[str] = frozenset(),
) -> Plan:
    """Decide applicability, spans, due date and the amount asked for one requirement."""
    if spec.effective_from is not None and spec.effective_from > cycle.end:
        return Plan(
            spec, preset=Status.NOT_APPLICABLE, reason=explain.not_in_force(spec.effective_from)
        )
    applies = condition_expr.holds(spec.condition, conditions, unanswered)
    if applies is False:
        return Plan(
            spec,
            preset=Status.NOT_APPLICABLE,
            reason=explain.not_applicable_condition(spec.condition),
        )
    asked = (
        () if applies else condition_expr.missing_answers(spec.condition, conditions, unanswered)
    )
    skipped = _renewal_gate(spec, cycle)
    if skipped:
        return Plan(spec, preset=Status.NOT_APPLICABLE, reason=skipped)
    exempt = (
        cycle.is_initial
        and spec.follows_initial_rule
        and initial_treatment(rules, cycle) is InitialTreatment.EXEMPT
    )
    if exempt:
        return Plan(spec, preset=Status.NOT_APPLICABLE, reason=explain.NEW_LICENSEE_EXEMPT)
    required = scaled(spec.credits, spec, cycle, rules)
    cap = scaled(spec.cap, spec, cycle, rules)
    if moc and spec.kind in HOUR_KINDS:
        return Plan(spec, (cycle.span,), cycle.end, required, cap, Status.MET, explain.MET_BY_MOC)
    spans, due = _spans(spec, cycle, as_of)
    return Plan(spec, spans, due, required, cap, needs_answers=asked)


def _renewal_gate(spec: RequirementSpec, cycle: Cycle) -> str:
    renewal = cycle.renewal
    if spec.window is Window.FIRST_RENEWAL:
        return "" if renewal == 1 else explain.FIRST_RENEWAL_ONLY
    if spec.window is Window.EVERY_NTH_RENEWAL:
        every = spec.window_n or 1
        first = spec.from_renewal
        if renewal >= first and (renewal - first) % every == 0:
            return ""
        ahead = first - renewal if renewal < first else (every - (renewal - first) % every)
        return explain.not_this_renewal(every, cycle.renewal_end(renewal + ahead))
    if renewal < spec.from_renewal or (
        spec.until_renewal is not None and renewal > spec.until_renewal
    ):
        return explain.outside_renewals(spec.from_renewal, spec.until_renewal)
    return ""


def _spans(spec: RequirementSpec, cycle: Cycle, as_of: date) -> tuple[tuple[Span, ...], date]:
    if spec.kind is not Kind.TOPIC:
        return (cycle.span,), cycle.end
    due_by_rule = deadline(spec, cycle)
    if spec.window is Window.ONE_TIME:
        since = max(spec.effective_from or cycle.issued_on, cycle.issued_on)
        due = due_by_rule or first_renewal_on_or_after(cycle, since)
        start = spec.counts_from - timedelta(days=1) if spec.counts_from else date.min
        return (Span(start, max(as_of, due)),), due
    due = due_by_rule if due_by_rule and due_by_rule > cycle.start else cycle.end
    if spec.window is Window.ANNUAL:
        return cycle.year_slices(), cycle.end
    if spec.window is Window.EVERY_N_YEARS:
        return (lookback(due, spec.window_n or cycle.years),), due
    return (cycle.span,), due
