"""The book orders credits by `credit_order`; building the whole key only for credits that
share a day must give exactly the order of sorting by it, ties included."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.engine import Credit
from reporting.engine.evaluate import _in_credit_order, credit_order

DAYS = 6  # few days, so that many credits share one


@st.composite
def same_days(draw: st.DrawFn) -> list[Credit]:
    rows = draw(
        st.lists(
            st.tuples(
                st.integers(0, DAYS),
                st.one_of(st.integers(0, 5), st.sampled_from(["what-if", "3", "x"])),
                st.sampled_from(["ama-pra-1", "ama-pra-2", "other"]),
                st.integers(1, 8),
                st.sets(st.sampled_from(["ethics", "opioids", "pain"]), max_size=2),
                st.sampled_from(["", "Grand rounds", "Audit"]),
            ),
            max_size=25,
        )
    )
    return [
        Credit(
            activity_id=activity_id,
            completed_on=date(2026, 1, 1) + timedelta(days=offset),
            credit_type=credit_type,
            credits=Decimal(quarters) / 4,
            topics=frozenset(topics),
            title=title,
        )
        for offset, activity_id, credit_type, quarters, topics, title in rows
    ]


@settings(max_examples=300, deadline=None, database=None)
@given(same_days())
def test_credits_are_in_the_order_of_sorting_by_the_whole_key(credits: list[Credit]) -> None:
    expected = tuple(sorted(credits, key=credit_order))
    got = _in_credit_order(list(credits))
    assert got == expected
    # Equal credits keep the order they came in, as a stable sort keeps them.
    assert [id(c) for c in got] == [id(c) for c in expected]
