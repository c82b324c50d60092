"""A CE Broker roster for one course: the completions a provider posts for its licensees.

CE Broker publishes its Excel roster layout (help.cebroker.com, "Creating Excel Files (Full
Course Credit)" and "(Partial Course Credit)"): no header row, and per attendee
A provider tracking number without "50-", B course tracking number without "20-", C the
provider's own course ID (instead of B), D a CE Broker publishing number (optional),
E the license number, F the completion date (M/D/YYYY), G "State=XX", H "Profession=CODE",
and for partial credit I the subject area code and J the hours earned.

CE Broker's upload takes an .xls workbook; this export is the same columns as CSV, which the
provider opens in Excel and saves as .xls (we add no spreadsheet-writing dependency for it).
CE Broker's profession codes are per state and listed on its site; the degree-to-code table
below is a default the caller may replace (README "Provider exports").
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from providers.exports.common import (
    US_LICENSING_STATES,
    CannotExport,
    CannotReport,
    Export,
    csv_bytes,
)
from providers.records import ActivityFacts, LearnerClaim, format_credits, on_quarter_grid

CEBROKER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("A", "provider tracking number, without 50-"),
    ("B", "course tracking number, without 20-"),
    ("C", "provider's own course ID (left empty: B is given)"),
    ("D", "publishing number (left empty: optional)"),
    ("E", "licensee's license number"),
    ("F", "completion date, M/D/YYYY"),
    ("G", "State=<two-letter state>"),
    ("H", "Profession=<CE Broker profession code>"),
    ("I", "subject area code, for partial credit only"),
    ("J", "hours earned, for partial credit only"),
)
# Degree on the claim -> CE Broker profession code. A default, not CE Broker's list: check the
# codes for the licensing state on CE Broker's "Profession Codes" page and pass your own.
DEFAULT_PROFESSION_CODES: Mapping[str, str] = {
    "MD": "MD",
    "DO": "DO",
    "PA": "PA",
    "NP": "APRN",
    "APRN": "APRN",
    "RN": "RN",
}


def _digits(value: str | None, prefix: str) -> str:
    text = (value or "").strip()
    return text.removeprefix(prefix) if text.startswith(prefix) else text


def _course_maximum(activity: ActivityFacts, claim: LearnerClaim) -> Decimal | None:
    designation = activity.designation(claim.credit_type_slug)
    return designation.maximum if designation is not None else None


def _problems(
    activity: ActivityFacts,
    claim: LearnerClaim,
    professions: Mapping[str, str],
    subject_area_code: str | None,
) -> list[str]:
    problems = []
    state = (claim.license_state or "").strip().upper()
    if not (claim.license_number or "").strip():
        problems.append("no license number (CE Broker matches licensees by license number)")
    if state not in US_LICENSING_STATES:
        problems.append("no US licensing state" if not state else f"{state} is not a US state")
    if claim.degree.upper() not in professions:
        problems.append(f"no CE Broker profession code for the degree {claim.degree}")
    if claim.credits <= 0:
        problems.append("no hours claimed")
    elif not on_quarter_grid(claim.credits):
        problems.append(f"{claim.credits} hours is not in 0.25-hour steps")
    maximum = _course_maximum(activity, claim)
    partial = maximum is not None and claim.credits < maximum
    if maximum is not None and claim.credits > maximum:
        problems.append(
            f"{format_credits(claim.credits)} hours is above the course's {format_credits(maximum)}"
        )
    if partial and not subject_area_code:
        problems.append("partial credit needs the course's CE Broker subject area code")
    return problems


def cebroker_roster(
    activity: ActivityFacts,
    claims: Iterable[LearnerClaim],
    *,
    professions: Mapping[str, str] = DEFAULT_PROFESSION_CODES,
    subject_area_code: str | None = None,
) -> Export:
    """The roster rows CE Broker's Excel upload reads, and the claims it cannot carry."""
    provider = _digits(activity.cebroker_provider_number, "50-")
    course = _digits(activity.cebroker_course_number, "20-")
    if not provider.isdigit() or not course.isdigit():
        raise CannotExport(
            "Enter the CE Broker provider tracking number (50-...) and course tracking number "
            "(20-...) for this activity before exporting a CE Broker roster."
        )
    rows, refused = [], []
    live = [c for c in claims if not c.deleted]  # CE Broker has no delete row: staff remove
    for claim in sorted(live, key=lambda c: (c.last_name.lower(), c.first_name.lower())):
        problems = _problems(activity, claim, professions, subject_area_code)
        if problems:
            refused.append(CannotReport(claim=claim, reasons=tuple(problems)))
            continue
        maximum = _course_maximum(activity, claim)
        partial = maximum is not None and claim.credits < maximum
        completed = claim.completed_on
        rows.append(
            [
                provider,
                course,
                "",
                "",
                (claim.license_number or "").strip(),
                f"{completed.month}/{completed.day}/{completed.year}",
                f"State={(claim.license_state or '').strip().upper()}",
                f"Profession={professions[claim.degree.upper()]}",
                (subject_area_code or "") if partial else "",
                f"{claim.credits:.2f}" if partial else "",
            ]
        )
    return Export(
        filename=f"cebroker-roster-{course}.csv",
        content_type="text/csv; charset=utf-8",
        content=csv_bytes(rows),
        reported=len(rows),
        cannot_report=tuple(refused),
    )
