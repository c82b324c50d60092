"""evaluate(): one license, one rule set, the physician's credits, and the date to judge on.

It reads as its pipeline, one step a line, each step a function that reads the values named in
its signature and returns a new frozen value for the next:

    cycle -> plans -> book -> allocation -> caps -> carryover -> kinds -> attestations
    -> status -> report

The steps that decide about credits live in `counting.py`, the kinds in `requirements.py`,
the steps after them in `verdict.py`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from operator import attrgetter
from types import MappingProxyType

from . import explain
from .counting import allocate, cap, carry_over
from .cycles import Cycle, license_cycle
from .ledger import ZERO, Book, Ledger
from .requirements import KINDS, preset_result
from .types import (
    ComplianceReport,
    Credit,
    LicenseFacts,
    RequirementResult,
    RequirementSpec,
    RuleSetSpec,
    Status,
)
from .verdict import attest, license_status, no_requirement, report
from .windows import Plan, plan


def evaluate(
    rule_set: RuleSetSpec, license: LicenseFacts, credits: Iterable[Credit], as_of: date
) -> ComplianceReport:
    """Judge one license's current CME cycle against a rule set, as of a date.

    A report as of D judges the end of day D. A requirement not yet met is `not_yet_due` while
    `as_of` is before its due date (usually the cycle end) and `short` from the due date on, so
    a past cycle is judged as ended. A physician mid-cycle with 10 of 48 credits is
    `not_yet_due` and `compliant` is True: compliant means "nothing that is due is missing".
    Low-confidence (advisory) requirements never make it False. The whole-license `status`
    says more: overdue, needs answers, cannot judge, behind or on track, complete.

    A condition the physician has not answered (`license.unanswered`) never makes a
    requirement "not required": it is judged as if it applied, and the license needs answers.

    Credits completed after `as_of` are ignored, as are credits outside each requirement's window.
    Inside one license, hours given to one requirement of an exclusive group do not count for
    another (see `counting.allocate`); across licenses nothing is consumed.
    `new_licensee` is true on the initial cycle and the first full cycle after it.
    Never reads the clock and does no I/O.
    """
    cycle = cycle_of(rule_set, license)
    if not rule_set.cme_required:
        return no_requirement(license, cycle, as_of)
    plans = plans_for(rule_set, license, cycle, as_of)
    book = book_of(credits, plans.plans, cycle, as_of)
    allocation = allocate(plans.plans, book)
    caps = cap(plans.plans, book, allocation)
    carryover = carry_over(rule_set, cycle, plans.plans, book, allocation)
    counted = judge(plans.plans, Ledger(book, allocation, caps, carryover))
    results = attest(counted, plans.plans, license.attestations, as_of)
    verdict = license_status(results, rule_set, plans.unanswered, cycle, as_of)
    return report(license, cycle, as_of, results, carryover, verdict, moc=plans.moc)


def cycle_of(rule_set: RuleSetSpec, license: LicenseFacts) -> Cycle:
    """Reads the board's cycle rules and the license's dates; produces the cycle judged."""
    return license_cycle(
        license,
        rule_set.cycle_years,
        rule_set.fixed_periods,
        calendar_years=rule_set.calendar_years_before_renewal,
    )


@dataclass(frozen=True, slots=True)
class Plans:
    """One `Plan` per requirement, in rule-set order, and what they were planned with:
    `unanswered` the questions that could still make a requirement apply, `moc` whether
    current MOC stands in for the hour requirements."""

    plans: tuple[Plan, ...]
    unanswered: frozenset[str]
    moc: bool


def plans_for(rule_set: RuleSetSpec, license: LicenseFacts, cycle: Cycle, as_of: date) -> Plans:
    """Reads the requirements, the physician's answers and the cycle; produces each
    requirement's plan (applies or not, spans, due date, amount) before any credit is seen.

    `new_licensee` is true on the initial cycle and the first full cycle after it.
    """
    conditions = license.conditions | {"all"} | ({"new_licensee"} if cycle.renewal <= 2 else set())
    unanswered = license.unanswered - conditions
    moc = rule_set.moc_substitute and "moc_current" in license.conditions
    return Plans(
        plans=tuple(
            plan(spec, cycle, rule_set, conditions, as_of=as_of, moc=moc, unanswered=unanswered)
            for spec in rule_set.requirements
        ),
        unanswered=unanswered,
        moc=moc,
    )


def book_of(credits: Iterable[Credit], plans: Sequence[Plan], cycle: Cycle, as_of: date) -> Book:
    """Reads the credits and the plans' requirements; produces the book: the credits completed
    by `as_of` in credit order, bucketed by topic once, and the requirements' names and
    sub-minimums."""
    kept = _in_credit_order([c for c in credits if c.completed_on <= as_of])
    by_topic: dict[str, list[int]] = {}
    for i, credit in enumerate(kept):
        if credit.topics:  # most credits are on no mandated topic
            for slug in credit.topics:
                by_topic.setdefault(slug, []).append(i)
    children: dict[str, tuple[RequirementSpec, ...]] = {}
    for p in plans:
        if p.spec.parent:
            children[p.spec.parent] = (*children.get(p.spec.parent, ()), p.spec)
    return Book(
        credits=kept,
        as_of=as_of,
        cycle_span=cycle.span,
        labels=MappingProxyType({p.spec.id: explain.subject(p.spec) for p in plans}),
        children=MappingProxyType(children),
        by_topic=MappingProxyType({slug: tuple(found) for slug, found in by_topic.items()}),
    )


def _in_credit_order(credits: list[Credit]) -> tuple[Credit, ...]:
    """`sorted(credits, key=credit_order)`, building the whole key only where two credits share
    a day: the date comes first in it, and most days of a record have one credit."""
    credits.sort(key=_COMPLETED_ON)
    days = list(map(_COMPLETED_ON, credits))
    if len(set(days)) == len(days):  # no two on one day: the date alone orders them
        return tuple(credits)
    for day, count in Counter(days).items():
        if count > 1:
            first = bisect_left(days, day)
            credits[first : first + count] = sorted(
                credits[first : first + count], key=credit_order
            )
    return tuple(credits)


_COMPLETED_ON = attrgetter("completed_on")


def credit_order(credit: Credit) -> tuple[object, ...]:
    """A total order on credits, so nothing depends on the order they were passed in."""
    return (
        credit.completed_on,
        str(credit.activity_id),
        type(credit.activity_id).__name__,
        credit.credit_type,
        credit.credits,
        tuple(sorted(credit.topics)),
        credit.title,
    )


def judge(plans: Sequence[Plan], ledger: Ledger) -> tuple[RequirementResult, ...]:
    """Reads the plans and the ledger; produces each requirement's result, in plan order, as
    its kind counts it (or as decided without counting)."""
    return tuple(_run(p, ledger) for p in plans)


def _run(p: Plan, ledger: Ledger) -> RequirementResult:
    if p.preset is Status.NOT_APPLICABLE:
        return preset_result(p, ledger)
    result = KINDS[p.spec.kind].evaluate(p, ledger)
    if p.preset is Status.MET:
        return replace(result, status=Status.MET, remaining=ZERO, explanation=p.reason)
    if p.needs_answers:
        return replace(
            result, explanation=f"{explain.may_apply(p.spec.condition)} {result.explanation}"
        )
    return result
