from datetime import date

import pytest

from reporting.engine.cycles import (
    Span,
    add_months,
    add_years,
    license_cycle,
    lookback,
    whole_months,
)
from reporting.engine.types import FixedPeriods

from .builders import license


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2024, 2, 29), 1, date(2025, 2, 28)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),
        (date(2024, 2, 29), -2, date(2022, 2, 28)),
        (date(2025, 8, 31), -2, date(2023, 8, 31)),
        (date(2026, 1, 31), 0, date(2026, 1, 31)),
    ],
)
def test_add_years_handles_leap_days(day: date, years: int, expected: date) -> None:
    assert add_years(day, years) == expected


def test_add_months_clamps_to_the_end_of_a_shorter_month() -> None:
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)
    assert add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2024, 6, 15), date(2026, 1, 31), 19),
        (date(2024, 1, 31), date(2026, 1, 31), 24),
        (date(2024, 1, 31), date(2024, 2, 29), 1),  # month-end to month-end
        (date(2024, 3, 1), date(2024, 2, 1), 0),
    ],
)
def test_whole_months_counts_completed_months(start: date, end: date, months: int) -> None:
    assert whole_months(start, end) == months


def test_default_cycle_is_the_years_before_expiry_start_exclusive_end_inclusive() -> None:
    cycle = license_cycle(license(expires_on=date(2026, 1, 31)), 2)
    assert (cycle.start, cycle.end) == (date(2024, 1, 31), date(2026, 1, 31))
    assert date(2024, 1, 31) not in cycle.span
    assert date(2024, 2, 1) in cycle.span
    assert date(2026, 1, 31) in cycle.span
    assert date(2026, 2, 1) not in cycle.span


def test_license_issued_inside_the_window_is_on_its_initial_cycle() -> None:
    cycle = license_cycle(license(issued_on=date(2024, 6, 15)), 2)
    assert cycle.is_initial
    assert cycle.renewal == 1
    assert cycle.start == date(2024, 6, 15)
    assert cycle.previous() is None


def test_explicit_cycle_overrides_the_expiry() -> None:
    facts = license(
        expires_on=date(2026, 1, 31), cycle_start=date(2023, 2, 1), cycle_end=date(2026, 1, 31)
    )
    cycle = license_cycle(facts, 3)
    # The span (start, end] starts the day before the cycle's first day.
    assert (cycle.start, cycle.end) == (date(2023, 1, 31), date(2026, 1, 31))


@pytest.mark.parametrize(
    ("issued_on", "renewal"),
    [
        (date(2024, 6, 15), 1),
        (date(2024, 1, 31), 1),  # licensed on the day a full cycle starts: still the first renewal
        (date(2023, 6, 15), 2),  # initial cycle ended 31 Jan 2024
        (date(2021, 6, 15), 3),
    ],
)
def test_renewal_number_counts_cycles_since_licensure(issued_on: date, renewal: int) -> None:
    assert license_cycle(license(issued_on=issued_on), 2).renewal == renewal


def test_previous_cycle_and_renewal_dates() -> None:
    cycle = license_cycle(license(issued_on=date(2021, 6, 15)), 2)
    previous = cycle.previous()
    assert previous is not None
    assert (previous.start, previous.end) == (date(2022, 1, 31), date(2024, 1, 31))
    initial = previous.previous()
    assert initial is not None
    assert (initial.start, initial.end, initial.renewal) == (
        date(2021, 6, 15),
        date(2022, 1, 31),
        1,
    )
    assert cycle.renewal_end(1) == date(2022, 1, 31)
    assert cycle.renewal_end(5) == date(2030, 1, 31)


def test_year_slices_count_back_from_the_cycle_end() -> None:
    cycle = license_cycle(license(expires_on=date(2026, 7, 31)), 3)
    assert cycle.year_slices() == (
        Span(date(2023, 7, 31), date(2024, 7, 31)),
        Span(date(2024, 7, 31), date(2025, 7, 31)),
        Span(date(2025, 7, 31), date(2026, 7, 31)),
    )
    initial = license_cycle(license(expires_on=date(2026, 7, 31), issued_on=date(2025, 1, 10)), 3)
    assert initial.year_slices() == (
        Span(date(2025, 1, 10), date(2025, 7, 31)),
        Span(date(2025, 7, 31), date(2026, 7, 31)),
    )


def test_lookback_spans_whole_years_before_the_end() -> None:
    assert lookback(date(2026, 1, 31), 6) == Span(date(2020, 1, 31), date(2026, 1, 31))


# Kentucky: "each three (3) year continuing education cycle beginning on January 1, 2015"
# (201 KAR 9:310 s.5(1)); the license itself renews every year by 1 March.
KENTUCKY = FixedPeriods(starts=date(2024, 1, 1), renewal_years=1)
# Missouri: "the twenty-four (24)-month period beginning January 1 of each even-numbered year
# and ending December 31 of each odd-numbered year" (20 CSR 2150-2.125); yearly registration.
MISSOURI = FixedPeriods(starts=date(2024, 1, 1), renewal_years=1)


@pytest.mark.parametrize(
    ("fixed", "years", "expires_on", "start", "end"),
    [
        # The renewal after a period closes reports that period ...
        (KENTUCKY, 3, date(2027, 3, 1), date(2023, 12, 31), date(2026, 12, 31)),
        # ... and a renewal with no period just closed shows the one in progress.
        (KENTUCKY, 3, date(2026, 3, 1), date(2023, 12, 31), date(2026, 12, 31)),
        (KENTUCKY, 3, date(2028, 3, 1), date(2026, 12, 31), date(2029, 12, 31)),
        (MISSOURI, 2, date(2026, 1, 31), date(2023, 12, 31), date(2025, 12, 31)),
        (MISSOURI, 2, date(2027, 1, 31), date(2025, 12, 31), date(2027, 12, 31)),
        # A period's last day is itself a renewal date (Mississippi, 30 June of even years).
        (
            FixedPeriods(date(2024, 7, 1), 1),
            2,
            date(2026, 6, 30),
            date(2024, 6, 30),
            date(2026, 6, 30),
        ),
    ],
)
def test_fixed_cme_periods_are_the_same_for_every_licensee(fixed, years, expires_on, start, end):
    cycle = license_cycle(license(expires_on=expires_on), years, fixed)
    assert (cycle.start, cycle.end) == (start, end)


def test_an_explicit_cycle_wins_over_fixed_periods() -> None:
    facts = license(cycle_start=date(2020, 1, 1), cycle_end=date(2022, 12, 31))
    cycle = license_cycle(facts, 3, KENTUCKY)
    assert cycle.end == date(2022, 12, 31)


def test_new_hampshire_counts_the_two_calendar_years_before_the_expiry_year() -> None:
    # "the 2018-2019 cycle for licenses expiring 30 June 2020"
    cycle = license_cycle(license(expires_on=date(2020, 6, 30)), 2, calendar_years=True)
    assert (cycle.start, cycle.end) == (date(2017, 12, 31), date(2019, 12, 31))


def test_an_explicit_cycle_counts_its_first_and_last_day() -> None:
    # "1 January 2024 - 31 December 2026": a course on 1 January 2024 counts, as people read it.
    facts = license(cycle_start=date(2024, 1, 1), cycle_end=date(2026, 12, 31))
    cycle = license_cycle(facts, 3)
    assert date(2024, 1, 1) in cycle.span
    assert date(2026, 12, 31) in cycle.span
    assert date(2023, 12, 31) not in cycle.span
