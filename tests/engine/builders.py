"""Small builders for engine tests: a credit, a requirement, a rule set, a license."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from reporting.engine import (
    Credit,
    Kind,
    LicenseFacts,
    RequirementSpec,
    RuleSetSpec,
)
from reporting.reference import rule_sets_from_reference
from reporting.rule_book import read_rule_book


def d(text: str) -> Decimal:
    return Decimal(text).quantize(Decimal("0.01"))


def credit(
    activity_id: int | str,
    completed_on: date,
    credits: str = "1",
    credit_type: str = "ama-pra-1",
    topics: tuple[str, ...] = (),
) -> Credit:
    return Credit(
        activity_id=activity_id,
        completed_on=completed_on,
        credit_type=credit_type,
        credits=d(credits),
        topics=frozenset(topics),
        title=f"Activity {activity_id}",
    )


def total(credits: str = "40", **fields: Any) -> RequirementSpec:
    return RequirementSpec(id="xx-md.total", kind=Kind.TOTAL, credits=d(credits), **fields)


def topic(slug: str, credits: str | None = "2", **fields: Any) -> RequirementSpec:
    fields.setdefault("id", f"xx-md.{slug}")
    return RequirementSpec(
        kind=Kind.TOPIC,
        credits=None if credits is None else d(credits),
        topics=frozenset({slug}),
        **fields,
    )


def rules(*requirements: RequirementSpec, cycle_years: int = 2, **fields: Any) -> RuleSetSpec:
    return RuleSetSpec(
        boards=("XX-MD",),
        effective_from=date(2000, 1, 1),
        cycle_years=cycle_years,
        requirements=requirements,
        **fields,
    )


def license(
    expires_on: date = date(2026, 1, 31),
    issued_on: date = date(2010, 7, 1),
    conditions: tuple[str, ...] = (),
    board: str = "XX-MD",
    **fields: Any,
) -> LicenseFacts:
    return LicenseFacts(
        board=board,
        issued_on=issued_on,
        expires_on=expires_on,
        conditions=frozenset(conditions),
        **fields,
    )


@cache
def reference_document() -> dict[str, Any]:
    # The project's own rule book (what load_state_rules loads).
    return read_rule_book()


@cache
def reference_rule_sets() -> dict[str, RuleSetSpec]:
    """Board code -> rule set, built from the real reference file."""
    return {code: r for r in rule_sets_from_reference(reference_document()) for code in r.boards}
