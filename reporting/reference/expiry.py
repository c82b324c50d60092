"""When a license expires, by its board's rule: the rule book's `cycle_anchor`, as dates.

Boards fix the renewal date in a few ways: a calendar day (31 January of even years), the
physician's birth month or birthday, or the month the license was issued. From the physician's
birth date and first licensure this gives the next expiry on or after a day — or, where the
rule leaves the year open (a two-year birth-month cycle whose parity the board assigns), the
dates it could be. Pure: no Django, no database.
"""

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Any

_MONTHS = list(calendar.month_name)
# How many years ahead a proposal looks; every rule here repeats within four years.
_HORIZON = 6


@dataclass(frozen=True)
class ExpiryAnchor:
    """A board's renewal rule. `kind` is the rule book's anchor type."""

    kind: str  # fixed_date, calendar_year, birth_month, birth_date, license_issue_date, ...
    every_years: int
    month: int | None = None
    day: int | None = None
    parity: str | None = None  # "even" / "odd": the years it falls in
    last_day_of_month: bool = False


@dataclass(frozen=True)
class ExpiryProposal:
    """What the rule gives: one date (`on`), or the dates it could be, and the rule in words."""

    rule: str
    on: date | None = None
    candidates: tuple[date, ...] = ()
    needs: str = ""  # what is missing to work it out ("your date of birth")


def expiry_anchor(record: dict[str, Any]) -> ExpiryAnchor:
    """A board record's anchor (its `cycle_anchor`, renewing every `renewal_frequency_years`)."""
    anchor = record.get("cycle_anchor") or {}
    every = record.get("renewal_frequency_years") or record.get("cycle_years") or 2
    kind = anchor.get("type") or "unspecified"
    month, day = anchor.get("month"), anchor.get("day")
    if kind == "calendar_year":
        month, day = 12, 31
    # Even or odd years only matter to a rule that skips years (a yearly renewal's parity is
    # its CME period's, not the license's).
    parity = anchor.get("years") if anchor.get("years") in {"even", "odd"} and every > 1 else None
    return ExpiryAnchor(
        kind=kind,
        every_years=int(every),
        month=month,
        day=day,
        parity=parity,
        last_day_of_month=anchor.get("day_rule") == "last_day_of_month",
    )


def _on(year: int, month: int, day: int | None, last: bool) -> date:
    final = calendar.monthrange(year, month)[1]
    return date(year, month, final if last or day is None else min(day, final))


def _every(anchor: ExpiryAnchor) -> str:
    return "every year" if anchor.every_years == 1 else f"every {anchor.every_years} years"


def _day_words(anchor: ExpiryAnchor, month_words: str) -> str:
    if anchor.last_day_of_month or anchor.day is None:
        return f"on the last day of {month_words}"
    if anchor.day == 1:
        return f"on the first day of {month_words}"
    return f"on day {anchor.day} of {month_words}"


def rule_words(anchor: ExpiryAnchor) -> str:
    """The rule as a sentence ("Licenses expire on your birthday, every 2 years.")."""
    every = _every(anchor)
    if anchor.kind in {"fixed_date", "calendar_year"} and anchor.month:
        if anchor.parity:
            return (
                f"Licenses expire on {anchor.day} {_MONTHS[anchor.month]} of {anchor.parity} years."
            )
        return f"Licenses expire on {anchor.day} {_MONTHS[anchor.month]}, {every}."
    if anchor.kind == "birth_month":
        return f"Licenses expire {_day_words(anchor, 'your birth month')}, {every}."
    if anchor.kind == "birth_date":
        return f"Licenses expire on your birthday, {every}."
    if anchor.kind == "license_issue_date":
        if anchor.month:
            return (
                f"Licenses expire on {anchor.day} {_MONTHS[anchor.month]}, {every}, "
                "counted from the year you were first licensed."
            )
        if anchor.last_day_of_month:
            return (
                f"Licenses expire on the last day of the month you were first licensed in, {every}."
            )
        return f"Licenses expire on the anniversary of your first licensure, {every}."
    if anchor.kind == "last_name_group":
        return "The board sets the renewal date by the first letter of your last name."
    return ""


def next_expiry(
    anchor: ExpiryAnchor,
    *,
    birth_date: date | None,
    issued_on: date | None,
    on_or_after: date,
) -> ExpiryProposal | None:
    """The expiry the rule gives on or after `on_or_after`; None where no rule gives one."""
    rule = rule_words(anchor)
    if not rule or anchor.kind in {"last_name_group", "unspecified"}:
        return None
    month, day, last = anchor.month, anchor.day, anchor.last_day_of_month
    base_year: int | None = None  # a year the expiry falls in (others: +/- every_years)
    if anchor.kind in {"birth_month", "birth_date"}:
        if birth_date is None:
            return ExpiryProposal(rule=rule, needs="your date of birth (on your profile)")
        month = birth_date.month
        if anchor.kind == "birth_date":
            day, last = birth_date.day, False
    elif anchor.kind == "license_issue_date":
        if issued_on is None:
            return ExpiryProposal(rule=rule, needs="the date you were first licensed")
        if month is None:
            month = issued_on.month
            day = None if last else issued_on.day
        base_year = issued_on.year
    if month is None:
        return None
    dates = [
        _on(year, month, day, last) for year in range(on_or_after.year, on_or_after.year + _HORIZON)
    ]
    dates = [d for d in dates if d >= on_or_after]
    if anchor.parity:
        dates = [d for d in dates if (d.year % 2 == 0) == (anchor.parity == "even")]
    elif base_year is not None:
        dates = [d for d in dates if (d.year - base_year) % anchor.every_years == 0]
    elif anchor.every_years > 1:
        # The rule repeats every few years but does not say which: the license does.
        return ExpiryProposal(rule=rule, candidates=tuple(dates[: anchor.every_years]))
    return ExpiryProposal(rule=rule, on=dates[0]) if dates else None
