"""What a transcript says, as plain data: no Django, no database, no clock.

`transcript_context(...)` groups the cycle's activities by credit type with subtotals, sums the
totals, and lines up the engine's requirement results; the template only lays it out.
`transcript_csv(...)` is the same rows for machines (embedded in the PDF as transcript.csv).
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from reporting.compliance import presentation
from reporting.engine import ActivityId, ComplianceReport

CSV_COLUMNS = (
    "completed_on",
    "started_on",
    "title",
    "provider",
    "credit_type",
    "credits",
    "topics",
    "certificate_on_file",
)


@dataclass(frozen=True)
class Physician:
    full_name: str
    degree: str
    npi: str
    email: str

    @property
    def display_name(self) -> str:
        """ "Dana Rivera, MD" — without doubling a degree the name already carries."""
        name = self.full_name.strip()
        if not self.degree or name.upper().endswith(self.degree.upper()):
            return name
        return f"{name}, {self.degree}"


@dataclass(frozen=True)
class LicenseInfo:
    board_code: str
    board_name: str
    number: str

    @property
    def last4(self) -> str:
        return self.number[-4:]


@dataclass(frozen=True)
class ActivityRow:
    """One activity as printed: the facts, plus whether a certificate is on file."""

    activity_id: int
    completed_on: datetime.date
    title: str
    provider: str
    credit_type: str  # the credit type's name ("AMA PRA Category 1")
    credits: Decimal
    topics: tuple[str, ...] = ()
    started_on: datetime.date | None = None
    has_certificate: bool = False
    credit_type_position: int = 0


@dataclass(frozen=True)
class CreditGroup:
    credit_type: str
    rows: tuple[ActivityRow, ...]
    subtotal: Decimal


@dataclass(frozen=True)
class RequirementRow:
    """One requirement as a reviewer reads it: its name and size, then what was found."""

    explanation: str
    required: Decimal | None
    earned: Decimal
    remaining: Decimal
    status: str
    status_label: str
    advisory: bool
    due_on: datetime.date | None
    heading: str = ""
    attested: bool = False


@dataclass(frozen=True)
class TranscriptContext:
    """Everything the PDF template prints."""

    physician: Physician
    license: LicenseInfo
    cycle_start: datetime.date
    cycle_end: datetime.date
    groups: tuple[CreditGroup, ...]
    total_credits: Decimal
    activity_count: int
    certificates_on_file: int
    requirements: tuple[RequirementRow, ...]
    compliant: bool | None
    summary: str
    generated_at: datetime.datetime
    verification_code: str
    verification_url: str
    paper_size: str  # "letter" or "a4"
    title: str = "CME transcript"
    notes: tuple[str, ...] = field(default_factory=tuple)
    # Activities some requirement counted (None: no rules on file, so every row counts).
    counted_ids: frozenset[ActivityId] | None = None
    # The license's status in words; a past cycle's says it ended and whether it was met.
    status_line: str = ""
    ended: bool = False

    @property
    def rows(self) -> tuple[ActivityRow, ...]:
        return tuple(row for group in self.groups for row in group.rows)

    @property
    def counted_rows(self) -> tuple[ActivityRow, ...]:
        if self.counted_ids is None:
            return self.rows
        return tuple(row for row in self.rows if row.activity_id in self.counted_ids)


def _requirement_rows(report: ComplianceReport | None) -> tuple[RequirementRow, ...]:
    if report is None:
        return ()
    views = (
        (result, presentation.requirement_view(result, ended=report.ended))
        for result in report.results
    )
    return tuple(
        RequirementRow(
            explanation=view.detail,
            required=result.required,
            earned=result.earned,
            remaining=result.remaining,
            status=result.status.value,
            status_label=presentation.requirement_status_words(result, ended=report.ended),
            advisory=result.advisory,
            # A past cycle has no "due" left: its requirements were due when it ended.
            due_on=None if report.ended else result.due_on,
            heading=view.heading,
            attested=result.attested,
        )
        for result, view in views
    )


def transcript_context(
    *,
    physician: Physician,
    license: LicenseInfo,
    cycle_start: datetime.date,
    cycle_end: datetime.date,
    activities: Sequence[ActivityRow],
    report: ComplianceReport | None,
    generated_at: datetime.datetime,
    verification_code: str,
    verification_url: str,
    paper_size: str = "letter",
    title: str = "CME transcript",
) -> TranscriptContext:
    """The transcript of the activities completed in (cycle_start, cycle_end], grouped."""
    in_cycle = sorted(
        (row for row in activities if cycle_start < row.completed_on <= cycle_end),
        key=lambda row: (row.credit_type_position, row.credit_type, row.completed_on, row.title),
    )
    groups: list[CreditGroup] = []
    for row in in_cycle:
        if groups and groups[-1].credit_type == row.credit_type:
            last = groups[-1]
            groups[-1] = CreditGroup(
                last.credit_type, (*last.rows, row), last.subtotal + row.credits
            )
        else:
            groups.append(CreditGroup(row.credit_type, (row,), row.credits))
    notes = []
    if report is None:
        notes.append("No board rules were on file for this cycle; requirements are not shown.")
    return TranscriptContext(
        physician=physician,
        license=license,
        cycle_start=cycle_start,
        cycle_end=cycle_end,
        groups=tuple(groups),
        total_credits=sum((group.subtotal for group in groups), Decimal("0.00")),
        activity_count=len(in_cycle),
        certificates_on_file=sum(1 for row in in_cycle if row.has_certificate),
        requirements=_requirement_rows(report),
        compliant=report.compliant if report else None,
        summary=report.summary if report else "",
        status_line=presentation.transcript_status_line(report),
        ended=bool(report and report.ended),
        generated_at=generated_at,
        verification_code=verification_code,
        verification_url=verification_url,
        paper_size="a4" if paper_size == "a4" else "letter",
        title=title,
        notes=tuple(notes),
        counted_ids=(
            frozenset(i for result in report.results for i in result.counted) if report else None
        ),
    )


def transcript_csv(context: TranscriptContext) -> str:
    """The transcript's activity rows as CSV (RFC 4180), the attachment machines read."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in context.rows:
        writer.writerow(
            [
                row.completed_on.isoformat(),
                row.started_on.isoformat() if row.started_on else "",
                _csv_safe(row.title),
                _csv_safe(row.provider),
                row.credit_type,
                f"{row.credits:.2f}",
                ";".join(row.topics),
                "yes" if row.has_certificate else "no",
            ]
        )
    return out.getvalue()


def _csv_safe(text: str) -> str:
    # A title starting with = + - @ would run as a formula when a reviewer opens the CSV.
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
