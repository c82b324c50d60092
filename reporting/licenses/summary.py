"""The dashboard's first lines: the licenses in order of urgency, each in one sentence.

Plain functions over verdicts already computed (`LicenseCompliance`): a physician between
patients reads "FL-DO: 16 AOA Category 1-A credits and 1 h risk management by 31 Mar 2028"
before any card, the worst license first.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from reporting.compliance.presentation import Badge, license_badge
from reporting.compliance.selectors import LicenseCompliance
from reporting.engine import Kind, LicenseStatus, RequirementResult, Status, explain, vocabulary
from reporting.rules.selectors import license_cycle_end

# Overdue first, then behind the pace, then the licenses we cannot judge without the
# physician (unanswered questions, rules we cannot check or do not have), then the rest.
URGENCY = {
    LicenseStatus.OVERDUE: 0,
    LicenseStatus.BEHIND: 1,
    LicenseStatus.NEEDS_ANSWERS: 2,
    LicenseStatus.CANNOT_JUDGE: 2,
    LicenseStatus.ON_TRACK: 3,
    LicenseStatus.COMPLETE: 4,
}


@dataclass(frozen=True)
class SummaryLine:
    """One license in one line: its badge, its board's code and what is missing by when."""

    license_id: int
    code: str
    badge: Badge
    sentence: str

    @property
    def text(self) -> str:
        return f"{self.code}: {self.sentence}"


def _missing(result: RequirementResult) -> bool:
    """Still to do: a due (or coming) requirement, not a cap, not advisory, not attested."""
    return (
        result.status in (Status.SHORT, Status.NOT_YET_DUE)
        and (result.required is None or result.remaining > 0)
        and result.kind is not Kind.CATEGORY_CAP
        and not result.advisory
        and not result.attested
    )


def _name(result: RequirementResult) -> str:
    name = result.label or " or ".join(explain.topic_words(t) for t in result.topics)
    return vocabulary.in_sentence(name) if result.kind is Kind.TOPIC else name


def missing_words(result: RequirementResult) -> str:
    """ "16 AOA Category 1-A credits", "20 credits in total", "1 h risk management"."""
    if result.required is None:
        return f"a course on {_name(result)}"
    size = explain.hours(result.remaining)
    unit = "credit" if result.remaining == 1 else "credits"
    if result.kind is Kind.TOTAL:
        return f"{size} {unit} in total"
    if result.kind is Kind.TOPIC:
        return f"{size} h {_name(result)}"
    return f"{size} {_name(result)} {unit}"


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _status(item: LicenseCompliance) -> LicenseStatus:
    return item.report.status if item.report else LicenseStatus.CANNOT_JUDGE


def next_deadline(item: LicenseCompliance) -> datetime.date:
    """The earliest day something is due: an unmet requirement's due date, else the cycle end."""
    end = license_cycle_end(item.license)
    if item.report is None:
        return end
    due = [r.due_on for r in item.report.results if _missing(r) and r.due_on]
    return min(due, default=item.report.cycle_end)


def by_urgency(items: Iterable[LicenseCompliance]) -> list[LicenseCompliance]:
    """Overdue, behind, needs answers or cannot judge, on track, complete; then by deadline."""
    return sorted(
        items,
        key=lambda item: (URGENCY[_status(item)], next_deadline(item), item.license.board.code),
    )


def sentence(item: LicenseCompliance) -> str:
    """What is missing and by when, in one sentence (without the board's code)."""
    report = item.report
    if report is None:
        return "cannot be judged here: we have no rules on file for this board."
    missing = [r for r in report.results if _missing(r)]
    by_day: dict[datetime.date, list[str]] = defaultdict(list)
    for result in missing:
        by_day[result.due_on or report.cycle_end].append(missing_words(result))
    parts = []
    for day in sorted(by_day):
        late = report.ended or day <= report.as_of
        parts.append(f"{_join(by_day[day])} {'was due' if late else 'by'} {explain.day(day)}")
    said = "; ".join(parts)
    if report.unanswered:
        count = len(report.unanswered)
        ask = f"answer {count} question{'s' if count != 1 else ''} to know what applies"
        return f"{ask}; {said}" if said else f"{ask}."
    if report.cannot_judge and not said:
        return "part of this board's rules cannot be judged here; see the license."
    if said:
        return said + ("; part of the rules cannot be judged here" if report.cannot_judge else "")
    if report.ended:
        return f"met for the cycle that ended on {explain.day(report.cycle_end)}."
    return f"nothing missing for the cycle ending {explain.day(report.cycle_end)}."


def summary_lines(items: Iterable[LicenseCompliance]) -> list[SummaryLine]:
    """One line per license, in the order given (`by_urgency` first for the dashboard)."""
    return [
        SummaryLine(
            license_id=item.license.pk,
            code=item.license.board.code,
            badge=license_badge(item.report.status if item.report else None),
            sentence=sentence(item),
        )
        for item in items
    ]


def shortfall(item: LicenseCompliance) -> list[str]:
    """What is still to do, one part per requirement ("2 h medical ethics", "20 credits in
    total"); empty when nothing is (or when the license cannot be judged)."""
    if item.report is None:
        return []
    return [missing_words(result) for result in item.report.results if _missing(result)]
