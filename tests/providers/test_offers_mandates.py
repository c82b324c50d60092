"""Which mandates an offered credit counts toward: the engine's answer, without a database."""

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from providers.mandates import (
    BoardRules,
    Designation,
    counts_toward,
    mandates_counted,
)
from reporting.engine import Kind, RequirementSpec, evaluate
from tests.engine.builders import credit, d, license, reference_rule_sets, rules, topic, total

CATEGORY_1 = frozenset({"ama-pra-1", "aoa-1a", "aafp-prescribed"})
TODAY = date(2026, 12, 7)


def _texas() -> RequirementSpec:
    return next(
        spec
        for spec in reference_rule_sets()["TX-MD"].requirements
        if spec.id == "tx-md.medical-ethics"
    )


def test_category_1_ethics_credit_counts_toward_texas_ethics() -> None:
    assert counts_toward(_texas(), credit_type="ama-pra-1", topics={"medical-ethics"})


def test_professional_responsibility_counts_toward_texas_ethics_too() -> None:
    assert counts_toward(_texas(), credit_type="aoa-1a", topics={"professional-responsibility"})


def test_category_2_ethics_credit_does_not_count_toward_texas_ethics() -> None:
    assert not counts_toward(_texas(), credit_type="ama-pra-2", topics={"medical-ethics"})


def test_category_1_credit_on_another_topic_does_not_count_toward_ethics() -> None:
    assert not counts_toward(_texas(), credit_type="ama-pra-1", topics={"implicit-bias"})


def test_a_sub_minimums_topic_counts_toward_its_parent() -> None:
    parent = topic("controlled-substances", "6", id="xx.cs")
    child = topic("opioid-prescribing", "2", id="xx.cs.opioids", parent="xx.cs")
    assert not counts_toward(parent, credit_type="ama-pra-1", topics={"opioid-prescribing"})
    assert counts_toward(
        parent, credit_type="ama-pra-1", topics={"opioid-prescribing"}, sub_minimums=[child]
    )


def test_an_exclusive_groups_mandate_takes_an_offered_credit() -> None:
    spec = topic("child-abuse", "2", exclusive_group="g")
    assert counts_toward(spec, credit_type="ama-pra-1", topics={"child-abuse"})


def test_nothing_counts_toward_a_cap() -> None:
    cap = RequirementSpec(
        id="xx.cap", kind=Kind.CATEGORY_CAP, cap=d("20"), credit_types=frozenset({"ama-pra-2"})
    )
    assert not counts_toward(cap, credit_type="ama-pra-2", topics=())


def test_category_minimum_takes_only_its_types() -> None:
    minimum = RequirementSpec(
        id="xx.c1", kind=Kind.CATEGORY_MIN, credits=d("24"), credit_types=CATEGORY_1
    )
    assert counts_toward(minimum, credit_type="aafp-prescribed", topics=())
    assert not counts_toward(minimum, credit_type="ama-pra-2", topics=())


TYPES = ("ama-pra-1", "ama-pra-2", "aoa-1a", "aoa-1b", "other")
TOPICS = ("medical-ethics", "child-abuse", "opioid-prescribing", "implicit-bias")


@settings(max_examples=200, deadline=None, database=None)
@given(
    kind=st.sampled_from([Kind.TOPIC, Kind.TOTAL, Kind.CATEGORY_MIN]),
    accepted=st.sets(st.sampled_from(TYPES), max_size=3),
    required_topics=st.sets(st.sampled_from(TOPICS), min_size=1, max_size=2),
    child_topic=st.none() | st.sampled_from(TOPICS),
    exclusive=st.booleans(),
    credit_type=st.sampled_from(TYPES),
    credit_topics=st.sets(st.sampled_from(TOPICS), max_size=2),
)
def test_counts_toward_agrees_with_what_evaluate_counts(
    kind: Kind,
    accepted: set[str],
    required_topics: set[str],
    child_topic: str | None,
    exclusive: bool,
    credit_type: str,
    credit_topics: set[str],
) -> None:
    """Offered, a credit counts toward a requirement exactly when, earned inside the cycle, the
    engine counts it there."""
    spec = RequirementSpec(
        id="xx.req",
        kind=kind,
        credits=d("2"),
        credit_types=frozenset(accepted),
        topics=frozenset(required_topics) if kind is Kind.TOPIC else frozenset(),
        exclusive_group="g" if exclusive and kind is Kind.TOPIC else None,
    )
    children = (
        (topic(child_topic, "1", id="xx.req.child", parent="xx.req"),)
        if child_topic and kind is Kind.TOPIC
        else ()
    )
    earned = credit("offer", date(2025, 6, 1), "1", credit_type, tuple(credit_topics))
    report = evaluate(
        rules(total("40"), spec, *children), license(), [earned], as_of=date(2025, 12, 1)
    )
    counted = next(r for r in report.results if r.requirement_id == "xx.req").counted
    expected = "offer" in counted
    assert (
        counts_toward(spec, credit_type=credit_type, topics=credit_topics, sub_minimums=children)
        is expected
    )


def _board(code: str, name: str, state: str) -> BoardRules:
    return BoardRules(name=name, state=state, codes=(code,), rules=reference_rule_sets()[code])


def test_an_ethics_activity_counts_toward_texas_ethics_in_words() -> None:
    found = mandates_counted(
        [_board("TX-MD", "Texas Medical Board", "TX")],
        designations=[Designation("ama-pra-1", Decimal("3.50"))],
        topics={"medical-ethics"},
        today=TODAY,
    )
    assert [m.requirement_id for m in found] == ["tx-md.medical-ethics"]
    (ethics,) = found
    assert ethics.sentence == (
        "Texas Medical Board — medical ethics or professional responsibility, 2 h"
    )
    assert ethics.credit_types == ("AMA PRA Category 1",)
    assert ethics.covers_all


def test_a_category_2_designation_counts_toward_no_texas_mandate() -> None:
    found = mandates_counted(
        [_board("TX-MD", "Texas Medical Board", "TX")],
        designations=[Designation("ama-pra-2", Decimal("3.50"))],
        topics={"medical-ethics"},
        today=TODAY,
    )
    assert found == []


def test_a_mandate_for_some_physicians_says_for_whom() -> None:
    found = mandates_counted(
        [_board("TX-MD", "Texas Medical Board", "TX")],
        designations=[Designation("ama-pra-1", Decimal("1.00"))],
        topics={"human-trafficking"},
        today=TODAY,
    )
    assert [m.sentence for m in found] == [
        "Texas Medical Board — human trafficking, 1 h, for physicians with a direct patient "
        "care practice"
    ]
    assert not found[0].covers_all or found[0].required == Decimal("1")


def test_boards_come_by_state_and_each_names_its_board() -> None:
    boards = [
        _board("TX-MD", "Texas Medical Board", "TX"),
        _board("CA-MD", "Medical Board of California", "CA"),
    ]
    found = mandates_counted(
        boards,
        designations=[Designation("ama-pra-1", Decimal("12.00"))],
        topics={"medical-ethics", "implicit-bias", "pain-management", "geriatrics"},
        today=TODAY,
    )
    states = [m.state for m in found]
    assert states == sorted(states)
    assert {m.board for m in found} <= {"Texas Medical Board", "Medical Board of California"}
    assert "tx-md.medical-ethics" in {m.requirement_id for m in found}


def test_less_credit_than_the_mandate_asks_is_not_all_of_it() -> None:
    spec = topic("implicit-bias", "2", id="zz.bias")
    found = mandates_counted(
        [BoardRules("Board of Z", "ZZ", ("ZZ-MD",), rules(spec))],
        designations=[Designation("ama-pra-1", Decimal("1.00"))],
        topics={"implicit-bias"},
        today=TODAY,
    )
    assert [m.covers_all for m in found] == [False]


def test_a_mandate_not_yet_in_force_says_from_when() -> None:
    spec = topic("implicit-bias", "2", id="zz.bias", effective_from=date(2027, 1, 1))
    (found,) = mandates_counted(
        [BoardRules("Board of Z", "ZZ", ("ZZ-MD",), rules(spec))],
        designations=[Designation("ama-pra-1", Decimal("2.00"))],
        topics={"implicit-bias"},
        today=TODAY,
    )
    assert found.sentence == "Board of Z — implicit bias, 2 h (from 1 Jan 2027)"
