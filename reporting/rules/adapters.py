"""Rows <-> engine dataclasses. The one place that knows how the tables map onto the engine."""

import datetime
from decimal import Decimal
from typing import Any

from reporting import conditions as vocabulary
from reporting.engine import (
    Attestation,
    AttestationKind,
    Confidence,
    DeadlineRule,
    FixedPeriods,
    InitialTreatment,
    Kind,
    LicenseFacts,
    Proration,
    RequirementSpec,
    Rounding,
    RuleSetSpec,
    Window,
)
from reporting.models import Attestation as AttestationRow
from reporting.models import License, Requirement, RuleSet


def requirement_spec(row: Requirement) -> RequirementSpec:
    return RequirementSpec(
        id=row.code,
        kind=Kind(row.kind),
        credits=row.credits,
        credit_types=frozenset(row.credit_types),
        topics=frozenset(row.topics),
        topic=row.topics[0] if row.topics else "",
        cap=row.cap,
        window=Window(row.window),
        window_n=row.window_n,
        deadline=DeadlineRule(
            months_after_licensure=row.months_after_licensure,
            by_renewal=row.by_renewal,
            on=row.deadline_on,
            licensed_before=row.licensed_before,
            grandfathered_due=row.grandfathered_due,
        ),
        effective_from=row.effective_from,
        counts_from=row.counts_from,
        condition=row.condition,
        confidence=Confidence(row.confidence),
        counts_toward_total=row.counts_toward_total,
        exclusive_group=row.exclusive_group or None,
        carries_over=row.carries_over,
        parent=row.parent or None,
        from_renewal=row.from_renewal,
        until_renewal=row.until_renewal,
        follows_initial_rule=row.follows_initial_rule,
        label=row.label,
        description=row.description,
        cannot_judge=row.cannot_judge,
    )


def requirement_fields(spec: RequirementSpec) -> dict[str, Any]:
    """The Requirement row fields that hold `spec` (the inverse of `requirement_spec`)."""
    return {
        "code": spec.id,
        "kind": spec.kind.value,
        "credits": spec.credits,
        "credit_types": sorted(spec.credit_types),
        # The board's own topic first: it is the requirement's `topic` in the API.
        "topics": sorted(spec.topics, key=lambda topic: (topic != spec.topic, topic)),
        "cap": spec.cap,
        "window": spec.window.value,
        "window_n": spec.window_n,
        "months_after_licensure": spec.deadline.months_after_licensure,
        "by_renewal": spec.deadline.by_renewal,
        "deadline_on": spec.deadline.on,
        "licensed_before": spec.deadline.licensed_before,
        "grandfathered_due": spec.deadline.grandfathered_due,
        "effective_from": spec.effective_from,
        "counts_from": spec.counts_from,
        "condition": spec.condition,
        "confidence": spec.confidence.value,
        "counts_toward_total": spec.counts_toward_total,
        "exclusive_group": spec.exclusive_group or "",
        "carries_over": spec.carries_over,
        "parent": spec.parent or "",
        "from_renewal": spec.from_renewal,
        "until_renewal": spec.until_renewal,
        "follows_initial_rule": spec.follows_initial_rule,
        "label": spec.label,
        "description": spec.description,
        "cannot_judge": spec.cannot_judge,
    }


def rule_set_spec(rule_set: RuleSet) -> RuleSetSpec:
    """The engine's view of a rule set; prefetch `requirements` and the board's sharers."""
    board = rule_set.board
    codes = (board.code, *sorted(b.code for b in board.sharing_boards.all()))
    return RuleSetSpec(
        boards=codes,
        effective_from=rule_set.effective_from,
        effective_to=rule_set.effective_to,
        cycle_years=rule_set.cycle_years,
        requirements=tuple(requirement_spec(row) for row in rule_set.requirements.all()),
        cme_required=rule_set.cme_required,
        carryover_cap=rule_set.carryover_cap,
        carryover_types=frozenset(rule_set.carryover_credit_types),
        initial=InitialTreatment(rule_set.initial_treatment),
        initial_exempt_within_months=rule_set.initial_exempt_within_months,
        proration=Proration(
            rounding=Rounding(rule_set.proration_rounding), step=rule_set.proration_step
        ),
        moc_substitute=rule_set.moc_substitute,
        confidence=Confidence(rule_set.confidence),
        name=board.name,
        cannot_judge=tuple(rule_set.cannot_judge or ()),
        fixed_periods=(
            FixedPeriods(
                starts=rule_set.fixed_period_starts,
                renewal_years=rule_set.renewal_years or rule_set.cycle_years,
            )
            if rule_set.fixed_period_starts
            else None
        ),
        calendar_years_before_renewal=rule_set.calendar_years_before_renewal,
    )


def rule_set_fields(spec: RuleSetSpec) -> dict[str, Any]:
    """The RuleSet row fields that hold `spec`, less its board, dates and provenance."""
    return {
        "cycle_years": spec.cycle_years,
        "cme_required": spec.cme_required,
        "carryover_cap": spec.carryover_cap,
        "carryover_credit_types": sorted(spec.carryover_types),
        "initial_treatment": spec.initial.value,
        "initial_exempt_within_months": spec.initial_exempt_within_months,
        "proration_rounding": spec.proration.rounding.value,
        "proration_step": spec.proration.step,
        "moc_substitute": spec.moc_substitute,
        "confidence": spec.confidence.value,
        "cannot_judge": list(spec.cannot_judge),
        "fixed_period_starts": spec.fixed_periods.starts if spec.fixed_periods else None,
        "renewal_years": spec.fixed_periods.renewal_years if spec.fixed_periods else None,
        "calendar_years_before_renewal": spec.calendar_years_before_renewal,
    }


def comparable(spec: RuleSetSpec) -> tuple[Any, ...]:
    """What makes two rule sets the same rules, whatever their dates (for versioning)."""
    fields = rule_set_fields(spec)
    requirements = tuple(
        tuple(sorted((k, _normal(v)) for k, v in requirement_fields(r).items()))
        for r in spec.requirements
    )
    return (tuple(sorted((k, _normal(v)) for k, v in fields.items())), requirements)


def _normal(value: Any) -> Any:
    # 2 and 2.00 are the same number of credits; lists compare as tuples.
    if isinstance(value, Decimal):
        return value.normalize()
    if isinstance(value, list):
        return tuple(value)
    return value


def attestation(row: AttestationRow) -> Attestation:
    return attestation_from_values(
        requirement_code=row.requirement_code,
        kind=row.kind,
        completed_on=row.completed_on,
        reason=row.reason,
    )


def attestation_from_values(
    *, requirement_code: str, kind: str, completed_on: datetime.date | None, reason: str
) -> Attestation:
    """An attestation read as plain values (with the physician's other answers, one query)."""
    return Attestation(
        requirement_id=requirement_code,
        kind=AttestationKind(kind),
        on=completed_on,
        reason=reason,
    )


def license_facts(
    license: License,
    *,
    answers: dict[str, bool],
    attestations: tuple[Attestation, ...] = (),
) -> LicenseFacts:
    """`answers` are the license's effective answers (see `conditions.effective_answers`)."""
    return LicenseFacts(
        board=license.board.code,
        issued_on=license.issued_on,
        expires_on=license.expires_on,
        cycle_start=license.cycle_start,
        cycle_end=license.cycle_end,
        conditions=frozenset(code for code, yes in answers.items() if yes),
        unanswered=frozenset(vocabulary.answerable()) - answers.keys(),
        attestations=attestations,
    )
