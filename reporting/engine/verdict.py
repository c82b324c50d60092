"""The steps after the kinds: the physician's attestations, the whole-license status, the report.

`attest` reads the kinds' results and the license's attestations and produces the results the
physician sees; `license_status` reads those and produces the `Verdict`; `report` puts the
cycle, the results, the carryover and the verdict into the `ComplianceReport`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from . import explain
from .cycles import Cycle
from .ledger import ZERO, Carryover
from .types import (
    Attestation,
    AttestationKind,
    ComplianceReport,
    Kind,
    LicenseFacts,
    LicenseStatus,
    RequirementResult,
    RuleSetSpec,
    Status,
)
from .windows import Plan

NO_REQUIREMENT = "This board has no CME requirement."


@dataclass(frozen=True, slots=True)
class Verdict:
    """The whole license: its status, the questions still to answer (codes, sorted) and the
    parts of the rules CME Track cannot check."""

    status: LicenseStatus
    unanswered: tuple[str, ...] = ()
    cannot_judge: tuple[str, ...] = ()


def attest(
    results: Sequence[RequirementResult],
    plans: Sequence[Plan],
    attestations: Sequence[Attestation],
    as_of: date,
) -> tuple[RequirementResult, ...]:
    """Reads the kinds' results (in plan order) and the physician's attestations; produces the
    results with each attestation applied where the rule allows it."""
    attested = {a.requirement_id: a for a in attestations}
    return tuple(
        _attest(result, p, attested.get(p.spec.id), as_of)
        for result, p in zip(results, plans, strict=True)
    )


def _attest(
    result: RequirementResult, p: Plan, attestation: Attestation | None, as_of: date
) -> RequirementResult:
    """The physician's attestation in place of logged credits, never mixed with them."""
    if attestation is None or p.preset is Status.NOT_APPLICABLE or p.spec.kind is Kind.CATEGORY_CAP:
        return result
    if attestation.kind is AttestationKind.EXEMPT:
        return replace(
            result,
            status=Status.NOT_APPLICABLE,
            remaining=ZERO,
            attested=True,
            needs_answers=(),
            explanation=explain.headed(
                p.spec, p.required, explain.attested_exemption(attestation.reason)
            ),
        )
    on = attestation.on
    if on is None or on > as_of or not (p.covers(on) or not p.spans):
        note = explain.attestation_outside(on) if on else ""
        return replace(result, explanation=result.explanation + note)
    return replace(
        result,
        status=Status.MET,
        remaining=ZERO,
        attested=True,
        attested_on=on,
        explanation=explain.headed(p.spec, p.required, explain.attested_completion(on)),
    )


def license_status(
    results: tuple[RequirementResult, ...],
    rule_set: RuleSetSpec,
    unanswered: frozenset[str],
    cycle: Cycle,
    as_of: date,
) -> Verdict:
    """Reads the attested results, the board's unjudgeable rules and the unanswered questions;
    produces the whole-license verdict."""
    asked = sorted(
        {code for r in results if not r.advisory for code in r.needs_answers}
        | ({"moc_current"} if rule_set.moc_substitute and "moc_current" in unanswered else set())
    )
    unjudged = (
        *rule_set.cannot_judge,
        *(r.cannot_judge for r in results if r.cannot_judge and not r.advisory),
    )
    status = _status(results, cycle, as_of, asked=bool(asked), unjudged=bool(unjudged))
    return Verdict(status, tuple(asked), unjudged)


def _status(
    results: tuple[RequirementResult, ...],
    cycle: Cycle,
    as_of: date,
    *,
    asked: bool,
    unjudged: bool,
) -> LicenseStatus:
    binding = [r for r in results if not r.advisory]
    if any(r.status is Status.SHORT for r in binding):
        return LicenseStatus.OVERDUE
    if asked:
        return LicenseStatus.NEEDS_ANSWERS
    if unjudged:
        return LicenseStatus.CANNOT_JUDGE
    pending = [r for r in binding if r.status is Status.NOT_YET_DUE]
    if not pending:
        return LicenseStatus.COMPLETE
    return LicenseStatus.BEHIND if _behind(pending, cycle, as_of) else LicenseStatus.ON_TRACK


def _behind(pending: list[RequirementResult], cycle: Cycle, as_of: date) -> bool:
    """Below the pace of someone spreading each hour requirement evenly over the cycle."""
    length = (cycle.end - cycle.start).days
    if length <= 0:
        return False
    elapsed = Decimal(min(max((as_of - cycle.start).days, 0), length)) / Decimal(length)
    return any(
        r.earned < r.required * elapsed
        for r in pending
        if r.kind in (Kind.TOTAL, Kind.CATEGORY_MIN) and r.required
    )


def report(
    license: LicenseFacts,
    cycle: Cycle,
    as_of: date,
    results: tuple[RequirementResult, ...],
    carryover: Carryover,
    verdict: Verdict,
    *,
    moc: bool,
) -> ComplianceReport:
    """Reads everything the steps produced; produces the report, with its one-paragraph summary."""
    return _report(
        license,
        cycle,
        as_of,
        results,
        carryover.total,
        moc=moc,
        carryover=carryover,
        summary=_summary(results, verdict.status, cycle, as_of),
        status=verdict.status,
        unanswered=verdict.unanswered,
        cannot_judge=verdict.cannot_judge,
    )


def no_requirement(license: LicenseFacts, cycle: Cycle, as_of: date) -> ComplianceReport:
    """The report of a board that asks for no CME: nothing to count, complete."""
    return _report(license, cycle, as_of, (), ZERO, moc=False, summary=NO_REQUIREMENT)


def _summary(
    results: tuple[RequirementResult, ...], status: LicenseStatus, cycle: Cycle, as_of: date
) -> str:
    binding = [r for r in results if not r.advisory]
    short = [r for r in binding if r.status is Status.SHORT]
    pending = [r for r in binding if r.status is Status.NOT_YET_DUE]
    advisory = [r for r in results if r.advisory and r.status in (Status.SHORT, Status.NOT_YET_DUE)]
    if as_of >= cycle.end:
        if short:
            missing = "; ".join(_missing(r) for r in short)
            text = f"Not met when the cycle ended on {explain.day(cycle.end)}: {missing}."
        else:
            text = f"Met: every requirement of the cycle that ended on {explain.day(cycle.end)}."
    elif short:
        text = f"Overdue: {_count(len(short))} past due and not met."
    elif pending:
        first = min(r.due_on for r in pending if r.due_on is not None)
        pace = "behind the pace" if status is LicenseStatus.BEHIND else "on track"
        text = (
            f"Nothing is overdue and you are {pace}; {_count(len(pending))} still to complete, "
            f"the first by {explain.day(first)}."
        )
    elif status is LicenseStatus.CANNOT_JUDGE:
        text = "Everything CME Track can check is met."
    else:
        text = "Complete: every requirement that applies is met."
    if status is LicenseStatus.NEEDS_ANSWERS:
        text += " Some requirements may apply: answer the questions about your practice."
    elif status is LicenseStatus.CANNOT_JUDGE:
        text += " Part of this board's rules cannot be checked here; see the requirements."
    if advisory:
        noun = "item" if len(advisory) == 1 else "items"
        text += f" {len(advisory)} advisory {noun} (low-confidence rule) not met."
    return text


def _missing(result: RequirementResult) -> str:
    if result.required is None:
        return f"a course on {result.label}"
    if result.kind is Kind.TOTAL:
        return f"{explain.amount(result.remaining)} credits in total missing"
    return f"{explain.amount(result.remaining)} {result.label} credits missing"


def _count(number: int) -> str:
    return f"{number} requirement is" if number == 1 else f"{number} requirements are"


def _report(
    license: LicenseFacts,
    cycle: Cycle,
    as_of: date,
    results: tuple[RequirementResult, ...],
    carryover_in: Decimal,
    *,
    moc: bool,
    summary: str,
    status: LicenseStatus = LicenseStatus.COMPLETE,
    unanswered: tuple[str, ...] = (),
    cannot_judge: tuple[str, ...] = (),
    carryover: Carryover | None = None,
) -> ComplianceReport:
    source = carryover.source if carryover else None
    return ComplianceReport(
        board=license.board,
        as_of=as_of,
        cycle_start=cycle.start,
        cycle_end=cycle.end,
        compliant=not any(r.status is Status.SHORT and not r.advisory for r in results),
        results=results,
        carryover_in=carryover_in,
        waived_by_moc=moc and any(r.kind is not Kind.TOPIC for r in results),
        initial_cycle=cycle.is_initial,
        renewal_number=cycle.renewal,
        summary=summary,
        status=status,
        ended=as_of >= cycle.end,
        unanswered=unanswered,
        cannot_judge=cannot_judge,
        carryover_from=(source.start, source.end) if source else None,
        carried_over=carryover.sources if carryover else (),
    )
