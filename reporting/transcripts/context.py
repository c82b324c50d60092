"""What a transcript says, as plain data: no Django, no database, no clock.

`transcript_context(...)` lines up the engine's requirement results with the credits each
counted (see `ledger`), the cycle's credits that counted nowhere and why, and the header's
totals, which are the counted ones; the template only lays it out.
`transcript_csv(...)` is the cycle's rows for machines (embedded in the PDF as transcript.csv).
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
from reporting.transcripts.ledger import (
    NotCounted,
    RequirementLedger,
    certificate_rows,
    counted_for,
    not_counted,
    requirement_ledgers,
)
from reporting.transcripts.rows import ActivityRow

NAME_NOT_ON_FILE = "Name not on file"

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
        """ "Dana Rivera, MD" — without doubling a degree the name already carries.

        Never the e-mail address: a board reads the name on the license, or that none is on file.
        """
        name = self.full_name.strip()
        if not name:
            return NAME_NOT_ON_FILE
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
class CreditGroup:
    credit_type: str
    rows: tuple[ActivityRow, ...]
    subtotal: Decimal


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
    # Per requirement, the credits that counted toward it (see `ledger`).
    ledgers: tuple[RequirementLedger, ...] = ()
    # The cycle's credits no requirement counted (whole or in part), and why.
    uncounted: tuple[NotCounted, ...] = ()
    # What the header says: credits toward the total from the cycle and carried over.
    cycle_credits: Decimal = Decimal("0.00")
    carried_credits: Decimal = Decimal("0.00")
    logged_in_cycle: Decimal = Decimal("0.00")
    # Every activity the document lists as counted, once: the proof a packet attaches.
    proof_rows: tuple[ActivityRow, ...] = ()
    counted_toward: dict[ActivityId, tuple[str, ...]] = field(default_factory=dict)

    @property
    def first_day(self) -> datetime.date:
        """The cycle's first day counted (the span's start is the day before)."""
        return self.cycle_start + datetime.timedelta(days=1)

    @property
    def rows(self) -> tuple[ActivityRow, ...]:
        return tuple(row for group in self.groups for row in group.rows)

    @property
    def counted_rows(self) -> tuple[ActivityRow, ...]:
        if self.counted_ids is None:
            return self.rows
        return self.proof_rows


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
    """The transcript of the cycle (cycle_start, cycle_end]: what counted toward each
    requirement, and what was logged in the cycle but counted nowhere.

    `activities` holds the cycle's activities and any earlier one the report counted (carried
    over, or met a one-time or look-back requirement).
    """
    by_id: dict[ActivityId, ActivityRow] = {row.activity_id: row for row in activities}
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
    ledgers = requirement_ledgers(report, by_id, cycle_start)
    total = next(
        (ledger for ledger in ledgers if ledger.is_total and ledger.status != "not_applicable"),
        None,
    )
    proof = certificate_rows(ledgers) if report else tuple(in_cycle)
    logged = sum((row.credits for row in in_cycle), Decimal("0.00"))
    if total is not None:
        carried = sum((line.amount for line in total.lines if line.origin), Decimal("0.00"))
        counted_total, cycle_credits = total.earned, total.earned - carried
    else:
        # No total requirement (or none applies): each counted activity once, whole.
        counted_total = sum((row.credits for row in proof), Decimal("0.00"))
        carried, cycle_credits = Decimal("0.00"), counted_total
    return TranscriptContext(
        physician=physician,
        license=license,
        cycle_start=cycle_start,
        cycle_end=cycle_end,
        groups=tuple(groups),
        total_credits=counted_total,
        activity_count=len(proof),
        certificates_on_file=sum(1 for row in proof if row.has_certificate),
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
        counted_ids=(frozenset(row.activity_id for row in proof) if report else None),
        ledgers=ledgers,
        uncounted=not_counted(report, tuple(in_cycle), ledgers, license.board_name),
        cycle_credits=cycle_credits,
        carried_credits=carried,
        logged_in_cycle=logged,
        proof_rows=proof,
        counted_toward=counted_for(ledgers),
    )


def transcript_csv(context: TranscriptContext) -> str:
    """The transcript's activity rows as CSV (RFC 4180), the attachment machines read."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in sorted({*context.rows, *context.proof_rows}, key=_csv_order):
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


def _csv_order(row: ActivityRow) -> tuple[datetime.date, int]:
    return (row.completed_on, row.activity_id)


def _csv_safe(text: str) -> str:
    # A title starting with = + - @ would run as a formula when a reviewer opens the CSV.
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text
