"""Turn the researched reference data (the rule book, `reporting/data/rules/`) into rule sets.

Pure: takes the parsed JSON document, returns `RuleSetSpec`s, same input -> equal output.
Board codes: `{state}-MD` / `{state}-DO` from `degrees_covered` (a combined board gives both
codes one shared rule set); the federal DEA MATE Act record becomes `US-DEA`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal
from typing import Any

from reporting.engine.explain import topic_words
from reporting.engine.types import (
    CREDIT_TYPES,
    Confidence,
    DeadlineRule,
    FixedPeriods,
    InitialTreatment,
    Kind,
    Proration,
    RequirementSpec,
    Rounding,
    RuleSetSpec,
    Window,
)

# The reference records carry no start date for a whole rule set: it applies to any cycle
# until an admin splits it when a board changes its rules.
SINCE_ALWAYS = date.min

# Indiana has no CME cycle: its opioid hours ride on the (biennial) controlled-substance
# registration, whose dates the caller passes as the license's explicit cycle.
DEFAULT_CYCLE_YEARS = 2

_WITHIN = re.compile(r"^Within (?:the first )?(\d+) (month|year)s? of (?:initial )?licensure", re.I)
_MONTHS = list(calendar.month_name)[1:]
_MONTH_NAMES = "|".join(_MONTHS)
_BY_DATE = re.compile(rf"^(?:By|Before|No later than) ((?:{_MONTH_NAMES}) \d{{1,2}}, \d{{4}})")


def _money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def _date(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def parse_deadline(text: str | None) -> DeadlineRule:
    """The two prose shapes that parse cleanly; anything else is curated or the default."""
    if not text:
        return DeadlineRule()
    within = _WITHIN.match(text)
    if within:
        number, unit = int(within.group(1)), within.group(2).lower()
        return DeadlineRule(months_after_licensure=number * (12 if unit == "year" else 1))
    by_date = _BY_DATE.match(text)
    if by_date:
        month, day, year = by_date.group(1).replace(",", "").split()
        return DeadlineRule(on=date(int(year), _MONTHS.index(month) + 1, int(day)))
    return DeadlineRule()


def board_codes(record: dict[str, Any]) -> tuple[str, ...]:
    return tuple(f"{record['state_code']}-{degree}" for degree in record["degrees_covered"])


def category_1_types(record: dict[str, Any]) -> frozenset[str]:
    """What this board counts as Category 1, from its record (`category_1_credit_types`).

    Boards differ: some DO boards count AOA 1-A and 1-B, some accept AMA PRA Category 1 too.
    A record that does not say gets the narrowest reading of its degree: AOA 1-A on DO-only
    boards, AMA PRA 1 or AOA 1-A on MD and combined boards.
    """
    categories = record.get("category_requirements") or {}
    listed = categories.get("category_1_credit_types")
    if listed:
        return frozenset(listed)
    if all(code.endswith("-DO") for code in board_codes(record)):
        return frozenset({"aoa-1a"})
    return frozenset({"ama-pra-1", "aoa-1a"})


def _category_1_label(record: dict[str, Any], cat1: frozenset[str]) -> str:
    categories = record.get("category_requirements") or {}
    if categories.get("category_1_label"):
        return str(categories["category_1_label"])
    return "AOA Category 1-A" if cat1 == frozenset({"aoa-1a"}) else "Category 1"


def _cap_label(category_1: str) -> str:
    if category_1 == "Category 1":
        return "Category 2"
    if category_1 == "AOA Category 1-A":
        return "non-1-A"
    return f"other than {category_1}"


def _structured_deadline(value: dict[str, Any]) -> DeadlineRule:
    return DeadlineRule(
        months_after_licensure=value.get("months_after_licensure"),
        by_renewal=value.get("by_renewal"),
        on=_date(value.get("on")),
        licensed_before=_date(value.get("licensed_before")),
        grandfathered_due=_date(value.get("grandfathered_due")),
    )


def _suffix(mandate: dict[str, Any]) -> str:
    frequency, n = mandate["frequency"], mandate["frequency_n"]
    if frequency == "every_n_years":
        return f"every-{n}-years"
    if frequency == "every_nth_renewal":
        return f"every-{n}-renewals"
    return str(frequency).replace("_", "-")


def _confidence(mandate: dict[str, Any], record: dict[str, Any]) -> Confidence:
    # "confidence: Present only when a single mandate is less certain than the board record
    # as a whole" -> otherwise the mandate is as certain as its record.
    return Confidence(mandate.get("confidence") or record["confidence"])


def _topic(
    mandate: dict[str, Any], record: dict[str, Any], req_id: str, initial: InitialTreatment
) -> RequirementSpec:
    window = Window(mandate["frequency"])
    periodic = window in (
        Window.EVERY_CYCLE,
        Window.ANNUAL,
        Window.EVERY_N_YEARS,
        Window.EVERY_NTH_RENEWAL,
    )
    other_ways = mandate.get("other_ways_to_comply")
    text = ". ".join(
        part
        for part in (
            mandate["applies_to"],
            mandate["notes"],
            f"Another way to comply (attest it): {other_ways}" if other_ways else "",
        )
        if part
    )
    structured = mandate.get("deadline")
    return RequirementSpec(
        id=mandate.get("id") or req_id,
        kind=Kind.TOPIC,
        credits=_money(mandate["credits"]),
        credit_types=frozenset(mandate.get("credit_types") or ()),
        topics=frozenset({mandate["topic"], *(mandate.get("topics") or ())}),
        topic=mandate["topic"],
        window=window,
        window_n=mandate["frequency_n"],
        deadline=(
            _structured_deadline(structured)
            if structured
            else parse_deadline(mandate["deadline_rule"])
        ),
        effective_from=_date(mandate["effective_date"]),
        counts_from=_date(mandate.get("counts_from")),
        condition=mandate["condition"],
        confidence=_confidence(mandate, record),
        counts_toward_total=bool(mandate["counts_toward_total"]),
        exclusive_group=mandate.get("exclusive_group"),
        from_renewal=mandate.get("from_renewal", 1),
        until_renewal=mandate.get("until_renewal"),
        # An exempt first cycle waives the recurring topics; one-time and first-renewal
        # mandates exist precisely for new licensees. Proration targets hours only.
        follows_initial_rule=mandate.get(
            "follows_initial_rule", periodic and initial is InitialTreatment.EXEMPT
        ),
        label=mandate.get("label") or topic_words(mandate["topic"]),
        description=text,
        cannot_judge=mandate.get("cannot_judge") or "",
    )


def _extra(item: dict[str, Any], record: dict[str, Any]) -> RequirementSpec:
    """A requirement the record states beside its hours and topics (a sub-minimum, a cap)."""
    return RequirementSpec(
        id=item["id"],
        kind=Kind(item["kind"]),
        credits=_money(item.get("credits")),
        cap=_money(item.get("cap")),
        credit_types=frozenset(item.get("credit_types") or ()),
        topics=frozenset(item.get("topics") or ()),
        topic=(item.get("topics") or [""])[0],
        parent=item.get("parent"),
        condition=item.get("condition", "all"),
        confidence=Confidence(item.get("confidence") or record["confidence"]),
        label=item.get("label", ""),
        description=item.get("description", ""),
        cannot_judge=item.get("cannot_judge") or "",
    )


def _hours(record: dict[str, Any], prefix: str) -> list[RequirementSpec]:
    total = _money(record["total_credits"])
    if total is None:
        return []
    categories = record.get("category_requirements") or {}
    cat1 = category_1_types(record)
    label = _category_1_label(record, cat1)
    specs = [
        RequirementSpec(
            id=f"{prefix}.total",
            kind=Kind.TOTAL,
            credits=total,
            label="total",
            description=f"{total} credits every {record['cycle_years']} years.",
        )
    ]
    minimum = _money(categories.get("min_category_1"))
    if minimum:
        specs.append(
            RequirementSpec(
                id=f"{prefix}.category-1",
                kind=Kind.CATEGORY_MIN,
                credits=minimum,
                credit_types=cat1,
                label=label,
                description=categories.get("notes") or "",
            )
        )
    cap = _money(categories.get("max_category_2"))
    if cap is not None:
        specs.append(
            RequirementSpec(
                id=f"{prefix}.category-2-cap",
                kind=Kind.CATEGORY_CAP,
                cap=cap,
                credit_types=CREDIT_TYPES - cat1,
                label=_cap_label(label),
                description=categories.get("notes") or "",
            )
        )
    return specs


def _initial(record: dict[str, Any]) -> InitialTreatment:
    rules = record.get("new_licensee_rules") or {}
    if rules.get("prorated"):
        return InitialTreatment.PRORATED
    if rules.get("first_renewal_exempt") or rules.get(
        "exempt_if_issued_within_months_before_renewal"
    ):
        return InitialTreatment.EXEMPT
    return InitialTreatment.FULL


def _carryover(
    record: dict[str, Any], cat1: frozenset[str]
) -> tuple[Decimal | None, frozenset[str]]:
    carry = record.get("carryover") or {}
    if not carry.get("allowed") or not carry.get("max_credits"):
        return None, frozenset()
    notes = carry.get("notes") or ""
    # Iowa: "Up to 20 Category 1 hours from the previous license period"
    types = cat1 if "Category 1" in notes else frozenset()
    return _money(carry["max_credits"]), types


def _fixed_periods(record: dict[str, Any]) -> FixedPeriods | None:
    period = (record.get("cycle_anchor") or {}).get("cme_period")
    if not period or "starts" not in period:
        return None
    return FixedPeriods(
        starts=date.fromisoformat(period["starts"]),
        renewal_years=record.get("renewal_frequency_years") or record["cycle_years"],
    )


def _proration(record: dict[str, Any]) -> Proration:
    """The board's own tiers (see `Proration`); any other prorating board rounds down to 1."""
    rules = record.get("new_licensee_rules") or {}
    if not rules.get("proration_step"):
        return Proration()
    return Proration(
        Rounding(rules["proration_rounding"]), _money(rules["proration_step"]) or Decimal(1)
    )


def board_rule_set(record: dict[str, Any]) -> RuleSetSpec:
    """One board record -> one rule set shared by all its board codes."""
    codes = board_codes(record)
    prefix = codes[0].lower()
    initial = _initial(record)
    specs = _hours(record, prefix)
    seen: set[str] = {s.id for s in specs}
    for mandate in record["topic_mandates"]:
        base = f"{prefix}.{mandate['topic']}"
        req_id = base if base not in seen else f"{base}.{_suffix(mandate)}"
        counter = 2
        while req_id in seen:
            req_id = f"{base}.{_suffix(mandate)}-{counter}"
            counter += 1
        seen.add(req_id)
        specs.append(_topic(mandate, record, req_id, initial))
    specs.extend(_extra(item, record) for item in record.get("extra_requirements") or ())
    carry_cap, carry_types = _carryover(record, category_1_types(record))
    has_rules = bool(specs)
    return RuleSetSpec(
        boards=codes,
        effective_from=SINCE_ALWAYS,
        cycle_years=record["cycle_years"]
        or record["renewal_frequency_years"]
        or DEFAULT_CYCLE_YEARS,
        requirements=tuple(specs),
        # NY and IN say cme_required false (no general hours) but their topic mandates apply.
        cme_required=bool(record["cme_required"]) or has_rules,
        carryover_cap=carry_cap,
        carryover_types=carry_types,
        initial=initial,
        initial_exempt_within_months=(record.get("new_licensee_rules") or {}).get(
            "exempt_if_issued_within_months_before_renewal"
        ),
        proration=_proration(record),
        moc_substitute=bool((record.get("board_certification_substitute") or {}).get("accepted")),
        confidence=Confidence(record["confidence"]),
        name=record["board_name"],
        cannot_judge=tuple(record.get("cannot_judge") or ()),
        fixed_periods=_fixed_periods(record),
        calendar_years_before_renewal=bool(
            ((record.get("cycle_anchor") or {}).get("cme_period") or {}).get(
                "calendar_years_before_expiry"
            )
        ),
    )


def federal_rule_set(record: dict[str, Any]) -> RuleSetSpec:
    """The DEA MATE Act one-time 8 hours, judged on the DEA registration's own 3-year cycle."""
    mate = RequirementSpec(
        id="us-dea.substance-use-disorders",
        kind=Kind.TOPIC,
        credits=_money(record["credits"]),
        topics=frozenset({record["topic"]}),
        topic=record["topic"],
        window=Window(record["frequency"]),
        effective_from=_date(record["effective_date"]),
        condition=record["condition"],
        confidence=Confidence(record["confidence"]),
        # "at their first initial or renewal DEA registration application on or after June 27,
        # 2023": a registration issued later needs it before it is issued; an older one by its
        # first renewal after that date (the one-time default).
        deadline=DeadlineRule(
            months_after_licensure=0, licensed_before=_date(record["effective_date"])
        ),
        label="opioid and substance use disorder treatment (DEA MATE Act)",
        description=record["applies_to"],
    )
    return RuleSetSpec(
        boards=("US-DEA",),
        effective_from=SINCE_ALWAYS,
        cycle_years=3,
        requirements=(mate,),
        confidence=Confidence(record["confidence"]),
        name=record["name"],
    )


def rule_sets_from_reference(document: dict[str, Any]) -> list[RuleSetSpec]:
    """Every board record of the reference document, plus the federal DEA record, as rule sets."""
    rule_sets = [board_rule_set(record) for record in document["boards"]]
    rule_sets.append(federal_rule_set(document["federal"]))
    return rule_sets
