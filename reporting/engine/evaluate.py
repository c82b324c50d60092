"""evaluate(): one license, one rule set, the physician's credits, and the date to judge on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from . import explain
from .cycles import Cycle, license_cycle
from .requirements import KINDS, ZERO, Ledger, apply_cap, preset_result, topics_of, type_accepted
from .types import (
    Attestation,
    AttestationKind,
    ComplianceReport,
    Credit,
    Kind,
    LicenseFacts,
    LicenseStatus,
    RequirementResult,
    RuleSetSpec,
    Status,
)
from .windows import Plan, plan, scaled

NO_REQUIREMENT = "This board has no CME requirement."


def credit_order(credit: Credit) -> tuple[object, ...]:
    """A total order on credits, so nothing depends on the order they were passed in."""
    return (
        credit.completed_on,
        str(credit.activity_id),
        type(credit.activity_id).__name__,
        credit.credit_type,
        credit.credits,
        tuple(sorted(credit.topics)),
        credit.title,
    )


def evaluate(
    rule_set: RuleSetSpec, license: LicenseFacts, credits: Iterable[Credit], as_of: date
) -> ComplianceReport:
    """Judge one license's current CME cycle against a rule set, as of a date.

    A report as of D judges the end of day D. A requirement not yet met is `not_yet_due` while
    `as_of` is before its due date (usually the cycle end) and `short` from the due date on, so
    a past cycle is judged as ended. A physician mid-cycle with 10 of 48 credits is
    `not_yet_due` and `compliant` is True: compliant means "nothing that is due is missing".
    Low-confidence (advisory) requirements never make it False. The whole-license `status`
    says more: overdue, needs answers, cannot judge, behind or on track, complete.

    A condition the physician has not answered (`license.unanswered`) never makes a
    requirement "not required": it is judged as if it applied, and the license needs answers.

    Credits completed after `as_of` are ignored, as are credits outside each requirement's window.
    Inside one license, hours given to one requirement of an exclusive group do not count for
    another (see `_allocate_exclusive`); across licenses nothing is consumed.
    `new_licensee` is true on the initial cycle and the first full cycle after it.
    Never reads the clock and does no I/O.
    """
    cycle = license_cycle(
        license,
        rule_set.cycle_years,
        rule_set.fixed_periods,
        calendar_years=rule_set.calendar_years_before_renewal,
    )
    if not rule_set.cme_required:
        return _report(rule_set, license, cycle, as_of, (), ZERO, moc=False, summary=NO_REQUIREMENT)
    ledger = Ledger(
        credits=tuple(sorted((c for c in credits if c.completed_on <= as_of), key=credit_order)),
        as_of=as_of,
        cycle_span=cycle.span,
        carryover_types=rule_set.carryover_types,
    )
    conditions = license.conditions | {"all"} | ({"new_licensee"} if cycle.renewal <= 2 else set())
    unanswered = license.unanswered - conditions
    moc = rule_set.moc_substitute and "moc_current" in license.conditions
    plans = [
        plan(spec, cycle, rule_set, conditions, as_of=as_of, moc=moc, unanswered=unanswered)
        for spec in rule_set.requirements
    ]
    for spec in rule_set.requirements:
        ledger.labels[spec.id] = explain.subject(spec)
        if spec.parent:
            ledger.children[spec.parent] = (*ledger.children.get(spec.parent, ()), spec)

    _allocate_exclusive(plans, ledger)
    ledger.topic_carry = _topic_carry(rule_set, cycle, ledger, plans)
    results: dict[str, RequirementResult] = {}
    for p in plans:
        if p.spec.kind is Kind.TOPIC:
            results[p.spec.id] = _run(p, ledger)
            if not p.spec.counts_toward_total and p.active:
                # Hours of a mandate that is on top of the total (Delaware's CSR law course)
                # may not also count toward the total.
                topic = KINDS[Kind.TOPIC]
                for i in range(len(ledger.credits)):
                    if topic.matches(p.spec, ledger, i) and not topic.refusal(p, ledger, i):
                        ledger.off_total[i] = (
                            f"counted toward {ledger.labels[p.spec.id]}, on top of the total"
                        )
    for p in plans:
        if (
            p.spec.kind is Kind.CATEGORY_CAP
            and p.preset is not Status.NOT_APPLICABLE
            and p.cap is not None
        ):
            apply_cap(p.spec, p.cap, ledger.in_span(cycle.span), ledger)
    ledger.carryover_in = _carryover(rule_set, cycle, ledger, plans)
    for p in plans:
        if p.spec.kind is not Kind.TOPIC:
            results[p.spec.id] = _run(p, ledger)
    attested = {a.requirement_id: a for a in license.attestations}
    ordered = tuple(_attest(results[p.spec.id], p, attested.get(p.spec.id), as_of) for p in plans)
    asked = sorted(
        {code for r in ordered if not r.advisory for code in r.needs_answers}
        | ({"moc_current"} if rule_set.moc_substitute and "moc_current" in unanswered else set())
    )
    unjudged = (
        *rule_set.cannot_judge,
        *(r.cannot_judge for r in ordered if r.cannot_judge and not r.advisory),
    )
    status = _status(ordered, cycle, as_of, asked=bool(asked), unjudged=bool(unjudged))
    return _report(
        rule_set,
        license,
        cycle,
        as_of,
        ordered,
        ledger.carryover_in,
        moc=moc,
        summary=_summary(ordered, status, cycle, as_of),
        status=status,
        unanswered=tuple(asked),
        cannot_judge=unjudged,
    )


def _run(p: Plan, ledger: Ledger) -> RequirementResult:
    if p.preset is Status.NOT_APPLICABLE:
        return preset_result(p, ledger)
    result = KINDS[p.spec.kind].evaluate(p, ledger)
    if p.preset is Status.MET:
        return replace(result, status=Status.MET, remaining=ZERO, explanation=p.reason)
    if p.needs_answers:
        return replace(
            result, explanation=f"{explain.may_apply(p.spec.condition)} {result.explanation}"
        )
    return result


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
        explanation=explain.headed(p.spec, p.required, explain.attested_completion(on)),
    )


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


def _allocate_exclusive(plans: list[Plan], ledger: Ledger) -> None:
    """Give each credit of an exclusive group to one requirement only (Pennsylvania's rule).

    Credits that match fewer requirements of the group are placed first, then by date and id;
    each goes whole to the first requirement, in rule-set order, that is still short, or to the
    first matching one when all are met. Greedy, but deterministic and order-independent.
    """
    groups: dict[str, list[Plan]] = {}
    for p in plans:
        if p.spec.exclusive_group and p.active and p.spec.kind is Kind.TOPIC:
            groups.setdefault(p.spec.exclusive_group, []).append(p)
    for members in groups.values():
        got = {p.spec.id: ZERO for p in members}
        counts = {p.spec.id: 0 for p in members}

        def matching(i: int, members: list[Plan] = members) -> list[Plan]:
            credit = ledger.credits[i]
            return [
                p
                for p in members
                if credit.topics & topics_of(p.spec, ledger)
                and p.covers(credit.completed_on)
                and type_accepted(p.spec, credit)
            ]

        candidates = [(len(matching(i)), i) for i in range(len(ledger.credits)) if matching(i)]
        for _, i in sorted(candidates):
            options = matching(i)
            short = [p for p in options if _still_short(p, got[p.spec.id], counts[p.spec.id])]
            owner = (short or options)[0]
            ledger.claims[i] = owner.spec.id
            got[owner.spec.id] += ledger.credits[i].credits
            counts[owner.spec.id] += 1


def _still_short(p: Plan, got: Decimal, count: int) -> bool:
    if p.required is None:
        return count == 0
    if len(p.spans) > 1:
        return got < p.required * len(p.spans)
    return got < p.required


def _carryover(rule_set: RuleSetSpec, cycle: Cycle, ledger: Ledger, plans: list[Plan]) -> Decimal:
    """Excess total credits of the previous cycle, up to the board's cap.

    Only the previous cycle's own credits count, against that cycle's total requirement (zero if
    it was an exempt initial cycle). Carryover does not chain from earlier cycles.
    """
    previous = cycle.previous()
    total = next((p.spec for p in plans if p.spec.kind is Kind.TOTAL), None)
    if rule_set.carryover_cap is None or previous is None or total is None or total.credits is None:
        return ZERO
    required = scaled(total.credits, total, previous, rule_set) or ZERO
    shadow = Ledger(ledger.credits, ledger.as_of, previous.span, off_total=dict(ledger.off_total))
    for p in plans:
        if (
            p.spec.kind is Kind.CATEGORY_CAP
            and p.spec.cap is not None
            and p.preset is not Status.NOT_APPLICABLE
        ):
            cap = scaled(p.spec.cap, p.spec, previous, rule_set) or ZERO
            apply_cap(p.spec, cap, shadow.in_span(previous.span), shadow)
    eligible = [
        i
        for i in shadow.in_span(previous.span)
        if i not in shadow.off_total and type_accepted(total, ledger.credits[i])
    ]
    earned = sum((shadow.total_amounts.get(i, ledger.credits[i].credits) for i in eligible), ZERO)
    excess = max(earned - required, ZERO)
    if rule_set.carryover_types:
        of_type = [i for i in eligible if ledger.credits[i].credit_type in rule_set.carryover_types]
        excess = min(
            excess,
            sum((shadow.total_amounts.get(i, ledger.credits[i].credits) for i in of_type), ZERO),
        )
    return min(excess, rule_set.carryover_cap).quantize(ZERO)


def _topic_carry(
    rule_set: RuleSetSpec, cycle: Cycle, ledger: Ledger, plans: list[Plan]
) -> dict[str, Decimal]:
    """Topic hours carry only where a requirement says so (`carries_over`), within the same cap."""
    previous = cycle.previous()
    carry: dict[str, Decimal] = {}
    if rule_set.carryover_cap is None or previous is None:
        return carry
    for p in plans:
        spec = p.spec
        if not (
            spec.carries_over and p.active and spec.kind is Kind.TOPIC and spec.credits is not None
        ):
            continue
        earned = sum(
            (
                c.credits
                for c in ledger.credits
                if c.completed_on in previous.span
                and c.topics & topics_of(spec, ledger)
                and type_accepted(spec, c)
            ),
            ZERO,
        )
        required = scaled(spec.credits, spec, previous, rule_set) or ZERO
        carry[spec.id] = min(max(earned - required, ZERO), rule_set.carryover_cap)
    return carry


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
    rule_set: RuleSetSpec,
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
) -> ComplianceReport:
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
    )
