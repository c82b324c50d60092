"""`credits_reach`: judging with only the credits in a license's reach gives the same report as
judging with the whole history, for every board's rules in the reference data."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.engine import Credit, credits_reach, evaluate

from .builders import license, reference_rule_sets
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
    reach = credits_reach(rule_set, facts, AS_OF)
    kept = [credit for credit in history if credit in reach]
    assert evaluate(rule_set, facts, kept, AS_OF) == evaluate(rule_set, facts, history, AS_OF)


@FAST
@given(careers())
def test_the_reach_changes_no_verdict_on_rich_rules(history: list[Credit]) -> None:
    reach = credits_reach(RICH, FACTS, AS_OF)
    kept = [credit for credit in history if credit in reach]
    assert evaluate(RICH, FACTS, kept, AS_OF) == evaluate(RICH, FACTS, history, AS_OF)


def test_old_credits_off_topic_are_out_of_reach_and_topic_ones_in() -> None:
    reach = credits_reach(RICH, FACTS, AS_OF)
    assert reach.after is not None
    assert reach.after < date(2023, 7, 31)  # the look-back and the previous cycle are in
    old = Credit(
        activity_id="a",
        completed_on=date(2008, 1, 1),
        credit_type="ama-pra-1",
        credits=Decimal(1),
        topics=frozenset(),
    )
    old_ethics = Credit(
        activity_id="b",
        completed_on=date(2008, 1, 1),
        credit_type="ama-pra-1",
        credits=Decimal(1),
        topics=frozenset({"medical-ethics"}),
    )
    assert old not in reach
    assert old_ethics in reach
