"""The kinds of requirement: one small class each, registered in `KINDS`.

A kind turns a `Plan` (see `windows.py`) and the cycle's `Ledger` of credits into a
`RequirementResult` with its own plain-English sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import ClassVar

from . import explain
from .cycles import Span
from .types import (
    Confidence,
    Credit,
    Kind,
    RequirementResult,
    RequirementSpec,
    Status,
    UncountedCredit,
)
from .windows import Plan

ZERO = Decimal("0.00")


@dataclass(slots=True)
class Ledger:
    """The credits of one evaluation (sorted, indexed) and what earlier steps decided about them.

    `claims[i]` is the id of the exclusive-group requirement credit i was given to;
    `off_total[i]` why credit i may not count toward the total at all;
    `total_amounts[i]` how much of credit i counts toward the total after the caps;
    `cap_reasons[i]` why part of credit i was left out by a cap.
    """

    credits: tuple[Credit, ...]
    as_of: date
    cycle_span: Span
    children: dict[str, tuple[RequirementSpec, ...]] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    claims: dict[int, str] = field(default_factory=dict)
    off_total: dict[int, str] = field(default_factory=dict)
    total_amounts: dict[int, Decimal] = field(default_factory=dict)
    cap_reasons: dict[int, str] = field(default_factory=dict)
    carryover_in: Decimal = ZERO
    carryover_types: frozenset[str] = frozenset()
    topic_carry: dict[str, Decimal] = field(default_factory=dict)
    # Memos: every requirement walks the same credits, once per credit for topics.
    spans: dict[Span, tuple[int, ...]] = field(default_factory=dict)
    topic_sets: dict[str, frozenset[str]] = field(default_factory=dict)

    def in_span(self, span: Span) -> tuple[int, ...]:
        """Indexes of the credits completed in `span` (the credits never change)."""
        if span not in self.spans:
            self.spans[span] = tuple(
                i for i, credit in enumerate(self.credits) if credit.completed_on in span
            )
        return self.spans[span]


def topics_of(spec: RequirementSpec, ledger: Ledger) -> frozenset[str]:
    """A topic's own slugs plus those of its sub-minimums (their hours are part of it).

    Remembered per requirement: `evaluate` fills `ledger.children` before anything asks.
    """
    if spec.id not in ledger.topic_sets:
        topics = set(spec.topics)
        for child in ledger.children.get(spec.id, ()):
            topics |= child.topics
        ledger.topic_sets[spec.id] = frozenset(topics)
    return ledger.topic_sets[spec.id]


def type_accepted(spec: RequirementSpec, credit: Credit) -> bool:
    return not spec.credit_types or credit.credit_type in spec.credit_types


def status_for(done: bool, due: date | None, as_of: date) -> Status:
    """Met; else not yet due while `as_of` is before the due date; else short.

    A report as of D judges the end of day D, so a requirement unmet on its own due date (the
    renewal date itself) is short, not "not yet due".
    """
    if done:
        return Status.MET
    if due is None or as_of < due:
        return Status.NOT_YET_DUE
    return Status.SHORT


def _result(
    plan: Plan,
    ledger: Ledger,
    *,
    earned: Decimal,
    required: Decimal | None,
    status: Status,
    due_on: date | None,
    counted: list[int],
    uncounted: list[UncountedCredit],
    explanation: str,
) -> RequirementResult:
    spec = plan.spec
    remaining = ZERO if required is None or status is Status.MET else max(required - earned, ZERO)
    main = spec.topic or min(spec.topics, default="")
    return RequirementResult(
        requirement_id=spec.id,
        kind=spec.kind,
        # The board's own topic first, then the others it accepts.
        topics=tuple(sorted(spec.topics, key=lambda topic: (topic != main, topic))),
        required=required,
        earned=earned.quantize(ZERO),
        remaining=remaining.quantize(ZERO),
        status=status,
        advisory=spec.confidence is Confidence.LOW,
        due_on=due_on,
        counted=tuple(ledger.credits[i].activity_id for i in counted),
        uncounted=tuple(uncounted),
        explanation=explanation,
        label=explain.subject(spec),
        topic=main,
        needs_answers=plan.needs_answers if status is not Status.NOT_APPLICABLE else (),
        cannot_judge=spec.cannot_judge if status is not Status.NOT_APPLICABLE else "",
    )


def preset_result(plan: Plan, ledger: Ledger) -> RequirementResult:
    """A requirement decided without counting: not applicable, or met by MOC."""
    spec = plan.spec
    if spec.kind is Kind.CATEGORY_CAP:
        required = plan.cap if plan.cap is not None else spec.cap
    else:
        required = plan.required if plan.required is not None else spec.credits
    status = plan.preset or Status.NOT_APPLICABLE
    return _result(
        plan,
        ledger,
        earned=ZERO,
        required=required,
        status=status,
        due_on=plan.due_on,
        counted=[],
        uncounted=[],
        explanation=explain.headed(spec, required, plan.reason),
    )


class RequirementKind:
    """Base of the kinds: `evaluate` counts credits for a plan and explains the outcome."""

    kind: ClassVar[Kind]

    def evaluate(self, plan: Plan, ledger: Ledger) -> RequirementResult:
        raise NotImplementedError

    def matches(self, spec: RequirementSpec, ledger: Ledger, i: int) -> bool:
        return type_accepted(spec, ledger.credits[i])

    def refusal(self, plan: Plan, ledger: Ledger, i: int) -> str:
        return ""

    @staticmethod
    def finish(
        plan: Plan,
        ledger: Ledger,
        earned: Decimal,
        counted: list[int],
        uncounted: list[UncountedCredit],
    ) -> RequirementResult:
        required = plan.required
        due = plan.due_on
        done = earned >= required if required is not None else bool(counted)
        status = status_for(done, due, ledger.as_of)
        if status is Status.MET:
            sentence = explain.met(plan.spec, earned, required)
        else:
            left = None if required is None else max(required - earned, ZERO)
            sentence = explain.needed(
                plan.spec, left, due or ledger.cycle_span.end, overdue=status is Status.SHORT
            )
        return _result(
            plan,
            ledger,
            earned=earned,
            required=required,
            status=status,
            due_on=due,
            counted=counted,
            uncounted=uncounted,
            explanation=sentence,
        )


class TotalCredits(RequirementKind):
    """At least N credits in the cycle, after caps, plus any carryover from the last cycle."""

    kind = Kind.TOTAL

    def evaluate(self, plan: Plan, ledger: Ledger) -> RequirementResult:
        counted: list[int] = []
        uncounted: list[UncountedCredit] = []
        earned = ledger.carryover_in
        for i in ledger.in_span(ledger.cycle_span):
            credit = ledger.credits[i]
            if not type_accepted(plan.spec, credit):
                uncounted.append(UncountedCredit(credit.activity_id, "credit type not accepted"))
                continue
            if i in ledger.off_total:
                uncounted.append(UncountedCredit(credit.activity_id, ledger.off_total[i]))
                continue
            share = ledger.total_amounts.get(i, credit.credits)
            if share > 0:
                counted.append(i)
                earned += share
            if i in ledger.cap_reasons:
                uncounted.append(UncountedCredit(credit.activity_id, ledger.cap_reasons[i]))
        return self.finish(plan, ledger, earned, counted, uncounted)


class CategoryMinimum(RequirementKind):
    """At least N credits of some credit types (Category 1, AOA 1-A...) in the cycle."""

    kind = Kind.CATEGORY_MIN

    def evaluate(self, plan: Plan, ledger: Ledger) -> RequirementResult:
        counted = [
            i
            for i in ledger.in_span(ledger.cycle_span)
            if type_accepted(plan.spec, ledger.credits[i]) and i not in ledger.off_total
        ]
        earned = sum((ledger.credits[i].credits for i in counted), ZERO)
        carried = ledger.carryover_types and ledger.carryover_types <= plan.spec.credit_types
        if carried:
            earned += ledger.carryover_in
        return self.finish(plan, ledger, earned, counted, [])


class CategoryCap(RequirementKind):
    """At most N credits of some credit types count toward the total; the rest are listed."""

    kind = Kind.CATEGORY_CAP

    def evaluate(self, plan: Plan, ledger: Ledger) -> RequirementResult:
        limit = plan.cap if plan.cap is not None else ZERO
        counted: list[int] = []
        uncounted: list[UncountedCredit] = []
        logged = counts = ZERO
        for i in ledger.in_span(ledger.cycle_span):
            credit = ledger.credits[i]
            if not type_accepted(plan.spec, credit) or i in ledger.off_total:
                continue
            logged += credit.credits
            share = ledger.total_amounts.get(i, credit.credits)
            counts += share
            if share > 0:
                counted.append(i)
            if i in ledger.cap_reasons:
                uncounted.append(UncountedCredit(credit.activity_id, ledger.cap_reasons[i]))
        return _result(
            plan,
            ledger,
            earned=counts,
            required=limit,
            status=Status.MET,
            due_on=plan.due_on,
            counted=counted,
            uncounted=uncounted,
            explanation=explain.cap(plan.spec, limit, logged, logged - counts),
        )


def apply_cap(
    spec: RequirementSpec, limit: Decimal, indexes: Sequence[int], ledger: Ledger
) -> None:
    """Let the first `limit` credits of the capped types count toward the total, in credit order."""
    room = limit
    for i in indexes:
        credit = ledger.credits[i]
        if not type_accepted(spec, credit) or i in ledger.off_total:
            continue
        share = min(ledger.total_amounts.get(i, credit.credits), room)
        over = credit.credits - share
        room -= share
        ledger.total_amounts[i] = share
        if over > 0:
            words = f"{explain.amount(over)} {explain.subject(spec)} credits"
            ledger.cap_reasons[i] = f"{words} above the {explain.hours(limit)}-credit cap"


class TopicMinimum(RequirementKind):
    """At least N credits (or one completed course) on a topic within the requirement's window."""

    kind = Kind.TOPIC

    def matches(self, spec: RequirementSpec, ledger: Ledger, i: int) -> bool:
        return bool(ledger.credits[i].topics & topics_of(spec, ledger))

    def evaluate(self, plan: Plan, ledger: Ledger) -> RequirementResult:
        spec = plan.spec
        counted: list[int] = []
        uncounted: list[UncountedCredit] = []
        per_span = {span: ZERO for span in plan.spans}
        for i, credit in enumerate(ledger.credits):
            if not self.matches(spec, ledger, i):
                continue
            reason = self.refusal(plan, ledger, i)
            if reason:
                uncounted.append(UncountedCredit(credit.activity_id, reason))
                continue
            counted.append(i)
            span = next(s for s in plan.spans if credit.completed_on in s)
            per_span[span] += credit.credits
        if len(plan.spans) > 1:
            return self._annual(plan, ledger, per_span, counted, uncounted)
        earned = sum(per_span.values(), ZERO) + ledger.topic_carry.get(spec.id, ZERO)
        return self.finish(plan, ledger, earned, counted, uncounted)

    def refusal(self, plan: Plan, ledger: Ledger, i: int) -> str:
        """Why a credit on the topic does not count here ("" if it does)."""
        credit = ledger.credits[i]
        if not plan.covers(credit.completed_on):
            return "completed outside the window"
        if not type_accepted(plan.spec, credit):
            return "credit type not accepted for this topic"
        owner = ledger.claims.get(i)
        if plan.spec.exclusive_group and owner != plan.spec.id:
            other = ledger.labels.get(owner or "", "another requirement")
            return f"already counted toward {other} (exclusive)"
        return ""

    def _annual(
        self,
        plan: Plan,
        ledger: Ledger,
        per_span: dict[Span, Decimal],
        counted: list[int],
        uncounted: list[UncountedCredit],
    ) -> RequirementResult:
        """One slice a year: an extra hour in one year does not make up for another year."""
        each = plan.required
        earned = ZERO
        unmet: list[Span] = []
        for span, got in per_span.items():
            if each is None:
                done = any(ledger.credits[i].completed_on in span for i in counted)
                earned += got
            else:
                done = got >= each
                earned += min(got, each)
            if not done:
                unmet.append(span)
        required = None if each is None else each * len(per_span)
        if not unmet:
            return _result(
                plan,
                ledger,
                earned=earned,
                required=required,
                status=Status.MET,
                due_on=plan.due_on,
                counted=counted,
                uncounted=uncounted,
                explanation=explain.met(plan.spec, earned, required),
            )
        overdue = [span for span in unmet if ledger.as_of >= span.end]
        first = (overdue or unmet)[0]
        status = Status.SHORT if overdue else Status.NOT_YET_DUE
        left = None if each is None else each - min(per_span[first], each)
        sentence = explain.needed(plan.spec, left, first.end, overdue=bool(overdue))
        sentence = (
            sentence[:-1] + f" (the year {explain.day(first.start)} to {explain.day(first.end)})."
        )
        return _result(
            plan,
            ledger,
            earned=earned,
            required=required,
            status=status,
            due_on=first.end,
            counted=counted,
            uncounted=uncounted,
            explanation=sentence,
        )


KINDS: dict[Kind, RequirementKind] = {
    kind_class.kind: kind_class()
    for kind_class in (TotalCredits, CategoryMinimum, CategoryCap, TopicMinimum)
}
