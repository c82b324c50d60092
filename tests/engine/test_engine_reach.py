"""`credits_reach`: judging with only the credits in a license's reach gives the same verdict,
and each requirement the same status and credits counted, as judging with the whole history,
for every board's rules in the reference data; asked for the old topic credits too, the very
same report."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.engine import ComplianceReport, Credit, Reach, credits_reach, evaluate
from reporting.engine.evaluate import cycle_of, plans_for
from reporting.engine.types import Kind, LicenseFacts, RuleSetSpec, Window

from .builders import d, license, reference_rule_sets, rules, topic, total
from .test_engine_properties import AS_OF, FACTS, RICH, TYPES

RULE_SETS = reference_rule_sets()
ALL_TOPICS = sorted(
    {slug for rs in RULE_SETS.values() for r in rs.requirements for slug in r.topics}
)
FAST = settings(max_examples=40, deadline=None, database=None)


@st.composite
def careers(draw: st.DrawFn) -> list[Credit]:
    """Up to 30 credits over twenty years, any type, on the reference data's topics."""
    first = date(2006, 1, 1)
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(0, 7600),
                st.sampled_from(TYPES),
                st.integers(1, 80),
                st.sets(st.sampled_from(ALL_TOPICS), max_size=2),
            ),
            max_size=30,
        )
    )
    return [
        Credit(
            activity_id=n,
            completed_on=first + timedelta(days=offset),
            credit_type=credit_type,
            credits=Decimal(quarters) / 4,
            topics=frozenset(topics),
        )
        for n, (offset, credit_type, quarters, topics) in enumerate(rows)
    ]


OUTSIDE = "completed outside the window"


def assert_same_but_old_topic_credits(
    bounded: ComplianceReport, whole: ComplianceReport, reach: Reach
) -> None:
    """The same report, except that a requirement's "not counted" list may lack the credits
    outside the reach, and only those listed as completed outside the window."""
    assert len(bounded.results) == len(whole.results)
    for mine, theirs in zip(bounded.results, whole.results, strict=True):
        missing = set(theirs.uncounted) - set(mine.uncounted)
        assert set(mine.uncounted) <= set(theirs.uncounted)
        assert all(u.reason == OUTSIDE for u in missing), missing
        assert [u for u in theirs.uncounted if u not in missing] == list(mine.uncounted)
        assert replace(mine, uncounted=()) == replace(theirs, uncounted=())
        # the counted credits and hours, the status, the words: all the same
        assert (mine.status, mine.counted, mine.earned) == (
            theirs.status,
            theirs.counted,
            theirs.earned,
        )
    assert replace(bounded, results=()) == replace(whole, results=())
    assert (bounded.compliant, bounded.status) == (whole.compliant, whole.status)


def both_reaches(rule_set: RuleSetSpec, facts: LicenseFacts, history: list[Credit]) -> None:
    whole = evaluate(rule_set, facts, history, AS_OF)
    reach = credits_reach(rule_set, facts, AS_OF)
    kept = [credit for credit in history if credit in reach]
    assert_same_but_old_topic_credits(evaluate(rule_set, facts, kept, AS_OF), whole, reach)
    for credit in set(history) - set(kept):  # what the bound left out: never counted anywhere
        assert all(credit.activity_id not in r.counted for r in whole.results)
        assert all(credit.activity_id != c.activity_id for c in whole.carried_over)
    listing = credits_reach(rule_set, facts, AS_OF, old_topic_credits=True)
    listed = [credit for credit in history if credit in listing]
    assert evaluate(rule_set, facts, listed, AS_OF) == whole


@FAST
@given(
    careers(),
    st.sampled_from(sorted(RULE_SETS)),
    st.sampled_from([date(2004, 6, 1), date(2024, 9, 1)]),  # a career, and a new licensee
    st.sets(st.sampled_from(["dea_registrant", "moc_current", "new_licensee"])),
)
def test_the_reach_changes_no_verdict_on_any_boards_rules(
    history: list[Credit], code: str, issued_on: date, conditions: set[str]
) -> None:
    rule_set = RULE_SETS[code]
    facts = license(
        expires_on=date(2027, 8, 31), issued_on=issued_on, conditions=tuple(sorted(conditions))
    )
    both_reaches(rule_set, facts, history)


@pytest.mark.parametrize("code", sorted(RULE_SETS))
def test_each_boards_rules_judge_alike_in_reach_on_a_long_career(code: str) -> None:
    """Every board, not only those hypothesis happens to draw: a credit every quarter for
    twenty years, every third on one of the rule book's topics."""
    first = date(2006, 1, 1)
    history = [
        Credit(
            activity_id=n,
            completed_on=first + timedelta(days=91 * n),
            credit_type=TYPES[n % len(TYPES)],
            credits=Decimal(n % 7 + 1) / 2,
            topics=frozenset({ALL_TOPICS[n % len(ALL_TOPICS)]} if n % 3 == 0 else ()),
        )
        for n in range(80)
    ]
    for issued_on in (date(2004, 6, 1), date(2024, 9, 1)):
        both_reaches(
            RULE_SETS[code], license(expires_on=date(2027, 8, 31), issued_on=issued_on), history
        )


@FAST
@given(careers())
def test_the_reach_changes_no_verdict_on_rich_rules(history: list[Credit]) -> None:
    both_reaches(RICH, FACTS, history)


def _credit(day: date, *topics: str) -> Credit:
    return Credit(
        activity_id=f"{day}-{topics}",
        completed_on=day,
        credit_type="ama-pra-1",
        credits=Decimal(1),
        topics=frozenset(topics),
    )


LONG_LOOK_BACK = rules(
    total("50"),
    topic("medical-ethics", "2"),
    topic("domestic-violence", "1", window=Window.EVERY_N_YEARS, window_n=8),
    cycle_years=2,
    carryover_cap=d("10"),
)
LOOK_BACK_START = date(2019, 8, 31)  # eight years before the cycle end, 31 Aug 2027


def test_a_topic_look_back_reaches_its_own_topic_only() -> None:
    """An eight-year look-back starts before the previous cycle: an off-topic credit of that
    time is out of reach, one on the look-back's topic is in."""
    facts = license(expires_on=date(2027, 8, 31), issued_on=date(2004, 6, 1))
    reach = credits_reach(LONG_LOOK_BACK, facts, AS_OF)
    assert reach.after == date(2023, 8, 31)  # the previous cycle's start, for the carry-over
    before_previous = date(2020, 3, 1)
    assert _credit(before_previous) not in reach
    assert _credit(before_previous, "domestic-violence") in reach
    assert _credit(LOOK_BACK_START, "domestic-violence") not in reach  # spans are (start, end]
    assert _credit(before_previous, "medical-ethics") not in reach  # its window is the cycle


@FAST
@given(careers())
def test_the_reach_changes_no_verdict_with_a_long_look_back(history: list[Credit]) -> None:
    facts = license(expires_on=date(2027, 8, 31), issued_on=date(2004, 6, 1))
    both_reaches(LONG_LOOK_BACK, facts, history)


def test_a_sub_minimums_topic_counts_in_its_parents_look_back() -> None:
    """A parent topic counts its sub-minimum's topic within its own (longer) span: a credit on
    the sub-minimum's topic from before the sub-minimum's window still counts for the parent."""
    parent = topic("pain-management", "6", window=Window.EVERY_N_YEARS, window_n=8)
    child = topic("opioid-prescribing", "2", parent=parent.id)
    rule_set = rules(total("50"), parent, child)
    facts = license(expires_on=date(2027, 8, 31), issued_on=date(2004, 6, 1))
    old_opioid = _credit(date(2020, 3, 1), "opioid-prescribing")
    assert old_opioid in credits_reach(rule_set, facts, AS_OF)
    both_reaches(rule_set, facts, [old_opioid, _credit(date(2026, 1, 5), "opioid-prescribing")])
    counted = evaluate(rule_set, facts, [old_opioid], AS_OF).results[1].counted
    assert old_opioid.activity_id in counted


def test_old_topic_credits_are_in_reach_only_when_asked_for() -> None:
    old_ethics = _credit(date(2008, 1, 1), "medical-ethics")
    assert old_ethics not in credits_reach(RICH, FACTS, AS_OF)
    listing = credits_reach(RICH, FACTS, AS_OF, old_topic_credits=True)
    assert old_ethics in listing
    assert _credit(date(2008, 1, 1)) not in listing


def test_a_one_time_topic_with_no_start_keeps_every_credit_on_its_topics_in_reach() -> None:
    facts = license(expires_on=date(2027, 8, 31), issued_on=date(2004, 6, 1))
    found = 0
    for rule_set in RULE_SETS.values():
        plans = plans_for(rule_set, facts, cycle_of(rule_set, facts), AS_OF).plans
        reach = credits_reach(rule_set, facts, AS_OF)
        for plan in plans:
            if plan.spec.kind is Kind.TOPIC and any(s.start == date.min for s in plan.spans):
                found += 1
                for slug in plan.spec.topics:
                    assert _credit(date(1990, 1, 1), slug) in reach
        assert _credit(date(1990, 1, 1)) not in reach  # an old credit off every topic
    assert found, "the rule book has a one-time course with no start"
