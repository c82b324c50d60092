"""The kinds of requirement: one small class each, registered in `KINDS`.

A kind turns a `Plan` (see `windows.py`) and the cycle's `Ledger` (see `ledger.py`: the
credits and what allocation, caps and carryover decided) into a `RequirementResult` with its
own plain-English sentence. The kinds only read; they never change the ledger.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import ClassVar

from . import explain
from .cycles import Span
from .ledger import ZERO, Book, Ledger, type_accepted
from .types import (
    Confidence,
    Kind,
    RequirementResult,
    Status,
    UncountedCredit,
)
from .windows import Plan


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
    amounts: list[Decimal] | None = None,
    carried_in: Decimal = ZERO,
) -> RequirementResult:
    spec = plan.spec
    credits = ledger.book.credits
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
        counted=tuple([credits[i].activity_id for i in counted]),
        amounts=tuple([credits[i].credits for i in counted] if amounts is None else amounts),
        carried_in=carried_in.quantize(ZERO),
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

    @staticmethod
    def finish(
        plan: Plan,
        ledger: Ledger,
        earned: Decimal,
        counted: list[int],
        uncounted: list[UncountedCredit],
        *,
        amounts: list[Decimal] | None = None,
        carried_in: Decimal = ZERO,
    ) -> RequirementResult:
        required = plan.required
        due = plan.due_on
        done = earned >= required if required is not None else bool(counted)
        status = status_for(done, due, ledger.book.as_of)
        if status is Status.MET:
            sentence = explain.met(plan.spec, earned, required)
        else:
            left = None if required is None else max(required - earned, ZERO)
            sentence = explain.needed(
                plan.spec, left, due or ledger.book.cycle_span.end, overdue=status is Status.SHORT
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
            amounts=amounts,
            carried_in=carried_in,
        )


class TotalCredits(RequirementKind):
    """At least N credits in the cycle, after caps, plus any carryover from the last cycle."""

    kind = Kind.TOTAL

    def evaluate(self, plan: Plan, ledger: Ledger) -> RequirementResult:
        counted: list[int] = []
        amounts: list[Decimal] = []
        uncounted: list[UncountedCredit] = []
        book, off_total = ledger.book, ledger.allocation.off_total
        shares, over_cap = ledger.caps.total_amounts, ledger.caps.uncounted
        # `type_accepted`, read once: this loop passes every credit of the cycle.
        accepted = plan.spec.credit_types
        for i in book.in_span(book.cycle_span):
            credit = book.credits[i]
            if accepted and credit.credit_type not in accepted:
                uncounted.append(UncountedCredit(credit.activity_id, "credit type not accepted"))
                continue
            if i in off_total:
                uncounted.append(UncountedCredit(credit.activity_id, off_total[i]))
                continue
            share = shares.get(i, credit.credits)
            if share > ZERO:
                counted.append(i)
                amounts.append(share)
            if i in over_cap:
                uncounted.append(over_cap[i])
        return self.finish(
            plan,
            ledger,
            sum(amounts, ledger.carryover.total),
            counted,
            uncounted,
            amounts=amounts,
            carried_in=ledger.carryover.total,
        )


class CategoryMinimum(RequirementKind):
    """At least N credits of some credit types (Category 1, AOA 1-A...) in the cycle."""

    kind = Kind.CATEGORY_MIN

    def evaluate(self, plan: Plan, ledger: Ledger) -> RequirementResult:
        book, off_total, carryover = ledger.book, ledger.allocation.off_total, ledger.carryover
        counted = [
            i for i in book.of_types(plan.spec.credit_types, book.cycle_span) if i not in off_total
        ]
        earned = sum([book.credits[i].credits for i in counted], ZERO)
        carried = ZERO
        if carryover.types and carryover.types <= plan.spec.credit_types:
            carried = carryover.total
        return self.finish(plan, ledger, earned + carried, counted, [], carried_in=carried)


class CategoryCap(RequirementKind):
    """At most N credits of some credit types count toward the total; the rest are listed."""

    kind = Kind.CATEGORY_CAP

    def evaluate(self, plan: Plan, ledger: Ledger) -> RequirementResult:
        limit = plan.cap if plan.cap is not None else ZERO
        counted: list[int] = []
        amounts: list[Decimal] = []
        uncounted: list[UncountedCredit] = []
        logged = counts = ZERO
        book, off_total = ledger.book, ledger.allocation.off_total
        shares, over_cap = ledger.caps.total_amounts, ledger.caps.uncounted
        for i in book.of_types(plan.spec.credit_types, book.cycle_span):
            if i in off_total:
                continue
            whole = book.credits[i].credits
            logged += whole
            share = shares.get(i, whole)
            counts += share
            if share > ZERO:
                counted.append(i)
                amounts.append(share)
            if i in over_cap:
                uncounted.append(over_cap[i])
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
            amounts=amounts,
        )


class TopicMinimum(RequirementKind):
    """At least N credits (or one completed course) on a topic within the requirement's window."""

    kind = Kind.TOPIC

    def evaluate(self, plan: Plan, ledger: Ledger) -> RequirementResult:
        spec, book = plan.spec, ledger.book
        counted: list[int] = []
        uncounted: list[UncountedCredit] = []
        per_span = {span: ZERO for span in plan.spans}
        for i in book.on_topics(spec):
            credit = book.credits[i]
            reason = topic_refusal(plan, book, ledger.allocation.claims, i)
            if reason:
                uncounted.append(UncountedCredit(credit.activity_id, reason))
                continue
            counted.append(i)
            span = next(s for s in plan.spans if credit.completed_on in s)
            per_span[span] += credit.credits
        if len(plan.spans) > 1:
            return self._annual(plan, ledger, per_span, counted, uncounted)
        carried = ledger.carryover.topics.get(spec.id, ZERO)
        earned = sum(per_span.values(), ZERO) + carried
        return self.finish(plan, ledger, earned, counted, uncounted, carried_in=carried)

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
        amounts = _year_shares(ledger.book, counted, plan.spans, each)
        earned = ZERO
        unmet: list[Span] = []
        for span, got in per_span.items():
            if each is None:
                done = any(ledger.book.credits[i].completed_on in span for i in counted)
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
                amounts=amounts,
            )
        overdue = [span for span in unmet if ledger.book.as_of >= span.end]
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
            amounts=amounts,
        )


def _year_shares(
    book: Book, counted: list[int], spans: tuple[Span, ...], each: Decimal | None
) -> list[Decimal]:
    """How much of each counted credit its year takes: up to `each` a year, in credit order."""
    room = {span: each for span in spans}
    shares: list[Decimal] = []
    for i in counted:
        credit = book.credits[i]
        span = next(s for s in spans if credit.completed_on in s)
        left = room[span]
        share = credit.credits if left is None else min(credit.credits, left)
        if left is not None:
            room[span] = left - share
        shares.append(share)
    return shares


def topic_refusal(plan: Plan, book: Book, claims: Mapping[int, str], i: int) -> str:
    """Why credit i, on one of the plan's topics, does not count there ("" if it does)."""
    credit = book.credits[i]
    if not plan.covers(credit.completed_on):
        return "completed outside the window"
    if not type_accepted(plan.spec, credit):
        return "credit type not accepted for this topic"
    owner = claims.get(i)
    if plan.spec.exclusive_group and owner != plan.spec.id:
        other = book.labels.get(owner or "", "another requirement")
        return f"already counted toward {other} (exclusive)"
    return ""


KINDS: dict[Kind, RequirementKind] = {
    kind_class.kind: kind_class()
    for kind_class in (TotalCredits, CategoryMinimum, CategoryCap, TopicMinimum)
}
