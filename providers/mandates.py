"""Which boards' mandates an offered credit counts toward, by the engine's own counting rules.

A provider's activity promises credit: so many credits of a type (AMA PRA Category 1, AOA 1-A)
on some topics. Whether such a credit counts toward a board's requirement is the engine's
question, so it is answered here with the predicates `evaluate` itself uses (the topic bucket,
the accepted credit types, the refusal reasons of a topic mandate), on a book holding that one
credit — never a second copy of the rules that could drift from the verdicts on the license
pages. Pure: the engine and the standard library only.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from reporting.engine import Confidence, Credit, Kind, RequirementSpec, RuleSetSpec, explain
from reporting.engine.cycles import Span
from reporting.engine.ledger import Book, type_accepted
from reporting.engine.requirements import topic_refusal
from reporting.engine.vocabulary import credit_type_name
from reporting.engine.windows import Plan

OFFERED = "offered"
# Any day will do: whether the credit's date falls in a requirement's window is the license's
# question (its cycle, its deadline), asked where a license is at hand.
_DAY = datetime.date(2000, 1, 1)
_SPAN = Span(_DAY - datetime.timedelta(days=1), _DAY)


def counts_toward(
    requirement: RequirementSpec,
    *,
    credit_type: str,
    topics: Iterable[str],
    sub_minimums: Sequence[RequirementSpec] = (),
) -> bool:
    """Whether a credit of `credit_type` on `topics` counts toward `requirement`.

    `sub_minimums` are the requirements whose `parent` is this one: their hours are part of it,
    as in the engine. A cap limits credits and never asks for them: nothing counts toward it.
    """
    credit = Credit(
        activity_id=OFFERED,
        completed_on=_DAY,
        credit_type=credit_type,
        credits=Decimal("1.00"),
        topics=frozenset(topics),
    )
    book = Book(
        credits=(credit,),
        as_of=_DAY,
        cycle_span=_SPAN,
        labels=MappingProxyType({}),
        children=MappingProxyType({requirement.id: tuple(sub_minimums)}),
        by_topic=MappingProxyType({slug: (0,) for slug in credit.topics}),
    )
    if requirement.kind is Kind.TOPIC:
        if 0 not in book.on_topics(requirement):
            return False
        # An exclusive group shares each credit out to one of its mandates; a credit not yet
        # earned could still go to this one, so it is offered as this mandate's own.
        plan = Plan(requirement, spans=(_SPAN,))
        return not topic_refusal(plan, book, {0: requirement.id}, 0)
    if requirement.kind is Kind.CATEGORY_MIN:
        return 0 in book.of_types(requirement.credit_types, _SPAN)
    if requirement.kind is Kind.TOTAL:
        return type_accepted(requirement, credit)
    return False


def sub_minimums_of(rule_set: RuleSetSpec) -> dict[str, tuple[RequirementSpec, ...]]:
    """Each requirement's sub-minimums (the requirements naming it as `parent`), by id."""
    found: dict[str, tuple[RequirementSpec, ...]] = {}
    for spec in rule_set.requirements:
        if spec.parent:
            found[spec.parent] = (*found.get(spec.parent, ()), spec)
    return found


@dataclass(frozen=True, slots=True)
class Designation:
    """Credits an activity is designated for: at most `credits` of `credit_type`."""

    credit_type: str
    credits: Decimal


@dataclass(frozen=True, slots=True)
class BoardRules:
    """A board's rules in force: its name, the codes of the boards that share them."""

    name: str
    state: str
    codes: tuple[str, ...]
    rules: RuleSetSpec


@dataclass(frozen=True, slots=True)
class MandateCounted:
    """One board's topic mandate an activity's credit counts toward, in words."""

    board: str
    state: str
    codes: tuple[str, ...]
    requirement_id: str
    requirement: str  # "Medical ethics or professional responsibility, 2 h"
    credit_types: tuple[str, ...]  # the designations that count, in words
    offered: Decimal  # the most credits of those designations one claim can bring
    required: Decimal | None  # None: a completed course, whatever its hours
    applies_to: str  # "" for every licensee, else "physicians with a direct patient care ..."
    advisory: bool
    in_force_from: datetime.date | None  # a mandate not yet in force: the day it starts

    @property
    def covers_all(self) -> bool:
        """The activity alone brings every hour the mandate asks for."""
        return self.required is None or self.offered >= self.required

    @property
    def sentence(self) -> str:
        """ "Texas Medical Board — medical ethics or professional responsibility, 2 h"."""
        line = f"{self.board} — {self.requirement[:1].lower()}{self.requirement[1:]}"
        if self.applies_to:
            line += f", for {self.applies_to}"
        if self.in_force_from:
            line += f" (from {explain.day(self.in_force_from)})"
        return line


def mandates_counted(
    boards: Iterable[BoardRules],
    *,
    designations: Sequence[Designation],
    topics: Iterable[str],
    today: datetime.date,
) -> list[MandateCounted]:
    """Every board's topic mandate (ethics, opioids, implicit bias…) that a credit of one of
    `designations` on `topics` counts toward, board by board (by state), in rule-set order.

    Only topic mandates: a total or a Category 1 minimum takes any accredited activity, which
    says nothing about this one.
    """
    slugs = frozenset(topics)
    found: list[MandateCounted] = []
    for board in sorted(boards, key=lambda b: (b.state, b.name)):
        children = sub_minimums_of(board.rules)
        for spec in board.rules.requirements:
            if spec.kind is not Kind.TOPIC:
                continue
            counting = [
                d
                for d in designations
                if counts_toward(
                    spec,
                    credit_type=d.credit_type,
                    topics=slugs,
                    sub_minimums=children.get(spec.id, ()),
                )
            ]
            if not counting:
                continue
            found.append(
                MandateCounted(
                    board=board.name,
                    state=board.state,
                    codes=board.codes,
                    requirement_id=spec.id,
                    requirement=explain.headline(spec, spec.credits),
                    credit_types=tuple(credit_type_name(d.credit_type) for d in counting),
                    offered=max(d.credits for d in counting),
                    required=spec.credits,
                    applies_to=""
                    if spec.condition == "all"
                    else explain.condition_phrase(spec.condition),
                    advisory=spec.confidence is Confidence.LOW,
                    in_force_from=spec.effective_from
                    if spec.effective_from and spec.effective_from > today
                    else None,
                )
            )
    return found
