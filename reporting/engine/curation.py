"""Hand-curated readings of reference-data sentences the loader cannot take literally.

Keyed by the stable requirement id that `reference.py` generates. Each entry names the source
sentence it encodes. Everything here is data; `reference.py` applies it with `dataclasses.replace`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from .types import Confidence, DeadlineRule, Kind, RequirementSpec

CATEGORY_1 = frozenset({"ama-pra-1", "aoa-1a"})
AOA_1 = frozenset({"aoa-1a", "aoa-1b"})

# Deadlines written as prose that is not a plain "within N months of licensure" or
# "by <Month D, YYYY>" sentence (those two shapes are parsed in reference.py).
DEADLINES: dict[str, DeadlineRule] = {
    # "Licensed before 2025: by December 31, 2025. Licenses issued on/after January 1, 2025:
    # within 12 months of the license issue date (Ala. Admin. Code 540-X-14-.02(1)(a)-(b))."
    "al-md.professional-boundaries": DeadlineRule(
        months_after_licensure=12,
        licensed_before=date(2025, 1, 1),
        grandfathered_due=date(2025, 12, 31),
    ),
    # "Licensed on/after 1/1/2002: by the second license renewal or within 4 years of initial
    # licensure, whichever comes first (licensed before 2002: by 12/31/2006)."
    "ca-md.pain-management": DeadlineRule(
        by_renewal=2,
        months_after_licensure=48,
        licensed_before=date(2002, 1, 1),
        grandfathered_due=date(2006, 12, 31),
    ),
    # "Within 4 years of initial licensure or by the second renewal, whichever comes first"
    "ca-do.pain-management": DeadlineRule(by_renewal=2, months_after_licensure=48),
    # "Licensees at the time: by January 1, 2021 (F.S. 456.0341). Later licensees: complete the
    # one-time course (Board-approved) before the first renewal"
    "fl-md.human-trafficking": DeadlineRule(
        by_renewal=1, licensed_before=date(2019, 7, 1), grandfathered_due=date(2021, 1, 1)
    ),
    "fl-do.human-trafficking": DeadlineRule(
        by_renewal=1, licensed_before=date(2019, 7, 1), grandfathered_due=date(2021, 1, 1)
    ),
    # "Licensed on 1/1/2019: by 1/1/2024, then every 5 years"
    "ia-md.opioid-prescribing": DeadlineRule(
        licensed_before=date(2019, 1, 2), grandfathered_due=date(2024, 1, 1)
    ),
    # "By 12/31/2017 for licensees at that time (HB 157 of 2014); the rule for later licensees
    # was not read" -> later licensees get the one-time default (first renewal after licensure).
    "ky-md.pediatric-abusive-head-trauma": DeadlineRule(
        licensed_before=date(2018, 1, 1), grandfathered_due=date(2017, 12, 31)
    ),
    # "Between 1/1/2020 and 12/31/2022" (counts_from below encodes the opening date)
    "mn-md.opioid-prescribing": DeadlineRule(on=date(2022, 12, 31)),
    # "Licensed on/after 6/30/2007: by the end of the first full renewal cycle after licensure
    # (licensed earlier: by the next renewal after 3/24/2008)"; NJ renews June 30 of odd years.
    "nj-md.cultural-competency": DeadlineRule(
        by_renewal=2, licensed_before=date(2007, 6, 30), grandfathered_due=date(2009, 6, 30)
    ),
    # "Newly licensed: within 24 months after the first license renewal" = the second renewal
    # on Oregon's 2-year cycle.
    "or-md.pain-management.one-time": DeadlineRule(by_renewal=2),
    # "Licensed before 1/1/2026: first course by 1/1/2028; licensed on/after 1/1/2026: within
    # 2 years of licensure; then every 6 years (ClearCME)."
    "sc-md.human-trafficking": DeadlineRule(
        months_after_licensure=24,
        licensed_before=date(2026, 1, 1),
        grandfathered_due=date(2028, 1, 1),
    ),
    # "The first 2 hours no later than the first anniversary of the initial registration permit"
    "tx-md.opioid-prescribing": DeadlineRule(months_after_licensure=12),
    # "By the end of the first full CE period after 1/1/2016, or the first full CE period after
    # initial licensure": for anyone licensed before 2016 both dates are long past, so the
    # licensure clause (the second renewal, the first full period) is enough.
    "wa-md.suicide-prevention": DeadlineRule(by_renewal=2),
    "wa-md.opioid-prescribing": DeadlineRule(by_renewal=2),
    "wa-do.suicide-prevention": DeadlineRule(by_renewal=2),
}

# Field overrides by requirement id, each with the sentence it encodes.
OVERRIDES: dict[str, dict[str, Any]] = {
    # "2 of the 24 formal credits in medical ethics and/or professional responsibility"
    "tx-md.medical-ethics": {
        "topics": frozenset({"medical-ethics", "professional-responsibility"}),
        "credit_types": CATEGORY_1,
        "label": "medical ethics or professional responsibility",
    },
    # "Required in each of the first two renewal periods; after that see the every-8-years entry."
    # Not waived for new licensees: the first 2 hours are due by the first anniversary.
    "tx-md.opioid-prescribing": {"until_renewal": 2, "follows_initial_rule": False},
    "tx-md.opioid-prescribing.every-8-years": {"from_renewal": 3},
    # Occ. Code 156.060(b): "In the first renewal period after the initial registration permit,
    # then at least once in every third renewal period after that" (renewals 1, 4, 7...).
    "tx-md.human-trafficking": {"follows_initial_rule": False},
    # 64B8-13.005(1)(a): "As part of every third biennial renewal licensure period": we read the
    # 3rd, 6th, 9th... renewal after licensure.
    "fl-md.domestic-violence": {"from_renewal": 3},
    "fl-do.domestic-violence": {"from_renewal": 3},
    # FL first renewal: "Only the 1 h HIV/AIDS and the 2 h medical errors are due (plus the 2 h
    # controlled-substance course for DEA registrants)."
    "fl-md.medical-errors": {"follows_initial_rule": False},
    "fl-md.controlled-substances": {"follows_initial_rule": False},
    "fl-md.hiv-aids": {"credit_types": CATEGORY_1},
    # 64B15-13.001(1)(b): the laws/rules, medical errors, HIV/AIDS and CS courses stay due.
    "fl-do.laws-and-rules": {"follows_initial_rule": False},
    "fl-do.medical-errors": {"follows_initial_rule": False},
    "fl-do.controlled-substances": {"follows_initial_rule": False},
    # 1285.110(a)(4): no CME at the first renewal, "but the opioid course still applies".
    "il-md.opioid-prescribing": {"follows_initial_rule": False},
    # 3-7(b)(i) exempts only "the 60-hour requirement" for licensees under three years.
    "wy-md.controlled-substances": {"follows_initial_rule": False},
    # R156-37-402(3)(b): "Controlled-substance CE hours are prorated from the date of licensure"
    "ut-md.controlled-substances": {"follows_initial_rule": True},
    "ut-do.controlled-substances": {"follows_initial_rule": True},
    # "The 12 hours can be any mix of pain management and care of terminally ill/dying patients"
    "ca-md.pain-management": {"topics": frozenset({"pain-management", "end-of-life-care"})},
    "ca-do.pain-management": {"topics": frozenset({"pain-management", "end-of-life-care"})},
    # "At least 20% of all mandatory CME hours (i.e. 10 of 50) must be in geriatric medicine"
    "ca-md.geriatrics": {"credits": Decimal("10.00")},
    "ca-do.geriatrics": {"credits": Decimal("10.00")},
    # 243 CMR: board regulations, end-of-life and implicit-bias credits "may count toward risk
    # management".
    "ma-md.risk-management": {
        "topics": frozenset(
            {"risk-management", "laws-and-rules", "end-of-life-care", "implicit-bias"}
        )
    },
    # "An approved implicit-bias program ... Training done since 10/1/2020 counts."
    "md-md.implicit-bias": {"counts_from": date(2020, 10, 1)},
    "mn-md.opioid-prescribing": {"counts_from": date(2020, 1, 1)},
    # "2 of the 40 Category I credits on end-of-life care"; "1 of the 40 Category I credits on
    # prescription opioid drugs"
    "nj-md.end-of-life-care": {"credit_types": CATEGORY_1},
    "nj-md.opioid-prescribing": {"credit_types": CATEGORY_1},
    # NY's updated child-abuse curricula (Ch. 56 of 2021, Ch. 25 of 2024): a course from before
    # the law's year cannot carry the new content.
    "ny-md.child-abuse.one-time": {
        "id": "ny-md.child-abuse.update-2021",
        "counts_from": date(2021, 1, 1),
    },
    "ny-md.child-abuse.one-time-2": {
        "id": "ny-md.child-abuse.update-2024",
        "counts_from": date(2024, 1, 1),
    },
    # "2 hours in medical ethics, pain management, or addiction care"
    "nv-md.medical-ethics": {
        "topics": frozenset({"medical-ethics", "pain-management", "substance-use-disorders"})
    },
    "nv-do.medical-ethics": {
        "topics": frozenset({"medical-ethics", "pain-management", "substance-use-disorders"})
    },
    # "6 accredited hours of pain management and/or end-of-life care"
    "or-md.pain-management.one-time": {
        "topics": frozenset({"pain-management", "end-of-life-care"})
    },
    # "At least 1 hour on hospice, palliative care, or pain management services (any of these)"
    "vt-md.pain-management": {"topics": frozenset({"pain-management", "end-of-life-care"})},
    # "at least 4.5 hours per 3-year cycle on KASPER, pain management and/or addiction disorders"
    "ky-md.controlled-substances": {
        "topics": frozenset({"controlled-substances", "pain-management", "substance-use-disorders"})
    },
    # CA-DO: "At least 20 hours AOA 1-A/1-B"; MI-DO: "at least 60 in Category 1 programs"
    "ca-do.category-1": {"credit_types": AOA_1, "label": "AOA Category 1"},
    "mi-do.category-1": {"credit_types": AOA_1 | {"ama-pra-1"}, "label": "Category 1"},
}

# Hours "counted for one mandate may not count for another": 16.108(b) says the child-abuse
# and opioid hours do NOT count toward the 12 patient-safety hours.
EXCLUSIVE_GROUPS: dict[str, tuple[str, ...]] = {
    "pa-md.renewal-topics": (
        "pa-md.patient-safety-risk-management",
        "pa-md.child-abuse",
        "pa-md.opioid-prescribing",
    ),
    "pa-do.renewal-topics": (
        "pa-do.patient-safety-risk-management",
        "pa-do.child-abuse",
        "pa-do.opioid-prescribing",
    ),
}


def _sub_minimum(prefix: str, confidence: Confidence) -> RequirementSpec:
    # MCL 333.17033: "At least 1 of the 3 hours must cover controlled substance prescribing."
    return RequirementSpec(
        id=f"{prefix}.pain-management.controlled-substances",
        kind=Kind.TOPIC,
        credits=Decimal("1.00"),
        topics=frozenset({"controlled-substances", "opioid-prescribing"}),
        parent=f"{prefix}.pain-management",
        confidence=confidence,
        label="controlled substance prescribing (within pain management)",
        description="At least 1 of the 3 pain hours on controlled substance prescribing.",
    )


# Requirements the reference states in its notes rather than its fields.
EXTRAS: dict[str, tuple[RequirementSpec, ...]] = {
    "MI-MD": (_sub_minimum("mi-md", Confidence.HIGH),),
    "MI-DO": (
        _sub_minimum("mi-do", Confidence.MEDIUM),
        # R 338.143: of the 60 Category 1 hours "at least 40 must be AOA/MOA-approved (1-A)".
        RequirementSpec(
            id="mi-do.category-1a",
            kind=Kind.CATEGORY_MIN,
            credits=Decimal("40.00"),
            credit_types=frozenset({"aoa-1a"}),
            label="AOA Category 1-A",
            description="At least 40 of the 150 hours in AOA/MOA-approved Category 1-A activities.",
        ),
    ),
    # "No more than 20 credits in Category I-B."
    "TN-DO": (
        RequirementSpec(
            id="tn-do.category-1b-cap",
            kind=Kind.CATEGORY_CAP,
            cap=Decimal("20.00"),
            credit_types=frozenset({"aoa-1b"}),
            label="AOA Category 1-B",
            description="No more than 20 credits in AOA Category 1-B count.",
        ),
    ),
    # R4-22-207(A): "No more than 16 hours may be AMA Category 1. The 40 is made up only of
    # those two kinds" (AOA 1-A and AMA Category 1).
    "AZ-DO": (
        RequirementSpec(
            id="az-do.ama-category-1-cap",
            kind=Kind.CATEGORY_CAP,
            cap=Decimal("16.00"),
            credit_types=frozenset({"ama-pra-1"}),
            label="AMA Category 1",
            description="No more than 16 hours of AMA PRA Category 1 count.",
        ),
        RequirementSpec(
            id="az-do.other-credit-cap",
            kind=Kind.CATEGORY_CAP,
            cap=Decimal("0.00"),
            credit_types=frozenset({"ama-pra-2", "aoa-1b", "aoa-2a", "aoa-2b", "other"}),
            label="non-1-A, non-AMA Category 1",
            description="Only AOA 1-A and AMA Category 1 hours make up the 40.",
        ),
    ),
}
