"""The shortcuts the engine takes to judge a busy record quickly must answer exactly what the
plain definitions answer: a span's credits found by bisecting dates, a credit type's credits,
the previous cycle's number, a month added without reading the calendar."""

import calendar
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.engine import Credit
from reporting.engine.cycles import Span, _cycle, add_months, add_years, license_cycle
from reporting.engine.evaluate import book_of

from .builders import license

START = date(2019, 1, 1)
TYPES = ("ama-pra-1", "ama-pra-2", "other")
# Month ends and leap days are where adding months and years needs the calendar.
DAYS = st.one_of(
    st.dates(date(2015, 1, 1), date(2030, 12, 31)),
    st.sampled_from([date(2020, 2, 29), date(2024, 2, 29), date(2023, 1, 31), date(2022, 8, 30)]),
)
FAST = settings(max_examples=200, deadline=None, database=None)


@st.composite
def records(draw: st.DrawFn) -> list[Credit]:
    rows = draw(
        st.lists(
            st.tuples(st.integers(0, 1500), st.sampled_from(TYPES), st.integers(1, 8)),
            max_size=40,
        )
    )
    return [
        Credit(
            activity_id=n,
            completed_on=START + timedelta(days=offset),
            credit_type=credit_type,
            credits=Decimal(quarters) / 4,
        )
        for n, (offset, credit_type, quarters) in enumerate(rows)
    ]


@st.composite
def spans(draw: st.DrawFn) -> Span:
    start = draw(st.one_of(st.just(date.min), st.dates(date(2018, 6, 1), date(2023, 6, 1))))
    end = draw(st.dates(date(2018, 6, 1), date(2023, 6, 1)))
    return Span(start, end)  # may be empty, even inverted: then no credit is in it


@FAST
@given(records(), spans(), st.frozensets(st.sampled_from(TYPES)))
def test_a_spans_credits_are_the_credits_whose_date_is_in_it(
    credits: list[Credit], span: Span, types: frozenset[str]
) -> None:
    cycle = license_cycle(license(), 2)
    book = book_of(credits, (), cycle, date(2030, 1, 1))
    inside = tuple(i for i, credit in enumerate(book.credits) if credit.completed_on in span)
    assert book.in_span(span) == inside
    of_types = tuple(i for i in inside if not types or book.credits[i].credit_type in types)
    assert book.of_types(types, span) == of_types


@FAST
@given(DAYS, st.integers(-200, 200))
def test_adding_months_matches_the_calendar(day: date, months: int) -> None:
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    assert add_months(day, months) == date(year, month, min(day.day, last))


@FAST
@given(DAYS, DAYS, st.integers(1, 4))
def test_the_previous_cycle_is_the_one_counted_from_licensure(
    issued_on: date, expires_on: date, years: int
) -> None:
    cycle = license_cycle(license(issued_on=issued_on, expires_on=expires_on), years)
    while (previous := cycle.previous()) is not None:
        # As if built from scratch: its number walks back from its own full start.
        assert previous == _cycle(
            cycle.full_start, years, issued_on, add_years(cycle.full_start, -years)
        )
        cycle = previous
    assert cycle.is_initial
