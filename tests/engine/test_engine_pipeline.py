"""The steps of evaluate, one at a time: what each reads, what it hands on, and that it hands
on a value no later step can change. Cycle: (31 Jan 2024, 31 Jan 2026]."""

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from reporting.engine import Kind, RequirementSpec, UncountedCredit, evaluate
from reporting.engine.counting import allocate, cap, carry_over
from reporting.engine.evaluate import book_of, cycle_of, judge, plans_for
from reporting.engine.ledger import Ledger

from .builders import credit, d, license, rules, topic, total

AFTER_CYCLE = date(2026, 2, 15)

CAP = RequirementSpec(
    id="xx-md.category-2-cap",
    kind=Kind.CATEGORY_CAP,
    cap=d("10"),
    credit_types=frozenset({"ama-pra-2"}),
    label="Category 2",
)
RULES = rules(
    total("40"),
    CAP,
    topic("child-abuse", "2", exclusive_group="g", label="child abuse"),
    topic("opioid-prescribing", "2", exclusive_group="g", label="opioid prescribing"),
    topic("laws-and-rules", "1", counts_toward_total=False, label="laws and rules"),
    carryover_cap=d("20"),
)
CREDITS = [
    credit(1, date(2025, 3, 1), "2", topics=("child-abuse", "opioid-prescribing")),
    credit(2, date(2025, 4, 1), "2", topics=("opioid-prescribing",)),
    credit(3, date(2025, 5, 1), "1", topics=("laws-and-rules",)),
    credit(4, date(2025, 6, 1), "15", credit_type="ama-pra-2"),
    credit(5, date(2023, 3, 1), "70"),
    credit(6, date(2026, 3, 1), "5"),
]


def steps():  # type: ignore[no-untyped-def]
    cycle = cycle_of(RULES, license())
    plans = plans_for(RULES, license(), cycle, AFTER_CYCLE)
    book = book_of(reversed(CREDITS), plans.plans, cycle, AFTER_CYCLE)
    return cycle, plans, book


def test_the_book_keeps_the_credits_completed_by_the_day_judged_in_credit_order() -> None:
    _, _, book = steps()
    assert [c.activity_id for c in book.credits] == [5, 1, 2, 3, 4]
    assert book.by_topic["opioid-prescribing"] == (1, 2)
    assert book.labels["xx-md.child-abuse"] == "child abuse"


def test_allocation_gives_exclusive_hours_to_one_mandate_and_takes_on_top_hours_off_the_total() -> (
    None
):
    _, plans, book = steps()
    allocation = allocate(plans.plans, book)
    # Credit 2 fits one mandate only, so it is placed first and fills opioids; the credit on
    # both topics then goes to child abuse, still short. The course on top of the total
    # leaves the total.
    assert dict(allocation.claims) == {1: "xx-md.child-abuse", 2: "xx-md.opioid-prescribing"}
    assert set(allocation.off_total) == {3}
    assert "on top of the total" in allocation.off_total[3]


def test_caps_leave_the_excess_of_a_capped_type_out_of_the_total() -> None:
    _, plans, book = steps()
    caps = cap(plans.plans, book, allocate(plans.plans, book))
    assert dict(caps.total_amounts) == {4: d("10")}
    assert caps.uncounted[4] == UncountedCredit(
        4, "5.00 Category 2 credits above the 10-credit cap"
    )


def test_carryover_hands_on_the_previous_cycles_excess_up_to_the_cap() -> None:
    cycle, plans, book = steps()
    carryover = carry_over(RULES, cycle, plans.plans, book, allocate(plans.plans, book))
    assert carryover.total == d("20")
    assert dict(carryover.topics) == {}


def test_carryover_names_the_previous_cycles_last_credits_as_its_source() -> None:
    cycle, plans, book = steps()
    carryover = carry_over(RULES, cycle, plans.plans, book, allocate(plans.plans, book))
    assert carryover.source is not None
    assert (carryover.source.start, carryover.source.end) == (date(2022, 1, 31), date(2024, 1, 31))
    # 70 credits against 40 required: 30 over, 20 carried, all of them from credit 5.
    assert [(c.activity_id, c.amount) for c in carryover.sources] == [(5, d("20"))]
    report = evaluate(RULES, license(), CREDITS, AFTER_CYCLE)
    assert report.carryover_from == (date(2022, 1, 31), date(2024, 1, 31))
    assert report.carried_over == carryover.sources
    assert report.results[0].carried_in == d("20")


def test_the_kinds_read_the_ledger_the_steps_built_and_evaluate_agrees() -> None:
    cycle, plans, book = steps()
    allocation = allocate(plans.plans, book)
    ledger = Ledger(
        book,
        allocation,
        cap(plans.plans, book, allocation),
        carry_over(RULES, cycle, plans.plans, book, allocation),
    )
    results = judge(plans.plans, ledger)
    # 20 carried + 2 + 2 + 10 of the 15 Category 2 credits; the on-top course is not counted.
    assert results[0].earned == d("34")
    assert results == evaluate(RULES, license(), CREDITS, AFTER_CYCLE).results


def test_what_a_step_hands_on_cannot_be_changed_by_a_later_one() -> None:
    _, plans, book = steps()
    allocation = allocate(plans.plans, book)
    caps = cap(plans.plans, book, allocation)
    with pytest.raises(FrozenInstanceError):
        allocation.claims = {}  # type: ignore[misc]
    with pytest.raises(TypeError):
        allocation.off_total[4] = "taken"  # type: ignore[index]
    with pytest.raises(TypeError):
        caps.total_amounts[1] = d("0")  # type: ignore[index]
    assert allocate(plans.plans, book) == allocation
    assert cap(plans.plans, book, allocation) == caps
