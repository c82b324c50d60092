"""Golden cases for the boards of rule-book group d, each read from the board's own text.

Every case names the sentence it follows (quote + citation). "Compliant" cases are judged on
the renewal date, "short" cases on the day after the cycle ends. Conditions are the set of
codes that are true; every other question counts as answered No unless a case leaves it
unanswered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from reporting.engine import (
    Attestation,
    AttestationKind,
    Credit,
    LicenseFacts,
    LicenseStatus,
    Status,
    evaluate,
)
from tests.engine.builders import credit, reference_rule_sets

MET, SHORT, NA, DUE = Status.MET, Status.SHORT, Status.NOT_APPLICABLE, Status.NOT_YET_DUE
CAT1 = "ama-pra-1"


@dataclass(frozen=True)
class Case:
    """One physician on one board: what they logged, the day judged, what the board says."""

    name: str
    board: str
    issued: date
    expires: date
    credits: tuple[tuple[str, str, tuple[str, ...], date | None], ...]
    expect: dict[str, Status]
    compliant: bool
    conditions: tuple[str, ...] = ()
    day_after: bool = False
    renewal: int | None = None
    # Questions left unanswered (neither Yes nor No), attestations, the whole-license status.
    unanswered: tuple[str, ...] = ()
    attestations: tuple[Attestation, ...] = ()
    status: LicenseStatus | None = None

    def facts(self) -> LicenseFacts:
        return LicenseFacts(
            self.board,
            self.issued,
            self.expires,
            conditions=frozenset(self.conditions),
            unanswered=frozenset(self.unanswered),
            attestations=self.attestations,
        )

    def logged(self) -> list[Credit]:
        # Undated credits fall two months before the cycle end, inside any window.
        default = self.expires - timedelta(days=60)
        return [
            credit(index, on or default, hours, kind, topics)
            for index, (hours, kind, topics, on) in enumerate(self.credits, 1)
        ]

    def as_of(self) -> date:
        return self.expires + timedelta(days=1) if self.day_after else self.expires


def c(hours: str, kind: str = CAT1, *topics: str, on: date | None = None):
    return (hours, kind, tuple(topics), on)


CASES: list[Case] = []


def case(*args, **kwargs) -> None:
    CASES.append(Case(*args, **kwargs))


# ------------------------------------------------------------------------------------ Texas
# 22 TAC 161.35(a): "Forty-eight total CME credits are required, biennially ... Minimum of 24
# formal credits of AMA/PRA Category 1 ... (D) the AOA Category 1-A"; (a)(2): "(A) a human
# trafficking prevention course, in accordance with §156.060 of the Act; (B) two credits in the
# topic of medical ethics and/or professional responsibility; and (C) two credits in accordance
# with §156.055". Occ. Code 156.060(b): "in the first renewal period following the issuance of
# the physician's initial registration permit ... and ... at least once in every third renewal
# period following" it: renewals 1, 4, 7. Licensed 1 March 2015, the period ending 31 August
# 2027 is renewal 7.
TX_FULL = (
    c("20"),
    c("2", CAT1, "medical-ethics"),
    c("1", CAT1, "human-trafficking"),
    c("2", CAT1, "opioid-prescribing"),
    c("24", "ama-pra-2"),
)
case(
    "tx: renewal 7 falls due for human trafficking, all met on the renewal date",
    "TX-MD",
    date(2015, 3, 1),
    date(2027, 8, 31),
    TX_FULL,
    {
        "tx-md.total": MET,
        "tx-md.category-1": MET,
        "tx-md.medical-ethics": MET,
        "tx-md.human-trafficking": MET,
        "tx-md.opioid-prescribing.every-8-years": MET,
        "tx-md.opioid-prescribing": NA,
    },
    True,
    ("direct_patient_care",),
    renewal=7,
)
case(
    "tx: renewal 7 without the trafficking hour is short the day after",
    "TX-MD",
    date(2015, 3, 1),
    date(2027, 8, 31),
    (
        c("21"),
        c("2", CAT1, "medical-ethics"),
        c("2", CAT1, "opioid-prescribing"),
        c("24", "ama-pra-2"),
    ),
    {"tx-md.human-trafficking": SHORT, "tx-md.total": MET},
    False,
    ("direct_patient_care",),
    day_after=True,
)
case(
    # Renewal 6 is not one of 1, 4, 7: no trafficking hour owed that period.
    "tx: renewal 6 owes no trafficking hour",
    "TX-MD",
    date(2015, 3, 1),
    date(2025, 8, 31),
    (
        c("21"),
        c("2", CAT1, "medical-ethics"),
        c("2", CAT1, "opioid-prescribing"),
        c("24", "ama-pra-2"),
    ),
    {"tx-md.human-trafficking": NA, "tx-md.total": MET},
    True,
    ("direct_patient_care",),
    day_after=True,
    renewal=6,
)
case(
    # 156.060(a) and 156.055(a) apply only to a physician "who designates a direct patient
    # care practice"; the 2 ethics credits of 161.35(a)(2)(B) apply to everyone.
    "tx: no direct patient care: trafficking and opioid hours not owed, ethics still is",
    "TX-MD",
    date(2015, 3, 1),
    date(2027, 8, 31),
    (c("24"), c("24", "ama-pra-2")),
    {
        "tx-md.human-trafficking": NA,
        "tx-md.opioid-prescribing.every-8-years": NA,
        "tx-md.medical-ethics": SHORT,
    },
    False,
    day_after=True,
)
case(
    # 161.35(a)(1): at least 24 formal credits; informal beyond 24 does not count.
    "tx: 20 formal and 28 informal credits are short of the 24 formal",
    "TX-MD",
    date(2015, 3, 1),
    date(2027, 8, 31),
    (
        c("15"),
        c("2", CAT1, "medical-ethics"),
        c("1", CAT1, "human-trafficking"),
        c("2", CAT1, "opioid-prescribing"),
        c("28", "ama-pra-2"),
    ),
    {"tx-md.category-1": SHORT, "tx-md.total": SHORT},
    False,
    ("direct_patient_care",),
    day_after=True,
)
case(
    # TMB: "newly licensed physicians are exempt from the CME requirement the first time they
    # register", but 156.060(b)(1) names the first renewal period and 156.055(b) wants two
    # opioid hours "not later than the first anniversary of the date of issuance".
    "tx: first renewal: hours waived, trafficking and first-year opioid hours met",
    "TX-MD",
    date(2024, 2, 1),
    date(2026, 1, 31),
    (
        c("1", CAT1, "human-trafficking", on=date(2024, 6, 1)),
        c("2", CAT1, "opioid-prescribing", on=date(2024, 6, 1)),
    ),
    {
        "tx-md.total": NA,
        "tx-md.medical-ethics": NA,
        "tx-md.human-trafficking": MET,
        "tx-md.opioid-prescribing": MET,
    },
    True,
    ("direct_patient_care",),
    renewal=1,
)
case(
    "tx: first renewal without the trafficking hour is short",
    "TX-MD",
    date(2024, 2, 1),
    date(2026, 1, 31),
    (c("2", CAT1, "opioid-prescribing", on=date(2024, 6, 1)),),
    {"tx-md.total": NA, "tx-md.human-trafficking": SHORT, "tx-md.opioid-prescribing": MET},
    False,
    ("direct_patient_care",),
    day_after=True,
)
case(
    # 161.35(a)(1)(D): "the AOA Category 1-A" is formal; AOA 1-B is not in the list.
    "tx do: AOA 1-A counts as formal credit",
    "TX-DO",
    date(2015, 3, 1),
    date(2027, 8, 31),
    (
        c("20", "aoa-1a"),
        c("2", "aoa-1a", "medical-ethics"),
        c("1", "aoa-1a", "human-trafficking"),
        c("2", "aoa-1a", "opioid-prescribing"),
        c("24", "aoa-2a"),
    ),
    {"tx-md.category-1": MET, "tx-md.total": MET, "tx-md.human-trafficking": MET},
    True,
    ("direct_patient_care",),
)
case(
    "tx do: AOA 1-B is not formal credit in Texas",
    "TX-DO",
    date(2015, 3, 1),
    date(2027, 8, 31),
    (
        c("20", "aoa-1b"),
        c("2", "aoa-1a", "medical-ethics"),
        c("1", "aoa-1a", "human-trafficking"),
        c("2", "aoa-1a", "opioid-prescribing"),
        c("24", "aoa-2a"),
    ),
    {"tx-md.category-1": SHORT},
    False,
    ("direct_patient_care",),
    day_after=True,
)


# ---------------------------------------------------------------------------- West Virginia
# W. Va. Code 30-3-12(b)(3): "a minimum of fifty hours of continuing medical ... education
# satisfactory to the board ... during the preceding two-year period"; all Category 1. HB 4951
# (2026) made nutrition part of the CME: 2 hours from the periods ending after July 2026.
# 11 CSR 6-3.2: 3 controlled-substance hours each period for those who prescribe.
WV_MD_FULL = (
    c("45"),
    c("3", CAT1, "controlled-substances"),
    c("2", CAT1, "nutrition"),
)
case(
    "wv md: 50 Category 1 with the prescribing and nutrition hours",
    "WV-MD",
    date(2010, 7, 1),
    date(2028, 6, 30),
    WV_MD_FULL,
    {"wv-md.total": MET, "wv-md.controlled-substances": MET, "wv-md.nutrition": MET},
    True,
    ("prescribes_controlled_substances",),
)
case(
    # "All 50 hours must be Category 1": informal hours do not count.
    "wv md: 10 Category 2 hours leave the 50 short, nutrition missing",
    "WV-MD",
    date(2010, 7, 1),
    date(2028, 6, 30),
    (c("38"), c("10", "ama-pra-2"), c("2", CAT1, "controlled-substances")),
    {"wv-md.total": SHORT, "wv-md.nutrition": SHORT},
    False,
    day_after=True,
)
case(
    # The 3 hours are waived for a licensee who did not prescribe, administer or dispense.
    "wv md: non-prescriber owes no controlled-substance hours",
    "WV-MD",
    date(2010, 7, 1),
    date(2028, 6, 30),
    (c("48"), c("2", CAT1, "nutrition")),
    {"wv-md.controlled-substances": NA, "wv-md.total": MET},
    True,
)
# W. Va. Code 30-14-10(b): "thirty-two hours ... approved by the American Osteopathic
# Association, and fifty percent of the required thirty-two hours shall be classified as
# category (1)" - AOA 1-A or 1-B; AMA credit is AOA 2-A, counted in the 32 only.
case(
    "wv do: 16 AOA 1-B hours meet the Category 1 half, AMA credit fills the rest",
    "WV-DO",
    date(2012, 7, 1),
    date(2028, 6, 30),
    (c("16", "aoa-1b"), c("11"), c("3", CAT1, "controlled-substances"), c("2", CAT1, "nutrition")),
    {"wv-do.total": MET, "wv-do.category-1": MET, "wv-do.nutrition": MET},
    True,
    ("prescribes_controlled_substances",),
)
case(
    "wv do: 10 AOA Category 1 hours are short of 16",
    "WV-DO",
    date(2012, 7, 1),
    date(2028, 6, 30),
    (c("10", "aoa-1a"), c("20"), c("2", CAT1, "nutrition")),
    {"wv-do.category-1": SHORT, "wv-do.total": MET},
    False,
    day_after=True,
)


# -------------------------------------------------------------------------------- Wisconsin
# Med 13.02(1): "at least 30 hours of acceptable continuing medical educational programs within
# the ... biennial registration period"; Med 13.03(1)(b): AMA or AOA "Category I" only. Two of
# the 30 on prescribing opioids and other controlled substances, of every licensee in 2025.
case(
    "wi: 30 Category 1 hours including the 2 prescribing hours",
    "WI-MD",
    date(2010, 7, 1),
    date(2025, 10, 31),
    (c("28"), c("2", CAT1, "controlled-substances")),
    {"wi-md.total": MET, "wi-md.controlled-substances": MET},
    True,
)
case(
    "wi: no DEA number and no prescribing hours is still short in 2025",
    "WI-MD",
    date(2010, 7, 1),
    date(2025, 10, 31),
    (c("30"),),
    {"wi-md.total": MET, "wi-md.controlled-substances": SHORT},
    False,
    day_after=True,
)
case(
    # The AOA's "Category I" takes in 1-B as well as 1-A.
    "wi do: AOA 1-B hours count as Category I",
    "WI-DO",
    date(2010, 7, 1),
    date(2025, 10, 31),
    (c("28", "aoa-1b"), c("2", "aoa-1a", "controlled-substances")),
    {"wi-md.total": MET, "wi-md.category-1": MET},
    True,
)
case(
    "wi do: AOA Category 2 hours do not count",
    "WI-DO",
    date(2010, 7, 1),
    date(2025, 10, 31),
    (c("18", "aoa-1a"), c("2", "aoa-1a", "controlled-substances"), c("10", "aoa-2a")),
    {"wi-md.category-1": SHORT},
    False,
    day_after=True,
)


# ------------------------------------------------------------------------------------- Utah
# R156-67-304 (as summarised): 40 hours each two-year period, at least 34 Category 1. Utah
# Code 58-37-6.5: 3.5 hours of controlled-substance prescribing classes each period for a
# "controlled substance prescriber"; H.B. 175 (2017): SBIRT training "as a condition of
# renewal for the licensing period beginning after 01/01/2024" - 3.5 hours, once, and it
# satisfies the prescribing hours of that period.
case(
    "ut md: SBIRT in the first period after 2024 also covers the prescribing hours",
    "UT-MD",
    date(2010, 7, 1),
    date(2026, 1, 31),
    (c("30.5"), c("3.5", CAT1, "sbirt"), c("6", "ama-pra-2")),
    {"ut-md.total": MET, "ut-md.sbirt": MET, "ut-md.controlled-substances": MET},
    True,
    ("state_cs_registrant",),
)
case(
    "ut md: prescriber without SBIRT is short after 31 January 2026",
    "UT-MD",
    date(2010, 7, 1),
    date(2026, 1, 31),
    (c("30.5"), c("3.5", CAT1, "controlled-substances"), c("6", "ama-pra-2")),
    {"ut-md.sbirt": SHORT, "ut-md.controlled-substances": MET},
    False,
    ("state_cs_registrant",),
    day_after=True,
)
case(
    "ut md: the period ending January 2024 began before SBIRT was required",
    "UT-MD",
    date(2010, 7, 1),
    date(2024, 1, 31),
    (c("30.5"), c("3.5", CAT1, "controlled-substances"), c("6", "ama-pra-2")),
    {"ut-md.sbirt": NA, "ut-md.total": MET},
    True,
    ("state_cs_registrant",),
    day_after=True,
)
case(
    "ut md: 30 Category 1 hours are short of 34",
    "UT-MD",
    date(2010, 7, 1),
    date(2026, 1, 31),
    (c("30"), c("10", "ama-pra-2")),
    {"ut-md.category-1": SHORT},
    False,
    day_after=True,
)
# R156-68-304 (as summarised): 40 hours, at least 34 AOA or ACCME Category 1; licenses
# expire 31 May of even years, so SBIRT falls in the period that began 1 June 2024.
case(
    "ut do: AOA 1-B and AMA Category 1 both count toward the 34",
    "UT-DO",
    date(2012, 7, 1),
    date(2026, 5, 31),
    (c("20", "aoa-1b"), c("10.5"), c("3.5", "aoa-1a", "sbirt"), c("6", "aoa-2a")),
    {"ut-do.total": MET, "ut-do.category-1": MET, "ut-do.sbirt": MET},
    True,
    ("state_cs_registrant",),
)
case(
    "ut do: 30 Category 1 hours with AOA 2-A filler are short",
    "UT-DO",
    date(2012, 7, 1),
    date(2026, 5, 31),
    (c("30", "aoa-1a"), c("10", "aoa-2a")),
    {"ut-do.category-1": SHORT, "ut-do.sbirt": NA},
    False,
    day_after=True,
)


# --------------------------------------------------------------------------- South Carolina
# S.C. Code 40-47-40(2)(a): "forty hours of Category I continuing medical education sponsored
# by the American Medical Association, American Osteopathic Association, or another
# organization approved by the board ... at least two (2) hours of which may be related to
# approved procedures of prescribing and monitoring controlled substances"; the renewal form
# "must include a certificate of participation" for those two hours.
case(
    "sc: 40 Category I hours with the prescribing certificate",
    "SC-MD",
    date(2010, 7, 1),
    date(2027, 6, 30),
    (c("38"), c("2", CAT1, "controlled-substances")),
    {"sc-md.total": MET, "sc-md.controlled-substances": MET},
    True,
)
case(
    "sc: Category 2 hours do not count and the prescribing hours are missing",
    "SC-MD",
    date(2010, 7, 1),
    date(2027, 6, 30),
    (c("35"), c("5", "ama-pra-2")),
    {"sc-md.total": SHORT, "sc-md.controlled-substances": SHORT},
    False,
    day_after=True,
)
case(
    # 40-47-40(1): for the first renewal after initial licensure, licensure itself suffices.
    "sc: first renewal after licensure needs no CME",
    "SC-MD",
    date(2026, 3, 1),
    date(2027, 6, 30),
    (),
    {"sc-md.total": NA},
    True,
    day_after=True,
    renewal=1,
)
case(
    "sc do: AOA Category 1-B is Category I",
    "SC-DO",
    date(2010, 7, 1),
    date(2027, 6, 30),
    (c("38", "aoa-1b"), c("2", "aoa-1a", "controlled-substances")),
    {"sc-md.total": MET},
    True,
)
case(
    "sc do: AOA 2-A hours are not Category I",
    "SC-DO",
    date(2010, 7, 1),
    date(2027, 6, 30),
    (c("28", "aoa-1a"), c("2", "aoa-1a", "controlled-substances"), c("10", "aoa-2a")),
    {"sc-md.total": SHORT},
    False,
    day_after=True,
)

# ----------------------------------------------------------------------------- South Dakota
# ARSD 20:47:06:01(2): "Biennial renewal of the license"; no rule or statute read sets CME
# hours or topics, so nothing can be short - on the renewal date or after it.
for board in ("SD-MD", "SD-DO"):
    for after in (False, True):
        case(
            f"{board.lower()}: no CME is required (day after: {after})",
            board,
            date(2010, 7, 1),
            date(2027, 3, 1),
            (),
            {},
            True,
            day_after=after,
        )


# ------------------------------------------------------------------------ DEA (MATE Act)
# DEA MATE Act FAQ: the training requirement "applies to all qualified practitioners when they
# apply for a new registration or a renewal of registration on or after" 27 June 2023; 8 hours,
# once, and training taken before the law counts.
case(
    "dea: 8 hours taken in 2021 satisfy the first renewal after June 2023",
    "US-DEA",
    date(2015, 1, 1),
    date(2026, 1, 31),
    (c("8", CAT1, "substance-use-disorders", on=date(2021, 5, 1)),),
    {"us-dea.substance-use-disorders": MET},
    True,
    ("dea_registrant",),
)
case(
    "dea: no training by the first renewal after June 2023 is short",
    "US-DEA",
    date(2015, 1, 1),
    date(2026, 1, 31),
    (c("4", CAT1, "substance-use-disorders"),),
    {"us-dea.substance-use-disorders": SHORT},
    False,
    ("dea_registrant",),
    day_after=True,
)


# -------------------------------------------------------------------------------- Tennessee
# 0880-02-.19(1)(a): "forty (40) hours of continuing medical education courses during the
# twenty-four (24) months that precede licensure renewal"; (1)(b): "a minimum of two (2) of
# the forty (40) required hours ... related to controlled substance prescribing". Licenses
# expire on "the last day of the month in which a license holder's birthday falls".
case(
    "tn md: 40 hours in the 24 months with the prescribing hours",
    "TN-MD",
    date(2010, 8, 15),
    date(2026, 8, 31),
    (c("38"), c("2", CAT1, "controlled-substances")),
    {"tn-md.total": MET, "tn-md.controlled-substances": MET},
    True,
)
case(
    "tn md: hours from before the 24 months do not count",
    "TN-MD",
    date(2010, 8, 15),
    date(2026, 8, 31),
    (c("30"), c("8", on=date(2024, 6, 1)), c("2", CAT1, "controlled-substances")),
    {"tn-md.total": SHORT},
    False,
    day_after=True,
)
# 1050-02-.12(1)(a): 40 hours "in Category I-A, II-A and/or I-B ... as defined by the American
# Osteopathic Association"; (1)(c): "No more than twenty (20) ... in Category I-B".
case(
    "tn do: 20 AOA 1-B hours plus AMA Category 1 (AOA 2-A) make the 40",
    "TN-DO",
    date(2010, 8, 15),
    date(2026, 8, 31),
    (c("20", "aoa-1b"), c("18"), c("2", "aoa-1a", "controlled-substances")),
    {"tn-do.total": MET, "tn-do.category-1b-cap": MET},
    True,
)
case(
    "tn do: 1-B hours above 20 and AOA 2-B hours do not count",
    "TN-DO",
    date(2010, 8, 15),
    date(2026, 8, 31),
    (
        c("30", "aoa-1b"),
        c("5", "aoa-2b"),
        c("3", "aoa-1a"),
        c("2", "aoa-1a", "controlled-substances"),
    ),
    {"tn-do.total": SHORT},
    False,
    day_after=True,
)


# --------------------------------------------------------------------------------- Virginia
# 18VAC85-20-235(A): "at least 60 hours of continuing learning activities within the two years
# immediately preceding renewal ... A minimum of 30 of the 60 hours shall be in Type 1
# activities"; 18VAC85-20-230(A): renewal "biennially during his birth month".
case(
    "va: 30 Type 1 and 30 Type 2 hours",
    "VA-MD",
    date(2010, 5, 10),
    date(2026, 5, 31),
    (c("30"), c("30", "ama-pra-2")),
    {"va-md.total": MET, "va-md.category-1": MET},
    True,
)
case(
    "va: 25 Type 1 hours are short of 30",
    "VA-MD",
    date(2010, 5, 10),
    date(2026, 5, 31),
    (c("25"), c("35", "ama-pra-2")),
    {"va-md.category-1": SHORT, "va-md.total": SHORT},
    False,
    day_after=True,
)
case(
    # AOA Category 1-A is Type 1 (an accredited sponsor sanctioned by the profession).
    "va do: AOA 1-A hours are Type 1",
    "VA-DO",
    date(2010, 5, 10),
    date(2026, 5, 31),
    (c("30", "aoa-1a"), c("30", "aoa-2a")),
    {"va-md.category-1": MET, "va-md.total": MET},
    True,
)
case(
    "va do: AOA 2-A hours are not Type 1",
    "VA-DO",
    date(2010, 5, 10),
    date(2026, 5, 31),
    (c("20", "aoa-1a"), c("40", "aoa-2a")),
    {"va-md.category-1": SHORT},
    False,
    day_after=True,
)

# ---------------------------------------------------------------------------------- Vermont
# Board of Medical Practice rules (as quoted by ACS): "at least thirty hours of qualifying CME
# during the most recent two-year licensing period" (AMA PRA Category 1), "at least one of the
# hours ... on the topics of hospice, palliative care, or pain management services".
case(
    "vt md: 30 Category 1 hours with the hospice/palliative/pain hour",
    "VT-MD",
    date(2010, 7, 1),
    date(2026, 11, 30),
    (c("29"), c("1", CAT1, "end-of-life-care")),
    {"vt-md.total": MET, "vt-md.pain-management": MET},
    True,
)
case(
    "vt md: Category 2 hours do not count and the palliative hour is missing",
    "VT-MD",
    date(2010, 7, 1),
    date(2026, 11, 30),
    (c("28"), c("2", "ama-pra-2")),
    {"vt-md.total": SHORT, "vt-md.pain-management": SHORT},
    False,
    day_after=True,
)
# 26 V.S.A. 1836(c) (as quoted): "a minimum of 30 hours of continuing medical education ...
# during the preceding two-year period"; osteopathic licenses expire 30 September, even years.
case(
    "vt do: 30 hours including AOA 1-B",
    "VT-DO",
    date(2010, 7, 1),
    date(2026, 9, 30),
    (c("12", "aoa-1a"), c("18", "aoa-1b")),
    {"vt-do.total": MET},
    True,
)
case(
    "vt do: 25 hours are short",
    "VT-DO",
    date(2010, 7, 1),
    date(2026, 9, 30),
    (c("25", "aoa-1a"),),
    {"vt-do.total": SHORT},
    False,
    day_after=True,
)


# ------------------------------------------------------------------------------- Washington
# WAC 246-919-430: "two hundred hours of continuing education every four years"; -460(1): all
# may be Category I, -460(2): "a maximum of eighty credit hours" of Category II. WAC
# 246-919-445 and RCW 43.70.613: 2 hours of health equity every four years; RCW 43.70.442: a
# one-time 6-hour suicide prevention course.
WA_DONE = (
    c("6", CAT1, "suicide-prevention", on=date(2018, 5, 1)),
    c("2", CAT1, "health-equity"),
)
case(
    "wa md: 200 hours in four years with health equity, suicide course done in 2018",
    "WA-MD",
    date(2005, 3, 15),
    date(2027, 3, 15),
    (*WA_DONE, c("118"), c("80", "ama-pra-2")),
    {"wa-md.total": MET, "wa-md.health-equity": MET, "wa-md.suicide-prevention": MET},
    True,
)
case(
    "wa md: Category II hours above 80 do not count",
    "WA-MD",
    date(2005, 3, 15),
    date(2027, 3, 15),
    (*WA_DONE, c("92"), c("110", "ama-pra-2")),
    {"wa-md.total": SHORT},
    False,
    day_after=True,
)
# WAC 246-853-070: 150 hours in the 36 months before renewal, "A minimum of sixty credit hours
# ... under this general category" (Category 1, whose 1-A includes AOA or AMA programs).
case(
    "wa do: AMA Category 1 counts toward the 60 Category 1 hours (2018 course outside)",
    "WA-DO",
    date(2005, 4, 10),
    date(2026, 4, 10),
    (*WA_DONE, c("58"), c("90", "aoa-2a")),
    {"wa-do.total": MET, "wa-do.category-1": MET, "wa-do.health-equity": MET},
    True,
)
case(
    "wa do: 50 Category 1 hours are short of 60",
    "WA-DO",
    date(2005, 4, 10),
    date(2026, 4, 10),
    (*WA_DONE, c("42"), c("100", "aoa-2a")),
    {"wa-do.category-1": SHORT},
    False,
    day_after=True,
)

# ---------------------------------------------------------------------------------- Wyoming
# 052-3 Wyo. Code R. 3-7(a): "not less than sixty (60) hours ... in any combination of ...
# AMA-approved Category I or II ... AOA-approved ... during the previous three (3) years";
# (b)(i): not for physicians who "have held a Wyoming license ... for less than three years".
case(
    "wy: 60 hours of any category over three years",
    "WY-MD",
    date(2010, 7, 1),
    date(2026, 6, 30),
    (c("20"), c("40", "ama-pra-2")),
    {"wy-md.total": MET},
    True,
)
case(
    "wy: 50 hours are short",
    "WY-DO",
    date(2010, 7, 1),
    date(2026, 6, 30),
    (c("50", "aoa-1a"),),
    {"wy-md.total": SHORT},
    False,
    day_after=True,
)
case(
    "wy: licensed under three years, no hours due",
    "WY-MD",
    date(2024, 7, 1),
    date(2026, 6, 30),
    (),
    {"wy-md.total": NA},
    True,
    day_after=True,
)


# ------------------------------------------------------- Questions, attestations, unjudged parts
CANNOT, ANSWERS = LicenseStatus.CANNOT_JUDGE, LicenseStatus.NEEDS_ANSWERS
# Occ. Code 156.060(a): "applies only to a physician who designates a direct patient care
# practice" - while that question is unanswered the hour is judged as if it applied.
case(
    "tx: unanswered direct-patient-care question keeps the trafficking hour due",
    "TX-MD",
    date(2015, 3, 1),
    date(2027, 8, 31),
    (
        c("21"),
        c("2", CAT1, "medical-ethics"),
        c("2", CAT1, "opioid-prescribing"),
        c("24", "ama-pra-2"),
    ),
    {"tx-md.human-trafficking": SHORT},
    False,
    unanswered=("direct_patient_care",),
    day_after=True,
)
case(
    "tx: all met but the direct-patient-care question open: the license needs answers",
    "TX-MD",
    date(2015, 3, 1),
    date(2027, 8, 31),
    TX_FULL,
    {"tx-md.human-trafficking": MET},
    True,
    unanswered=("direct_patient_care",),
    status=ANSWERS,
)
# W. Va. 11 CSR 6 (as summarised): "30 of the 50 hours must be related to the physician's area
# of specialty" - the app cannot tell, so a license with everything else met cannot be judged.
case(
    "wv md: everything countable met, the specialty share cannot be judged",
    "WV-MD",
    date(2010, 7, 1),
    date(2028, 6, 30),
    WV_MD_FULL,
    {"wv-md.total": MET},
    True,
    ("prescribes_controlled_substances",),
    status=CANNOT,
)
# S.C. Code 40-47-40(2)(a): "at least thirty hours of which must be related directly to the
# licensee's practice area" - likewise.
case(
    "sc: everything countable met, the practice-area share cannot be judged",
    "SC-MD",
    date(2010, 7, 1),
    date(2027, 6, 30),
    (c("38"), c("2", CAT1, "controlled-substances")),
    {"sc-md.total": MET},
    True,
    status=CANNOT,
)
# S.C. Code 40-47-39(A)(1) (H. 4343): the trafficking hour for "licensees practicing ... family
# medicine ... and those licensees working in public health clinics"; licensed before 2026 the
# first course is due by 1 January 2028 (tracker), so the period ending June 2029 owes it.
for who in ("specialty_family_medicine", "public_health_or_community_clinic"):
    case(
        f"sc: trafficking hour owed by the period ending June 2029 ({who})",
        "SC-MD",
        date(2010, 7, 1),
        date(2029, 6, 30),
        (c("38"), c("2", CAT1, "controlled-substances")),
        {"sc-md.human-trafficking": SHORT},
        False,
        (who,),
        day_after=True,
    )
case(
    "sc: a dermatologist outside the named practices owes no trafficking hour",
    "SC-MD",
    date(2010, 7, 1),
    date(2029, 6, 30),
    (c("38"), c("2", CAT1, "controlled-substances")),
    {"sc-md.human-trafficking": NA},
    True,
    day_after=True,
)
# Vermont Act 173 (ACS quoting the Board rules): the 2 prescribing hours apply to licensees
# "who prescribe controlled substances" - with or without a DEA number.
case(
    "vt md: a prescriber without a DEA number still owes the prescribing hours",
    "VT-MD",
    date(2010, 7, 1),
    date(2026, 11, 30),
    (c("29"), c("1", CAT1, "end-of-life-care")),
    {"vt-md.controlled-substances": SHORT},
    False,
    ("prescribes_controlled_substances",),
    day_after=True,
)
# DEA MATE Act FAQ, first standard: "a physician holding a board certification in addiction
# psychiatry or addiction medicine" is deemed to meet it; training taken before the law counts.
case(
    "dea: board certification in addiction medicine, attested as the exemption",
    "US-DEA",
    date(2015, 1, 1),
    date(2026, 1, 31),
    (),
    {"us-dea.substance-use-disorders": NA},
    True,
    ("dea_registrant",),
    day_after=True,
    attestations=(
        Attestation(
            "us-dea.substance-use-disorders",
            AttestationKind.EXEMPT,
            reason="Board certified in addiction medicine (ABMS)",
        ),
    ),
)
case(
    "dea: 8 hours completed in 2019, attested with their date",
    "US-DEA",
    date(2015, 1, 1),
    date(2026, 1, 31),
    (),
    {"us-dea.substance-use-disorders": MET},
    True,
    ("dea_registrant",),
    day_after=True,
    attestations=(
        Attestation(
            "us-dea.substance-use-disorders", AttestationKind.COMPLETED, on=date(2019, 9, 1)
        ),
    ),
)


# ------------------------------------------------------------------ Cadences, case by case
# Occ. Code 156.060(b): renewals 1, 4, 7 ... owe the trafficking hour; licensed 1 March 2015,
# the periods ending 31 August 2029 and 2033 are renewals 8 and 10.
TX_NO_TRAFFICKING = (
    c("21"),
    c("2", CAT1, "medical-ethics"),
    c("2", CAT1, "opioid-prescribing"),
    c("24", "ama-pra-2"),
)
case(
    # Licensed 1 March 2021, the period ending 31 August 2027 is renewal 4.
    "tx: renewal 4 owes the trafficking hour",
    "TX-MD",
    date(2021, 3, 1),
    date(2027, 8, 31),
    TX_NO_TRAFFICKING,
    {"tx-md.human-trafficking": SHORT},
    False,
    ("direct_patient_care",),
    day_after=True,
    renewal=4,
)
case(
    "tx: renewal 10 owes the trafficking hour",
    "TX-MD",
    date(2015, 3, 1),
    date(2033, 8, 31),
    TX_NO_TRAFFICKING,
    {"tx-md.human-trafficking": SHORT},
    False,
    ("direct_patient_care",),
    day_after=True,
    renewal=10,
)
case(
    "tx: renewal 8 owes none",
    "TX-MD",
    date(2015, 3, 1),
    date(2029, 8, 31),
    TX_NO_TRAFFICKING,
    {"tx-md.human-trafficking": NA},
    True,
    ("direct_patient_care",),
    day_after=True,
    renewal=8,
)
# 156.055(b): 2 opioid hours "in each of the first two renewal periods" - the second period too.
case(
    "tx: second renewal period owes the opioid hours again, not the trafficking hour",
    "TX-MD",
    date(2024, 2, 1),
    date(2028, 1, 31),
    (c("22"), c("2", CAT1, "medical-ethics"), c("24", "ama-pra-2")),
    {"tx-md.opioid-prescribing": SHORT, "tx-md.human-trafficking": NA},
    False,
    ("direct_patient_care",),
    day_after=True,
    renewal=2,
)
# HB 4951 (2026): nutrition from the periods ending after July 2026; the A-L cohort that
# renewed on 30 June 2026 did not owe it yet.
case(
    "wv md: the period ending 30 June 2026 owes no nutrition hours",
    "WV-MD",
    date(2010, 7, 1),
    date(2026, 6, 30),
    (c("47"), c("3", CAT1, "controlled-substances")),
    {"wv-md.nutrition": NA, "wv-md.total": MET},
    True,
    ("prescribes_controlled_substances",),
    day_after=True,
)


@pytest.mark.parametrize("item", CASES, ids=[item.name for item in CASES])
def test_board_golden_case(item: Case) -> None:
    report = evaluate(reference_rule_sets()[item.board], item.facts(), item.logged(), item.as_of())
    got = {r.requirement_id: r.status for r in report.results}
    for requirement, status in item.expect.items():
        assert got[requirement] is status, (requirement, got[requirement])
    if item.renewal is not None:
        assert report.renewal_number == item.renewal
    if item.status is not None:
        assert report.status is item.status, report.summary
    assert report.compliant is item.compliant, report.summary
