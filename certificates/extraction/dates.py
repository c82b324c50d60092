"""When the activity was completed (and started), from the dates a certificate prints.

A certificate prints several dates: the activity's (one day or a range), a release and an
expiry date, the day it was printed. Each is found by its shape, read by dateparser (which
knows "Sept. 3rd, 2023" and "Wednesday, March 19, 2025"), and judged by the words before it.
A range counts by its last day: a course taken "From 01/07/2025 to 07/06/2025" was completed on
6 July, and that is the day that puts it in one reporting window or the next.
"""

import datetime
import re
from dataclasses import dataclass
from functools import cache

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_WEEKDAY = r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
_WRITTEN = rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}|{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}"
_NUMERIC = rf"\d{{1,2}}/\d{{1,2}}/{_YEAR}|{_YEAR}-\d{{2}}-\d{{2}}|\d{{1,2}}-\d{{1,2}}-{_YEAR}"
_ONE = rf"(?:{_WRITTEN}|{_NUMERIC})"
_TO = r"\s*(?:-|to|through|thru|until|and)\s*"

_PATTERNS = [
    # From 01/07/2025 to 07/06/2025 · between April 1, 2025 and June 30, 2025
    re.compile(rf"(?P<start>{_ONE}){_TO}(?P<end>{_ONE})", re.I),
    # May 9-11, 2025 · January 30 - February 2, 2024
    re.compile(
        rf"\b(?P<mon>{_MONTH})\s+(?P<d>{_DAY})\s*-\s*(?:(?P<mon2>{_MONTH})\s+)?(?P<d2>{_DAY}),?"
        rf"\s+(?P<y>{_YEAR})\b",
        re.I,
    ),
    # 10-12 May 2023
    re.compile(
        rf"\b(?P<d>{_DAY})\s*-\s*(?P<d2>{_DAY})\s+(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR})\b", re.I
    ),
    re.compile(rf"(?P<one>{_ONE})", re.I),
]
_COMPLETION = re.compile(
    r"complet|attended|participat|awarded|activity date|date of (?:the )?activity|held|earned|"
    r"claimed|between|from|\bdates?\b",
    re.I,
)
_NOT_COMPLETION = re.compile(
    r"expir|releas|review date|reviewed on|last review|valid|terminat|approv|print|generat|"
    r"birth|\bdob\b|renew|issued",
    re.I,
)


@dataclass(frozen=True)
class ActivityDates:
    started_on: datetime.date | None
    completed_on: datetime.date | None


@cache
def _parser():  # type: ignore[no-untyped-def]
    # Imported on first use: dateparser loads its language data at import.
    import dateparser

    return dateparser


def parse_date(text: str) -> datetime.date | None:
    """One printed date (US month-first when it is ambiguous), or None if it is not one."""
    text = re.sub(r"\s+", " ", text.strip())
    parsed = _parser().parse(
        text,
        languages=["en"],
        settings={
            "DATE_ORDER": "MDY",
            "STRICT_PARSING": True,
            "REQUIRE_PARTS": ["day", "month", "year"],
        },
    )
    if parsed is None:
        return None
    found = parsed.date()
    return found if 1990 <= found.year <= 2100 else None


def _range_parts(match: re.Match[str]) -> tuple[datetime.date | None, datetime.date | None]:
    groups = match.groupdict()
    if groups.get("one"):
        return None, parse_date(groups["one"])
    if groups.get("start"):
        return parse_date(groups["start"]), parse_date(groups["end"])
    year, first_month = groups["y"], groups["mon"]
    last_month = groups.get("mon2") or first_month
    start = parse_date(f"{first_month} {groups['d']} {year}")
    end = parse_date(f"{last_month} {groups['d2']} {year}")
    return start, end


def activity_dates(flat: str) -> ActivityDates:
    """The activity's completion date (and first day, for a range) in flattened text."""
    candidates: list[tuple[int, int, datetime.date | None, datetime.date]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(flat):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue  # already read as part of a range
            started, completed = _range_parts(match)
            if completed is None or (started is not None and started > completed):
                continue
            taken.append((match.start(), match.end()))
            context = flat[max(0, match.start() - 45) : match.start()]
            score = 0
            if _COMPLETION.search(context):
                score += 3
            if re.search(r"\b(on|date|completed)\s*:?\s*$", context, re.I):
                score += 1
            if _NOT_COMPLETION.search(context):
                score -= 4
            candidates.append((score, -match.start(), started, completed))
    if not candidates:
        return ActivityDates(None, None)
    _, _, started, completed = max(candidates, key=lambda c: (c[0], c[1]))
    return ActivityDates(started, completed)
