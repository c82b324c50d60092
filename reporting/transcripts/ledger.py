"""The printed ledger: per requirement, exactly the credits the engine counted toward it.

Pure: the engine's report and the activities' printable facts in, plain rows out. Nothing here
counts anything; it only lines up what the engine decided (each counted credit's share, the
carryover and where it came from, the attestations), so that every column a reviewer adds up
gives the figure printed under it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from reporting.compliance import presentation
from reporting.engine import ActivityId, ComplianceReport, Kind, RequirementResult, Status
from reporting.transcripts.rows import ActivityRow

ZERO = Decimal("0.00")
EARLIER = "Completed before this cycle"


def day(value: datetime.date) -> str:
    """A date as people write it: 3 Feb 2026."""
    return f"{value.day} {value:%b %Y}"


def _unbroken(heading: str) -> str:
    """ "Medical ethics, 2 h" with a no-break space: a line never starts with the unit."""
    return re.sub(r"(\d) (h|credits?)\b", "\\1\u00a0\\2", heading)


def span_words(start: datetime.date, end: datetime.date) -> str:
    """A cycle stored as (start, end], as its first and last day: 1 Sep 2023 to 31 Aug 2025."""
    return f"{day(start + datetime.timedelta(days=1))} to {day(end)}"


@dataclass(frozen=True)
class LedgerLine:
    """One credit as it counted toward one requirement: `amount` of the activity's credits.

    `row` is None for topic hours carried over as a number, with no activity behind them.
    """

    row: ActivityRow | None
    amount: Decimal
    origin: str = ""

    @property
    def partial(self) -> bool:
        return self.row is not None and self.amount != self.row.credits


@dataclass(frozen=True)
class RequirementLedger:
    """One requirement: its name, size and verdict, and the lines that make up `earned`."""

    heading: str
    explanation: str
    required: Decimal | None
    earned: Decimal
    remaining: Decimal
    status: str
    status_label: str
    advisory: bool
    due_on: datetime.date | None
    attested: bool
    is_total: bool
    is_cap: bool
    lines: tuple[LedgerLine, ...]
    attestation: str = ""

    @property
    def lines_total(self) -> Decimal:
        return sum((line.amount for line in self.lines), ZERO)


@dataclass(frozen=True)
class NotCounted:
    """A credit logged in the cycle that no requirement took (whole or in part), and why."""

    row: ActivityRow
    amount: Decimal
    reasons: tuple[str, ...]


def _origin(row: ActivityRow, cycle_start: datetime.date) -> str:
    return EARLIER if row.completed_on <= cycle_start else ""


def _lines(
    result: RequirementResult,
    report: ComplianceReport,
    rows: Mapping[ActivityId, ActivityRow],
    cycle_start: datetime.date,
) -> tuple[LedgerLine, ...]:
    lines = [
        LedgerLine(
            row=rows[activity_id],
            amount=rows[activity_id].credits if amount is None else amount,
            origin=_origin(rows[activity_id], cycle_start),
        )
        for activity_id, amount in result.counted_amounts()
        if activity_id in rows
    ]
    if result.carried_in > 0:
        source = report.carryover_from
        origin = f"Carried over from the cycle {span_words(*source)}" if source else "Carried over"
        if result.kind is Kind.TOPIC or not report.carried_over:
            lines.append(LedgerLine(row=None, amount=result.carried_in, origin=origin))
        else:
            lines.extend(
                LedgerLine(row=rows[c.activity_id], amount=c.amount, origin=origin)
                for c in report.carried_over
                if c.activity_id in rows
            )
    return tuple(lines)


def requirement_ledgers(
    report: ComplianceReport | None,
    rows: Mapping[ActivityId, ActivityRow],
    cycle_start: datetime.date,
) -> tuple[RequirementLedger, ...]:
    """Each requirement of the report with the credits it counted, in rule-set order."""
    if report is None:
        return ()
    ledgers = []
    for result in report.results:
        view = presentation.requirement_view(result, ended=report.ended)
        ledgers.append(
            RequirementLedger(
                heading=_unbroken(view.heading),
                explanation=view.detail,
                required=result.required,
                earned=result.earned,
                remaining=result.remaining,
                status=result.status.value,
                status_label=presentation.requirement_status_words(result, ended=report.ended),
                advisory=result.advisory,
                # A past cycle has no "due" left: its requirements were due when it ended.
                due_on=None if report.ended else result.due_on,
                attested=result.attested,
                is_total=result.kind is Kind.TOTAL,
                is_cap=result.kind is Kind.CATEGORY_CAP,
                lines=_lines(result, report, rows, cycle_start)
                if result.status is not Status.NOT_APPLICABLE
                else (),
                attestation=(
                    f"Attested by the physician: completed on {day(result.attested_on)}"
                    if result.attested and result.attested_on
                    else ("Attested by the physician: exempt" if result.attested else "")
                ),
            )
        )
    return tuple(ledgers)


CAP_REASON = re.compile(r"^[\d.]+ (?P<subject>.+) credits above the (?P<cap>[\d.]+)-credit cap$")


def _reason_words(reason: str, row: ActivityRow, board_name: str) -> str:
    """The engine's reason as a reviewer reads it; amounts stay in the Credits column."""
    capped = CAP_REASON.match(reason)
    if reason == "credit type not accepted" or (capped and float(capped["cap"]) == 0):
        return f"{row.credit_type} credits do not count toward the {board_name}'s total"
    if capped:
        return f"Above the {capped['cap']}-credit cap on {capped['subject']} credits"
    if reason == "credit type not accepted for this topic":
        return f"{row.credit_type} credits do not count for this topic"
    return reason[:1].upper() + reason[1:]


def not_counted(
    report: ComplianceReport | None,
    in_cycle: tuple[ActivityRow, ...],
    ledgers: tuple[RequirementLedger, ...],
    board_name: str,
) -> tuple[NotCounted, ...]:
    """The cycle's credits that count nowhere, or only in part, with the engine's reasons."""
    if report is None:
        return ()
    reasons: dict[ActivityId, list[str]] = {}
    for result in report.results:
        for uncounted in result.uncounted:
            reasons.setdefault(uncounted.activity_id, []).append(uncounted.reason)
    # The most of each credit any one requirement took: the rest was counted nowhere.
    taken: dict[ActivityId, Decimal] = {}
    for ledger in ledgers:
        for line in ledger.lines:
            if line.row is not None and not line.origin.startswith("Carried"):
                key = line.row.activity_id
                taken[key] = max(taken.get(key, ZERO), line.amount)
    found = []
    for row in in_cycle:
        left = row.credits - taken.get(row.activity_id, ZERO)
        if left <= 0:
            continue
        said = reasons.get(row.activity_id, ())
        words = tuple(dict.fromkeys(_reason_words(r, row, board_name) for r in said)) or (
            "No requirement of this board counts it",
        )
        found.append(NotCounted(row=row, amount=left, reasons=words))
    return tuple(found)


def certificate_rows(ledgers: tuple[RequirementLedger, ...]) -> tuple[ActivityRow, ...]:
    """Every activity some requirement counted (carried over and earlier ones too), once, in
    the order the document first lists them: the proof an audit packet attaches."""
    seen: dict[ActivityId, ActivityRow] = {}
    for ledger in ledgers:
        for line in ledger.lines:
            if line.row is not None and line.row.activity_id not in seen:
                seen[line.row.activity_id] = line.row
    return tuple(seen.values())


def counted_for(ledgers: tuple[RequirementLedger, ...]) -> dict[ActivityId, tuple[str, ...]]:
    """The requirements each activity counted toward, by their printed names."""
    names: dict[ActivityId, list[str]] = {}
    for ledger in ledgers:
        for line in ledger.lines:
            if line.row is not None and not ledger.is_cap:
                name = ledger.heading
                if line.origin and line.origin != EARLIER:
                    origin = line.origin[0].lower() + line.origin[1:]
                    name += f" ({line.amount:.2f} credits {origin})"
                elif line.origin:
                    name += " (completed before this cycle)"
                names.setdefault(line.row.activity_id, []).append(name)
    return {key: tuple(dict.fromkeys(value)) for key, value in names.items()}
