"""CME cycles: which dates a requirement looks at.

Every window is half-open, (start, end]: a credit completed on the start date belongs to the
previous cycle, one completed on the end date (the renewal date) to this one.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from .types import FixedPeriods, LicenseFacts


def add_months(day: date, months: int) -> date:
    """Same day `months` later (or earlier); the 31st becomes the last day of a shorter month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if day.day <= 28:  # every month has the day: no calendar to read (cycles walk many years)
        return date(year, month + 1, day.day)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """Same date `years` later (or earlier); 29 Feb becomes 28 Feb in a common year."""
    return add_months(day, 12 * years)


def whole_months(start: date, end: date) -> int:
    """Completed months from `start` to `end` (0 if `end` is not after `start`)."""
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True, slots=True)
class Span:
    """The dates (start, end]."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start < day <= self.end


@dataclass(frozen=True, slots=True)
class Cycle:
    """One CME cycle of a license.

    `renewal` numbers cycles from licensure: 1 is the cycle that ends at the first renewal after
    initial licensure (the initial cycle), 2 the next, and so on. `full_start` is where a full
    cycle would have started; on the initial cycle `span.start` is the issue date instead.
    """

    span: Span
    full_start: date
    years: int
    renewal: int
    issued_on: date

    @property
    def start(self) -> date:
        return self.span.start

    @property
    def end(self) -> date:
        return self.span.end

    @property
    def is_initial(self) -> bool:
        return self.renewal == 1

    def renewal_end(self, renewal: int) -> date:
        """The renewal date that closes cycle number `renewal` of this license."""
        return add_years(self.end, -(self.renewal - renewal) * self.years)

    def previous(self) -> Cycle | None:
        """The cycle before this one, or None on the initial cycle.

        Its number is one less: `_renewal_number` walks back from this cycle's full start
        through the previous one's, so there is no need to walk again.
        """
        if self.is_initial:
            return None
        renewal = self.renewal - 1
        full_start = add_years(self.full_start, -self.years)
        start = self.issued_on if renewal == 1 else full_start
        return Cycle(Span(start, self.full_start), full_start, self.years, renewal, self.issued_on)

    def year_slices(self) -> tuple[Span, ...]:
        """One-year spans counted back from the cycle end, the earliest clipped to the start."""
        slices: list[Span] = []
        end = self.end
        while end > self.start:
            start = max(add_years(end, -1), self.start)
            slices.append(Span(start, end))
            end = start
        return tuple(reversed(slices))


def _renewal_number(full_start: date, years: int, issued_on: date) -> int:
    number = 1
    start = full_start
    while start > issued_on:
        start = add_years(start, -years)
        number += 1
    return number


def _cycle(end: date, years: int, issued_on: date, full_start: date) -> Cycle:
    renewal = _renewal_number(full_start, years, issued_on)
    start = issued_on if renewal == 1 else full_start
    return Cycle(Span(start, end), full_start, years, renewal, issued_on)


def license_cycle(
    license: LicenseFacts,
    years: int,
    fixed: FixedPeriods | None = None,
    *,
    calendar_years: bool = False,
) -> Cycle:
    """The cycle that ends at the license's expiry (or its explicit CME cycle).

    On a board with fixed CME periods the cycle is the period the renewal on `expires_on`
    answers for (see `fixed_period_end`); on a board that counts whole calendar years before
    the renewal year it ends on the 31 December before. A license issued inside the window is
    on its initial cycle, which starts at `issued_on`.
    """
    if license.cycle_end is None and fixed is not None:
        end = fixed_period_end(license.expires_on, years, fixed)
        return _cycle(end, years, license.issued_on, add_years(end, -years))
    if license.cycle_end is None and calendar_years:
        end = date(license.expires_on.year - 1, 12, 31)
        return _cycle(end, years, license.issued_on, add_years(end, -years))
    end = license.cycle_end or license.expires_on
    # An explicit cycle is given as people write it, first and last day included ("1 Jan 2024
    # to 31 Dec 2026"); spans are (start, end], so the span starts the day before.
    if license.cycle_start is not None:
        full_start = license.cycle_start - timedelta(days=1)
    else:
        full_start = add_years(end, -years)
    return _cycle(end, years, license.issued_on, full_start)


def fixed_period_end(renewal: date, years: int, fixed: FixedPeriods) -> date:
    """The end of the fixed period a renewal on `renewal` answers for.

    The period that closed within the last renewal interval before it (Kentucky's renewal by
    1 March 2027 reports the period that ended on 31 December 2026); if none closed then, the
    period in progress (the 2026 renewal shows the 2024-2026 period still running).
    """
    anchor = fixed.starts - timedelta(days=1)  # periods are (end of one, end of the next]
    k = (renewal.year - anchor.year) // years - 2
    while add_years(anchor, (k + 1) * years) <= renewal:
        k += 1
    last_closed = add_years(anchor, k * years)
    if last_closed > add_years(renewal, -fixed.renewal_years):
        return last_closed
    return add_years(anchor, (k + 1) * years)


def lookback(end: date, years: int) -> Span:
    """The `years` before `end`: the window of an every-N-years requirement."""
    return Span(add_years(end, -years), end)
