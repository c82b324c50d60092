"""What every learner export shares: the rows it could not report, and safe CSV cells.

A claim an export cannot report is never dropped in silence: it comes back with the reason in
words, for the exports page to list beside the download ("no state license or NPI").
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from providers.records import LearnerClaim

# A cell starting with one of these is a formula to Excel, LibreOffice and Google Sheets (OWASP
# "CSV Injection"); the leading apostrophe makes it text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The 50 states, DC and the territories whose boards license physicians (postal codes).
# fmt: off
US_LICENSING_STATES = frozenset((
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY", "AS", "GU", "MP", "PR", "VI",
))
# fmt: on


class CannotExport(ValueError):
    """The whole file cannot be made (the activity lacks an identifier); said in words."""


@dataclass(frozen=True)
class CannotReport:
    """A claim left out of the file, and why, in words the provider's staff act on."""

    claim: LearnerClaim
    reasons: tuple[str, ...]

    @property
    def learner(self) -> str:
        return self.claim.full_name or self.claim.email

    @property
    def sentence(self) -> str:
        """ "Alice Moreno: no month and day of birth; no state license (state and number) or NPI."""
        return f"{self.learner}: {'; '.join(self.reasons)}."


@dataclass(frozen=True)
class Export:
    """The file's bytes, its name and type, and the claims it could not carry."""

    filename: str
    content_type: str
    content: bytes
    reported: int
    cannot_report: tuple[CannotReport, ...]


def cell_safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def csv_bytes(rows: Iterable[Sequence[str]], *, header: Sequence[str] | None = None) -> bytes:
    """CSV with CRLF line ends (what Excel writes), every cell made formula-safe, UTF-8."""
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\r\n")
    if header is not None:
        writer.writerow(header)
    for row in rows:
        writer.writerow([cell_safe(cell) for cell in row])
    return stream.getvalue().encode("utf-8")


def npi_is_valid(npi: str) -> bool:
    """Ten digits whose last is the Luhn check digit over "80840" + the first nine (CMS)."""
    if len(npi) != 10 or not npi.isdigit():
        return False
    digits = [int(d) for d in "80840" + npi]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def birth_day_problem(month: int | None, day: int | None) -> str | None:
    """Why a birth month and day cannot be reported, or None when they can (29 Feb is a day)."""
    if month is None or day is None:
        return "no month and day of birth"
    try:
        datetime.date(2000, month, day)  # a leap year, so 29 February is accepted
    except ValueError:
        return f"month {month} and day {day} of birth are not a date"
    return None


def us_date(day: datetime.date) -> str:
    """MM/DD/YYYY, the date form US spreadsheet uploads read."""
    return day.strftime("%m/%d/%Y")
