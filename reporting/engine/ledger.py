"""The values the steps of `evaluate` hand on: each step reads some and produces the next.

`Book` is the credits of one evaluation with their indexes; `Allocation`, `Caps` and
`Carryover` are what the steps before the kinds decided about those credits; `Ledger` puts
them together for the kinds to read. All frozen: a later step never rewrites an earlier one's
answer, it makes its own.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import attrgetter
from types import MappingProxyType

from .cycles import Span
from .types import CarriedCredit, Credit, RequirementSpec, UncountedCredit

ZERO = Decimal("0.00")
NOTHING: Mapping[int, str] = MappingProxyType({})
_COMPLETED_ON = attrgetter("completed_on")


def type_accepted(spec: RequirementSpec, credit: Credit) -> bool:
    return not spec.credit_types or credit.credit_type in spec.credit_types


@dataclass(frozen=True, slots=True)
class Book:
    """The credits completed by `as_of`, in credit order, indexed once for every requirement.

    `labels` names each requirement (for sentences about another one); `children` are the
    sub-minimums of a topic, whose hours are part of it; `by_topic` the indexes of the credits
    on each topic slug. Credit order starts with the date, so the credits of any span are one
    run of them, found by bisecting `_days` instead of testing every credit. The caches below
    only remember answers that depend on nothing but these fields, so the book stays a value.
    """

    credits: tuple[Credit, ...]
    as_of: date
    cycle_span: Span
    labels: Mapping[str, str]
    children: Mapping[str, tuple[RequirementSpec, ...]]
    by_topic: Mapping[str, tuple[int, ...]]
    _days: tuple[date, ...] = field(init=False, repr=False, compare=False)
    _spans: dict[Span, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _topic_sets: dict[str, frozenset[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _on_topics: dict[str, tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _of_types: dict[tuple[frozenset[str], Span], tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "_days", tuple(map(_COMPLETED_ON, self.credits)))

    def in_span(self, span: Span) -> tuple[int, ...]:
        """Indexes of the credits completed in `span` (start, end], in credit order."""
        if span not in self._spans:
            first = bisect_right(self._days, span.start)
            self._spans[span] = tuple(range(first, bisect_right(self._days, span.end)))
        return self._spans[span]

    def of_types(self, types: frozenset[str], span: Span) -> tuple[int, ...]:
        """Indexes of the credits in `span` of one of `types` (any if none), in credit order."""
        key = (types, span)
        if key not in self._of_types:
            inside = self.in_span(span)
            credits = self.credits
            self._of_types[key] = (
                tuple([i for i in inside if credits[i].credit_type in types]) if types else inside
            )
        return self._of_types[key]

    def topics_of(self, spec: RequirementSpec) -> frozenset[str]:
        """A topic's own slugs plus those of its sub-minimums (their hours are part of it)."""
        if spec.id not in self._topic_sets:
            topics = set(spec.topics)
            for child in self.children.get(spec.id, ()):
                topics |= child.topics
            self._topic_sets[spec.id] = frozenset(topics)
        return self._topic_sets[spec.id]

    def on_topics(self, spec: RequirementSpec) -> tuple[int, ...]:
        """Indexes of the credits on any of the requirement's topics, in credit order."""
        if spec.id not in self._on_topics:
            found: set[int] = set()
            for slug in self.topics_of(spec):
                found.update(self.by_topic.get(slug, ()))
            self._on_topics[spec.id] = tuple(sorted(found))
        return self._on_topics[spec.id]


@dataclass(frozen=True, slots=True)
class Allocation:
    """Which credits are spoken for before anything is counted.

    `claims[i]`: the requirement of an exclusive group credit i was given to (Pennsylvania);
    `off_total[i]`: why credit i may not count toward the total at all (a mandate on top of it).
    """

    claims: Mapping[int, str]
    off_total: Mapping[int, str]


@dataclass(frozen=True, slots=True)
class Caps:
    """What the category caps left of each credit for the total.

    `total_amounts[i]`: how much of capped credit i counts toward the total (absent: all of it);
    `uncounted[i]`: why part of credit i was left out, as the entry both the total and the cap
    list (made once: a busy cycle has hundreds of them).
    """

    total_amounts: Mapping[int, Decimal]
    uncounted: Mapping[int, UncountedCredit]


@dataclass(frozen=True, slots=True)
class Carryover:
    """What the previous cycle hands on: `total` excess credits (of `types`, if the board
    names any) and each carrying topic's excess hours in `topics`; `source` the previous
    cycle and `sources` the credits the total excess is made of."""

    total: Decimal = ZERO
    types: frozenset[str] = frozenset()
    topics: Mapping[str, Decimal] = field(default_factory=lambda: MappingProxyType({}))
    source: Span | None = None
    sources: tuple[CarriedCredit, ...] = ()


@dataclass(frozen=True, slots=True)
class Ledger:
    """Everything the kinds read: the book and what allocation, caps and carryover decided."""

    book: Book
    allocation: Allocation
    caps: Caps
    carryover: Carryover
