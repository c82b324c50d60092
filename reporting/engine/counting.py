"""The steps that decide about credits before any requirement is counted.

`allocate` (exclusive groups, hours on top of the total), then `cap` (category caps), then
`carry_over` (the previous cycle's excess). Each reads the plans, the `Book` and what the
step before it produced, and returns a new frozen value; none changes what it was given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from types import MappingProxyType

from . import explain
from .cycles import Cycle
from .ledger import ZERO, Allocation, Book, Caps, Carryover, type_accepted
from .requirements import topic_refusal
from .types import CarriedCredit, Kind, RequirementSpec, RuleSetSpec, Status, UncountedCredit
from .windows import Plan, scaled


def allocate(plans: Sequence[Plan], book: Book) -> Allocation:
    """Reads the plans and the book; produces who owns each credit of an exclusive group and
    which credits may not count toward the total.

    Hours of a mandate that is on top of the total (Delaware's CSR law course) may not also
    count toward the total; a credit one such mandate refuses (outside its window, claimed by
    another requirement) stays free for the total.
    """
    claims = _allocate_exclusive(plans, book)
    off_total: dict[int, str] = {}
    for p in plans:
        if p.spec.kind is Kind.TOPIC and not p.spec.counts_toward_total and p.active:
            for i in book.on_topics(p.spec):
                if not topic_refusal(p, book, claims, i):
                    off_total[i] = f"counted toward {book.labels[p.spec.id]}, on top of the total"
    return Allocation(claims=claims, off_total=MappingProxyType(off_total))


def _allocate_exclusive(plans: Sequence[Plan], book: Book) -> Mapping[int, str]:
    """Give each credit of an exclusive group to one requirement only (Pennsylvania's rule).

    Credits that match fewer requirements of the group are placed first, then by date and id;
    each goes whole to the first requirement, in rule-set order, that is still short, or to the
    first matching one when all are met. Greedy, but deterministic and order-independent.
    """
    claims: dict[int, str] = {}
    groups: dict[str, list[Plan]] = {}
    for p in plans:
        if p.spec.exclusive_group and p.active and p.spec.kind is Kind.TOPIC:
            groups.setdefault(p.spec.exclusive_group, []).append(p)
    for members in groups.values():
        got = {p.spec.id: ZERO for p in members}
        counts = {p.spec.id: 0 for p in members}

        def matching(i: int, members: list[Plan] = members) -> list[Plan]:
            credit = book.credits[i]
            return [
                p
                for p in members
                if credit.topics & book.topics_of(p.spec)
                and p.covers(credit.completed_on)
                and type_accepted(p.spec, credit)
            ]

        on_any = sorted({i for p in members for i in book.on_topics(p.spec)})
        candidates = [(len(matching(i)), i) for i in on_any if matching(i)]
        for _, i in sorted(candidates):
            options = matching(i)
            short = [p for p in options if _still_short(p, got[p.spec.id], counts[p.spec.id])]
            owner = (short or options)[0]
            claims[i] = owner.spec.id
            got[owner.spec.id] += book.credits[i].credits
            counts[owner.spec.id] += 1
    return MappingProxyType(claims)


def _still_short(p: Plan, got: Decimal, count: int) -> bool:
    if p.required is None:
        return count == 0
    if len(p.spans) > 1:
        return got < p.required * len(p.spans)
    return got < p.required


def cap(plans: Sequence[Plan], book: Book, allocation: Allocation) -> Caps:
    """Reads the plans' caps, the book's cycle credits and what is off the total; produces how
    much of each capped credit counts toward the total, and why the rest does not.

    Caps apply in rule-set order, each to what earlier caps left of a credit.
    """
    amounts: dict[int, Decimal] = {}
    reasons: dict[int, str] = {}
    for p in plans:
        if (
            p.spec.kind is Kind.CATEGORY_CAP
            and p.preset is not Status.NOT_APPLICABLE
            and p.cap is not None
        ):
            capped = book.of_types(p.spec.credit_types, book.cycle_span)
            _apply_cap(p.spec, p.cap, capped, book, allocation.off_total, amounts, reasons)
    # Made once the last cap has spoken: a later cap can rewrite an earlier one's reason.
    uncounted = {i: UncountedCredit(book.credits[i].activity_id, why) for i, why in reasons.items()}
    return Caps(total_amounts=MappingProxyType(amounts), uncounted=MappingProxyType(uncounted))


def _apply_cap(
    spec: RequirementSpec,
    limit: Decimal,
    indexes: Sequence[int],
    book: Book,
    off_total: Mapping[int, str],
    amounts: dict[int, Decimal],
    reasons: dict[int, str] | None,
) -> None:
    """Let the first `limit` of the capped credits (`indexes`, in credit order) count toward
    the total.

    Writes only into the step's own `amounts` and `reasons` (None: no sentences wanted),
    before they are handed on.
    """
    room = limit
    # Most of a busy cycle's Category 2 is over the cap by the same amount (the whole credit):
    # one sentence per amount left out.
    sentences: dict[Decimal, str] = {}
    for i in indexes:
        if i in off_total:
            continue
        whole = book.credits[i].credits
        left = amounts.get(i, whole)
        # min(left, room), without the call's cost: this runs for every capped credit.
        share = room if room < left else left
        over = whole - share
        room -= share
        amounts[i] = share
        if over > ZERO and reasons is not None:
            if over not in sentences:
                sentences[over] = _over_cap(spec, limit, over)
            reasons[i] = sentences[over]


def _over_cap(spec: RequirementSpec, limit: Decimal, over: Decimal) -> str:
    words = f"{explain.amount(over)} {explain.subject(spec)} credits"
    return f"{words} above the {explain.hours(limit)}-credit cap"


def carry_over(
    rule_set: RuleSetSpec,
    cycle: Cycle,
    plans: Sequence[Plan],
    book: Book,
    allocation: Allocation,
) -> Carryover:
    """Reads the board's carryover rule, the previous cycle's credits and what is off the total;
    produces the excess total credits and each carrying topic's excess hours handed on.
    """
    previous = cycle.previous()
    total, sources = _total_carryover(rule_set, previous, plans, book, allocation)
    topics = _topic_carry(rule_set, previous, plans, book)
    return Carryover(
        total=total,
        types=rule_set.carryover_types,
        topics=MappingProxyType(topics),
        source=previous.span if previous and (total or any(topics.values())) else None,
        sources=sources,
    )


def _total_carryover(
    rule_set: RuleSetSpec,
    previous: Cycle | None,
    plans: Sequence[Plan],
    book: Book,
    allocation: Allocation,
) -> tuple[Decimal, tuple[CarriedCredit, ...]]:
    """Excess total credits of the previous cycle, up to the board's cap, and what they are.

    Only the previous cycle's own credits count, against that cycle's total requirement (zero if
    it was an exempt initial cycle), after that cycle's caps. Carryover does not chain from
    earlier cycles. The excess is the credits earned after the requirement was met: the
    cycle's last credits, newest first, so an auditor knows which certificates prove it.
    """
    total = next((p.spec for p in plans if p.spec.kind is Kind.TOTAL), None)
    if rule_set.carryover_cap is None or previous is None or total is None or total.credits is None:
        return ZERO, ()
    required = scaled(total.credits, total, previous, rule_set) or ZERO
    previous_credits = book.in_span(previous.span)
    amounts: dict[int, Decimal] = {}
    for p in plans:
        if (
            p.spec.kind is Kind.CATEGORY_CAP
            and p.spec.cap is not None
            and p.preset is not Status.NOT_APPLICABLE
        ):
            limit = scaled(p.spec.cap, p.spec, previous, rule_set) or ZERO
            capped = book.of_types(p.spec.credit_types, previous.span)
            _apply_cap(p.spec, limit, capped, book, allocation.off_total, amounts, None)
    eligible = [
        i
        for i in previous_credits
        if i not in allocation.off_total and type_accepted(total, book.credits[i])
    ]
    earned = sum((amounts.get(i, book.credits[i].credits) for i in eligible), ZERO)
    excess = max(earned - required, ZERO)
    of_type = eligible
    if rule_set.carryover_types:
        of_type = [i for i in eligible if book.credits[i].credit_type in rule_set.carryover_types]
        excess = min(excess, sum((amounts.get(i, book.credits[i].credits) for i in of_type), ZERO))
    carried = min(excess, rule_set.carryover_cap).quantize(ZERO)
    sources: list[CarriedCredit] = []
    left = carried
    for i in reversed(of_type):
        if left <= 0:
            break
        share = min(amounts.get(i, book.credits[i].credits), left)
        if share > 0:
            sources.append(CarriedCredit(book.credits[i].activity_id, share))
            left -= share
    return carried, tuple(sources)


def _topic_carry(
    rule_set: RuleSetSpec, previous: Cycle | None, plans: Sequence[Plan], book: Book
) -> dict[str, Decimal]:
    """Topic hours carry only where a requirement says so (`carries_over`), within the same cap."""
    carry: dict[str, Decimal] = {}
    if rule_set.carryover_cap is None or previous is None:
        return carry
    for p in plans:
        spec = p.spec
        if not (
            spec.carries_over and p.active and spec.kind is Kind.TOPIC and spec.credits is not None
        ):
            continue
        earned = sum(
            (
                book.credits[i].credits
                for i in book.on_topics(spec)
                if book.credits[i].completed_on in previous.span
                and type_accepted(spec, book.credits[i])
            ),
            ZERO,
        )
        required = scaled(spec.credits, spec, previous, rule_set) or ZERO
        carry[spec.id] = min(max(earned - required, ZERO), rule_set.carryover_cap)
    return carry
