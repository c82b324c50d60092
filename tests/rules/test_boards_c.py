"""Golden cases for the boards NC, ND, NE, NH, NJ, NM, NV, NY, OH, OK, OR, PA and RI.

Each case is a realistic physician judged on the real rule book: compliant cases as of the
renewal date, short cases as of the day after the cycle ends. Every case quotes the rule
sentence it follows and where that sentence was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pytest

from reporting.engine import LicenseFacts, Status, evaluate
from tests.engine.builders import credit, reference_rule_sets

MET, SHORT, NA, DUE = Status.MET, Status.SHORT, Status.NOT_APPLICABLE, Status.NOT_YET_DUE

# (credits, credit type, topics); all completed on the case's `done` date unless dated.
Row = tuple


@dataclass(frozen=True)
class Case:
    board: str
    rule: str  # the sentence followed, with its citation
    issued: date
    expires: date
    as_of: date
    rows: tuple[Row, ...]
    expect: dict[str, Status]
    compliant: bool
    conditions: tuple[str, ...] = ()
    done: date | None = None
    extra: dict = field(default_factory=dict)
    # False where the board has a part the engine cannot judge (the whole-license verdict then
    # depends on how that part is reported); the named requirements are still checked.
    check_verdict: bool = True

    def __str__(self) -> str:
        return f"{self.board}: {self.rule[:60]}"


def _credits(case: Case) -> list:
    done = case.done or date(case.expires.year - 1, 6, 1)
    out = []
    for i, row in enumerate(case.rows):
        hours, ctype, topics, *when = row
        out.append(credit(i + 1, when[0] if when else done, hours, ctype, tuple(topics)))
    return out


def judge(case: Case):
    facts = LicenseFacts(
        board=case.board,
        issued_on=case.issued,
        expires_on=case.expires,
        conditions=frozenset(case.conditions),
        **case.extra,
    )
    return evaluate(reference_rule_sets()[case.board], facts, _credits(case), case.as_of)


CASES: list[Case] = []


def case(**kwargs) -> None:
    CASES.append(Case(**kwargs))


# ---------------------------------------------------------------------------------- Pennsylvania

# 49 Pa. Code 25.271(a): DOs renew "in advance of October 31 of every even-numbered year".
PA_DO_DONE = date(2026, 3, 1)
case(
    board="PA-DO",
    rule="25.271(c)(1): 'at least 20 credit hours shall be completed in AOA category 1-A "
    "approved activities. At least 12 credit hours ... in the area of patient safety and risk "
    "management'; 25.1 counts AOA 1-B and AMA PRA Category 1 as Category 1 for the rest.",
    issued=date(2008, 9, 1),
    expires=date(2026, 10, 31),
    as_of=date(2026, 10, 31),
    done=PA_DO_DONE,
    conditions=("dea_registrant",),
    rows=(
        ("20", "aoa-1a", ()),
        ("12", "aoa-1b", ("patient-safety-risk-management",)),
        ("2", "aoa-1b", ("child-abuse",)),
        ("2", "ama-pra-1", ("opioid-prescribing",)),
        ("64", "ama-pra-1", ()),
    ),
    expect={
        "pa-do.total": MET,
        "pa-do.category-1": MET,
        "pa-do.patient-safety-risk-management": MET,
        "pa-do.child-abuse": MET,
        "pa-do.opioid-prescribing": MET,
    },
    compliant=True,
)
case(
    board="PA-DO",
    rule="25.271(c)(1): the 20 hours must be AOA Category 1-A; AMA PRA Category 1 and AOA "
    "1-B hours count toward the 100 only. Judged the day after the 31 October renewal.",
    issued=date(2008, 9, 1),
    expires=date(2026, 10, 31),
    as_of=date(2026, 11, 1),
    done=PA_DO_DONE,
    rows=(
        ("10", "aoa-1a", ()),
        ("12", "aoa-1b", ("patient-safety-risk-management",)),
        ("2", "aoa-1b", ("child-abuse",)),
        ("76", "ama-pra-1", ()),
    ),
    expect={
        # Only 80 of the 90 hours outside AOA 1-A can count: 10 + 80 = 90 of 100.
        "pa-do.total": SHORT,
        "pa-do.category-1": SHORT,
        # Act 124: the renewal opioid hours do not apply without a DEA registration.
        "pa-do.opioid-prescribing": NA,
    },
    compliant=False,
)
case(
    board="PA-DO",
    rule="UPMC/PAFP on 16.19 and Act 31/124: 'You cannot use the Act 31 or Act 124 courses "
    "toward your patient safety requirement of 12 per licensure cycle.'",
    issued=date(2008, 9, 1),
    expires=date(2026, 10, 31),
    as_of=date(2026, 11, 1),
    done=PA_DO_DONE,
    rows=(
        ("20", "aoa-1a", ()),
        ("10", "aoa-1b", ("patient-safety-risk-management",)),
        ("2", "aoa-1a", ("child-abuse", "patient-safety-risk-management")),
        ("68", "ama-pra-2", ()),
    ),
    # One course counts toward one of the two mandates only: 12 patient-safety-tagged hours,
    # 2 of them the child-abuse course, leave one of the two short.
    expect={"pa-do.patient-safety-risk-management": MET, "pa-do.child-abuse": SHORT},
    compliant=False,
)
case(
    board="PA-MD",
    rule="16.19(b)(1): 'At least 20 credit hours shall be completed in AMA PRA category 1 "
    "approved activities. At least 12 credit hours ... patient safety and risk management'; "
    "16.108(b): 2 hours of child abuse recognition at each biennial renewal.",
    issued=date(2010, 6, 1),
    expires=date(2026, 12, 31),
    as_of=date(2026, 12, 31),
    conditions=("dea_registrant",),
    rows=(
        ("20", "ama-pra-1", ()),
        ("12", "ama-pra-2", ("patient-safety-risk-management",)),
        ("2", "ama-pra-1", ("child-abuse",)),
        ("2", "ama-pra-1", ("pain-management",)),
        ("64", "ama-pra-2", ()),
    ),
    expect={
        "pa-md.total": MET,
        "pa-md.category-1": MET,
        "pa-md.patient-safety-risk-management": MET,
        "pa-md.child-abuse": MET,
        # Act 124: "pain management, identification of addiction, or the practices of
        # prescribing of opioids" - a pain-management course counts.
        "pa-md.opioid-prescribing": MET,
    },
    compliant=True,
)
case(
    board="PA-MD",
    rule="16.19(b)(1): the 20 hours are AMA PRA Category 1 (AOA 1-A is not named); Act 124 "
    "renewal opioid hours for a DEA registrant. Judged 1 January after the 31 December end.",
    issued=date(2010, 6, 1),
    expires=date(2026, 12, 31),
    as_of=date(2027, 1, 1),
    conditions=("dea_registrant",),
    rows=(
        ("20", "aoa-1a", ()),
        ("12", "ama-pra-1", ("patient-safety-risk-management",)),
        ("2", "ama-pra-1", ("child-abuse",)),
        ("66", "ama-pra-2", ()),
    ),
    expect={
        "pa-md.category-1": SHORT,
        "pa-md.opioid-prescribing": SHORT,
        "pa-md.child-abuse": MET,
    },
    compliant=False,
)
case(
    board="PA-MD",
    rule="40 P.S. 1303.910(d)(1): first-time licensees are exempt from CME for the biennial "
    "period following initial licensure; Act 124: 2 h pain management or addiction and 2 h "
    "opioid prescribing 'no later than 12 months after obtaining an initial license'.",
    issued=date(2025, 3, 1),
    expires=date(2026, 12, 31),
    as_of=date(2027, 1, 1),
    rows=(("2", "ama-pra-1", ("opioid-prescribing",), date(2025, 9, 1)),),
    expect={
        "pa-md.total": NA,
        "pa-md.patient-safety-risk-management": NA,
        "pa-md.opioid-prescribing.one-time": MET,
        "pa-md.pain-management.one-time": SHORT,
        # 16.108(b): 2 hours of child abuse training 'as a condition of biennial renewal' -
        # the only exemptions are granted on application (16.108(c)), none for new licensees.
        "pa-md.child-abuse": SHORT,
    },
    compliant=False,
)


# ---------------------------------------------------------------------------------- Oklahoma

OK_CS = ("dea_registrant", "state_cs_registrant")
case(
    board="OK-DO",
    rule="OAC 510:10-3-8(b): 'Annual license renewal requires proof of ... sixteen (16) American "
    "Osteopathic Association (AOA) Category One hours'; 'One (1) hour every year ... dedicated "
    "to pain management, opioid use, or addiction'; (c) renewal 'on or before July 1'.",
    issued=date(2012, 7, 1),
    expires=date(2026, 7, 1),
    as_of=date(2026, 7, 1),
    done=date(2026, 2, 1),
    conditions=OK_CS,
    rows=(("15", "aoa-1b", ()), ("1", "aoa-1a", ("pain-management",))),
    expect={"ok-do.total": MET, "ok-do.category-1": MET, "ok-do.controlled-substances": MET},
    compliant=True,
    check_verdict=False,
)
case(
    board="OK-DO",
    rule="OAC 510:10-3-8(b): AOA Category One hours (AMA PRA only for ABMS-certifying DOs); "
    "the CDS hour is due every year. Judged 2 July, the day after renewal.",
    issued=date(2012, 7, 1),
    expires=date(2026, 7, 1),
    as_of=date(2026, 7, 2),
    done=date(2026, 2, 1),
    conditions=OK_CS,
    rows=(("16", "ama-pra-1", ()), ("1", "aoa-1a", ("pain-management",), date(2025, 3, 1))),
    expect={"ok-do.category-1": SHORT, "ok-do.controlled-substances": SHORT},
    compliant=False,
)
case(
    board="OK-DO",
    rule="OAC 510:10-3-8(b)(3): DOs without Bureau of Narcotics and DEA authority to handle "
    "CDS 'are exempt from this requirement'.",
    issued=date(2012, 7, 1),
    expires=date(2026, 7, 1),
    as_of=date(2026, 7, 1),
    done=date(2026, 2, 1),
    conditions=("dea_registrant",),
    rows=(("16", "aoa-1a", ()),),
    expect={"ok-do.category-1": MET, "ok-do.controlled-substances": NA},
    compliant=True,
    check_verdict=False,
)
case(
    board="OK-MD",
    rule="TCMS on OAC 435:10-15-1: '60 hours within the preceding three years, which must be "
    "Category I'; SB 1446: 'not less than one hour of education in pain management or ... "
    "opioid use or addiction each year preceding an application for renewal'.",
    issued=date(2009, 3, 1),
    expires=date(2026, 3, 1),
    as_of=date(2026, 3, 1),
    done=date(2024, 6, 1),
    conditions=("dea_registrant",),
    # One hour in each year of the three-year CME window.
    rows=(
        ("57", "ama-pra-1", ()),
        ("1", "ama-pra-1", ("substance-use-disorders",), date(2023, 9, 1)),
        ("1", "ama-pra-1", ("pain-management",), date(2024, 9, 1)),
        ("1", "ama-pra-1", ("substance-use-disorders",), date(2025, 9, 1)),
    ),
    expect={"ok-md.total": MET, "ok-md.category-1": MET, "ok-md.opioid-prescribing": MET},
    compliant=True,
)
case(
    board="OK-MD",
    rule="SB 1446: the pain-management or addiction hour is due 'each year preceding an "
    "application for renewal' - an hour from two years before does not count this year.",
    issued=date(2009, 3, 1),
    expires=date(2026, 3, 1),
    as_of=date(2026, 3, 2),
    done=date(2024, 6, 1),
    conditions=("dea_registrant",),
    rows=(
        ("57", "ama-pra-1", ()),
        ("1", "ama-pra-1", ("pain-management",), date(2023, 9, 1)),
        ("2", "ama-pra-1", ("pain-management",), date(2024, 2, 1)),
    ),
    expect={"ok-md.opioid-prescribing": SHORT, "ok-md.total": MET},
    compliant=False,
)


# ---------------------------------------------------------------------------------- New Mexico

case(
    board="NM-MD",
    rule="16.10.4.8 NMAC: 'Seventy-five hours ... during each triennial renewal cycle'; 'One "
    "hour ... reviewing the' Practice Act; 16.10.14.11: 5 hours for licensees 'who hold a federal "
    "drug enforcement administration registration and a New Mexico controlled substances "
    "registration'.",
    issued=date(2004, 7, 1),
    expires=date(2026, 7, 1),
    as_of=date(2026, 7, 1),
    done=date(2025, 1, 15),
    conditions=OK_CS,
    rows=(
        ("69", "ama-pra-1", ()),
        ("5", "ama-pra-1", ("pain-management",)),
        ("1", "ama-pra-1", ("laws-and-rules",)),
    ),
    expect={"nm-md.total": MET, "nm-md.pain-management": MET, "nm-md.laws-and-rules": MET},
    compliant=True,
)
case(
    board="NM-MD",
    rule="16.10.14.11 NMAC: the pain hours bind holders of both registrations; a DEA "
    "registrant without a New Mexico CS registration owes none.",
    issued=date(2004, 7, 1),
    expires=date(2026, 7, 1),
    as_of=date(2026, 7, 1),
    done=date(2025, 1, 15),
    conditions=("dea_registrant",),
    rows=(("74", "ama-pra-1", ()), ("1", "ama-pra-1", ("laws-and-rules",))),
    expect={"nm-md.pain-management": NA, "nm-md.total": MET},
    compliant=True,
)
case(
    board="NM-DO",
    rule="16.10.14.11 NMAC: five pain-management hours each triennial cycle for a DO holding "
    "both registrations; judged 2 July, the day after the 1 July renewal.",
    issued=date(2004, 7, 1),
    expires=date(2026, 7, 1),
    as_of=date(2026, 7, 2),
    done=date(2025, 1, 15),
    conditions=OK_CS,
    rows=(("74", "aoa-1a", ()), ("1", "aoa-1a", ("laws-and-rules",))),
    expect={"nm-md.pain-management": SHORT, "nm-md.total": MET},
    compliant=False,
)
case(
    board="NM-DO",
    rule="16.10.4.8(A) NMAC: 75 hours in the three years 'July 1 through June 30 immediately "
    "preceding the triennial renewal date' - AOA 1-B hours count (16.10.4.10).",
    issued=date(2004, 7, 1),
    expires=date(2026, 7, 1),
    as_of=date(2026, 7, 1),
    done=date(2025, 1, 15),
    rows=(("74", "aoa-1b", ()), ("1", "aoa-1a", ("laws-and-rules",))),
    expect={"nm-md.total": MET, "nm-md.pain-management": NA},
    compliant=True,
)
case(
    board="NM-MD",
    rule="16.10.4.8(A) NMAC: hours earned before the three-year window do not count.",
    issued=date(2004, 7, 1),
    expires=date(2026, 7, 1),
    as_of=date(2026, 7, 2),
    done=date(2025, 1, 15),
    rows=(("40", "ama-pra-1", ()), ("35", "ama-pra-1", (), date(2023, 5, 1))),
    expect={"nm-md.total": SHORT, "nm-md.laws-and-rules": SHORT},
    compliant=False,
)


# ---------------------------------------------------------------------------------- Nevada

case(
    board="NV-MD",
    rule="Nevada: 2 hours 'in ethics, pain management or addiction care'; SB 439: 'at least 2 "
    "hours of training in the stigma ... human immunodeficiency virus' for those in emergency "
    "or primary care; 2 CS hours 'during each relicensure period' for CS registrants.",
    issued=date(2011, 8, 1),
    expires=date(2027, 7, 1),
    as_of=date(2027, 7, 1),
    done=date(2026, 9, 1),
    conditions=("emergency_department", "state_cs_registrant"),
    rows=(
        ("34", "ama-pra-1", ()),
        ("2", "ama-pra-1", ("controlled-substances",)),
        ("2", "ama-pra-1", ("hiv-aids",)),
        ("2", "ama-pra-1", ("substance-use-disorders",)),
    ),
    expect={
        "nv-md.total": MET,
        "nv-md.medical-ethics": MET,
        "nv-md.controlled-substances": MET,
        "nv-md.hiv-aids": MET,
        "nv-md.sbirt": NA,
    },
    compliant=True,
    check_verdict=False,
)
case(
    board="NV-MD",
    rule="SB 439 (review reading): the emergency-care HIV hours recur every period of "
    "registration; a 2024 course does not cover the 2025-2027 period.",
    issued=date(2011, 8, 1),
    expires=date(2027, 7, 1),
    as_of=date(2027, 7, 2),
    done=date(2026, 9, 1),
    conditions=("emergency_department",),
    rows=(
        ("36", "ama-pra-1", ()),
        ("2", "ama-pra-1", ("medical-ethics",)),
        ("2", "ama-pra-1", ("hiv-aids",), date(2024, 5, 1)),
    ),
    expect={"nv-md.hiv-aids": SHORT, "nv-md.controlled-substances": NA, "nv-md.total": SHORT},
    compliant=False,
    check_verdict=False,
)
case(
    board="NV-DO",
    rule="NRS 633.471(1): renewal 'on or before January 1 of each calendar year'; NAC 633.250: "
    "at least 10 Category 1A hours (AOA- or ACCME-accredited sponsor); 2 CS hours for Nevada "
    "CS registrants.",
    issued=date(2015, 1, 1),
    expires=date(2027, 1, 1),
    as_of=date(2027, 1, 1),
    done=date(2026, 5, 1),
    conditions=("state_cs_registrant",),
    rows=(
        ("4", "aoa-1a", ()),
        ("6", "ama-pra-1", ()),
        ("26", "aoa-1b", ()),
        ("2", "ama-pra-1", ("opioid-prescribing",)),
        ("2", "ama-pra-1", ("pain-management",)),
    ),
    expect={"nv-do.total": MET, "nv-do.category-1": MET, "nv-do.controlled-substances": MET},
    compliant=True,
    check_verdict=False,
)
case(
    board="NV-DO",
    rule="NAC 633.250: 'at least 10 hours of which are category 1A courses' - a course from an "
    "AOA- or ACCME-accredited sponsor; AOA 1-B and 2-A hours count toward the 40 only. Judged "
    "2 January.",
    issued=date(2015, 1, 1),
    expires=date(2027, 1, 1),
    as_of=date(2027, 1, 2),
    done=date(2026, 5, 1),
    rows=(
        ("8", "ama-pra-1", ()),
        ("30", "aoa-1b", ()),
        ("2", "aoa-2a", ("medical-ethics",)),
    ),
    expect={"nv-do.category-1": SHORT, "nv-do.total": MET, "nv-do.controlled-substances": NA},
    compliant=False,
)


# ---------------------------------------------------------------------------------- New York

case(
    board="NY-MD",
    rule="PHL 3309-a(3)(b): DEA registrants complete the pain, palliative care and addiction "
    "course work 'once within each three year period'; PHL 239 infection control every 4 "
    "years; no general CME hours.",
    issued=date(2001, 6, 1),
    expires=date(2026, 5, 31),
    as_of=date(2026, 5, 31),
    done=date(2024, 1, 10),
    conditions=("dea_registrant",),
    rows=(
        ("2", "ama-pra-1", ("infection-control",), date(2023, 3, 1)),
        ("3", "ama-pra-1", ("pain-management",)),
        ("2", "ama-pra-1", ("child-abuse",), date(2025, 2, 1)),
    ),
    expect={
        "ny-md.pain-management": MET,
        "ny-md.infection-control": MET,
        "ny-md.child-abuse.update-2021": MET,
        "ny-md.child-abuse.update-2024": MET,
    },
    compliant=True,
)
case(
    board="NY-DO",
    rule="PHL 3309-a(3)(b): a 2022 course is outside the three-year period ending with a May "
    "2026 registration; judged 1 June.",
    issued=date(2001, 6, 1),
    expires=date(2026, 5, 31),
    as_of=date(2026, 6, 1),
    done=date(2022, 6, 1),
    conditions=("dea_registrant",),
    rows=(
        ("2", "aoa-1a", ("infection-control",), date(2023, 3, 1)),
        ("3", "aoa-1a", ("pain-management",)),
        ("2", "aoa-1a", ("child-abuse",), date(2025, 2, 1)),
    ),
    expect={"ny-md.pain-management": SHORT, "ny-md.infection-control": MET},
    compliant=False,
)
case(
    board="NY-MD",
    rule="DOH FAQ on PHL 3309-a(3): 'the only prescribers who are automatically exempt ... "
    "(i) prescribers who do not have a current DEA registration'.",
    issued=date(2001, 6, 1),
    expires=date(2026, 5, 31),
    as_of=date(2026, 5, 31),
    rows=(
        ("2", "ama-pra-1", ("infection-control",), date(2023, 3, 1)),
        ("2", "ama-pra-1", ("child-abuse",), date(2025, 2, 1)),
    ),
    expect={"ny-md.pain-management": NA, "ny-md.infection-control": MET},
    compliant=True,
)


# ---------------------------------------------------------------------------------- New Jersey

case(
    board="NJ-MD",
    rule="N.J.A.C. 13:35-6.15(b)-(c): '100 continuing medical education credits ... at least 40 "
    "... in Category I'; 2 of the 40 in end-of-life care; 1 of the 40 on prescription opioid "
    "drugs. Periods begin 1 July of odd years.",
    issued=date(2006, 8, 1),
    expires=date(2027, 6, 30),
    as_of=date(2027, 6, 30),
    done=date(2026, 10, 1),
    rows=(
        ("37", "ama-pra-1", ()),
        ("2", "ama-pra-1", ("end-of-life-care",)),
        ("1", "ama-pra-1", ("opioid-prescribing",)),
        ("60", "ama-pra-2", ()),
    ),
    expect={
        "nj-md.total": MET,
        "nj-md.category-1": MET,
        "nj-md.end-of-life-care": MET,
        "nj-md.opioid-prescribing": MET,
        "nj-md.implicit-bias": NA,
    },
    compliant=True,
    check_verdict=False,
)
case(
    board="NJ-DO",
    rule="N.J.A.C. 13:35-6.15(a): Category I includes the categories 'recognized by the American "
    "Osteopathic Association' - AOA 1-B credits count toward the 40.",
    issued=date(2006, 8, 1),
    expires=date(2027, 6, 30),
    as_of=date(2027, 6, 30),
    done=date(2026, 10, 1),
    rows=(
        ("37", "aoa-1b", ()),
        ("2", "aoa-1b", ("end-of-life-care",)),
        ("1", "aoa-1a", ("opioid-prescribing",)),
        ("60", "aoa-2a", ()),
    ),
    expect={"nj-md.category-1": MET, "nj-md.end-of-life-care": MET, "nj-md.total": MET},
    compliant=True,
    check_verdict=False,
)
case(
    board="NJ-MD",
    rule="N.J.A.C. 13:35-6.15(c): the end-of-life and opioid credits are 'of the 40 credits in "
    "Category I' - Category II courses do not meet them. Judged 1 July.",
    issued=date(2006, 8, 1),
    expires=date(2027, 6, 30),
    as_of=date(2027, 7, 1),
    done=date(2026, 10, 1),
    rows=(
        ("40", "ama-pra-1", ()),
        ("2", "ama-pra-2", ("end-of-life-care",)),
        ("58", "ama-pra-2", ()),
    ),
    expect={"nj-md.end-of-life-care": SHORT, "nj-md.opioid-prescribing": SHORT, "nj-md.total": MET},
    compliant=False,
)
case(
    board="NJ-MD",
    rule="P.L. 2021, c.79: 1 credit on explicit and implicit bias for physicians providing "
    "perinatal care.",
    issued=date(2006, 8, 1),
    expires=date(2027, 6, 30),
    as_of=date(2027, 7, 1),
    done=date(2026, 10, 1),
    conditions=("perinatal_care",),
    rows=(
        ("37", "ama-pra-1", ()),
        ("2", "ama-pra-1", ("end-of-life-care",)),
        ("1", "ama-pra-1", ("opioid-prescribing",)),
        ("60", "ama-pra-2", ()),
    ),
    expect={"nj-md.implicit-bias": SHORT, "nj-md.total": MET},
    compliant=False,
)


# ---------------------------------------------------------------------------------- North Carolina

case(
    board="NC-MD",
    rule="21 NCAC 32R .0101(b): '60 hours of Category 1 CME ... every 3 years'; prescribers "
    "complete 'at least 3 hours of CME from the required 60 ... designed specifically to address "
    "controlled substance prescribing practices'.",
    issued=date(2010, 2, 1),
    expires=date(2026, 5, 15),
    as_of=date(2026, 5, 15),
    done=date(2025, 1, 20),
    conditions=("prescribes_controlled_substances",),
    rows=(("57", "ama-pra-1", ()), ("3", "ama-pra-1", ("opioid-prescribing",))),
    expect={"nc-md.total": MET, "nc-md.category-1": MET, "nc-md.controlled-substances": MET},
    compliant=True,
    check_verdict=False,
)
case(
    board="NC-DO",
    rule="21 NCAC 32R .0101(b): physicians who complete the MATE training 'shall be deemed in "
    "compliance with the controlled substance prescribing requirements' for that period.",
    issued=date(2010, 2, 1),
    expires=date(2026, 5, 15),
    as_of=date(2026, 5, 15),
    done=date(2025, 1, 20),
    conditions=("prescribes_controlled_substances",),
    rows=(("52", "aoa-1a", ()), ("8", "aoa-1a", ("substance-use-disorders",))),
    expect={"nc-md.category-1": MET, "nc-md.controlled-substances": MET},
    compliant=True,
    check_verdict=False,
)
case(
    board="NC-MD",
    rule="21 NCAC 32R .0101(b): all 60 hours are Category 1; Category 2 does not count. Judged "
    "the day after the birthday ending the three-year period.",
    issued=date(2010, 2, 1),
    expires=date(2026, 5, 15),
    as_of=date(2026, 5, 16),
    done=date(2025, 1, 20),
    rows=(("40", "ama-pra-1", ()), ("20", "ama-pra-2", ())),
    expect={"nc-md.category-1": SHORT, "nc-md.total": SHORT, "nc-md.controlled-substances": NA},
    compliant=False,
)


# ---------------------------------------------------------------------------------- North Dakota

case(
    board="ND-MD",
    rule="NDBOM: '60 AMA Category 1 hours of continuing education every three years'; "
    "N.D.C.C. 43-17-27.1(2): 'a minimum of one hour of continuing education on nutrition and "
    "metabolic health each renewal cycle'.",
    issued=date(2008, 4, 10),
    expires=date(2025, 4, 10),
    as_of=date(2025, 4, 10),
    done=date(2024, 3, 1),
    rows=(("59", "ama-pra-1", ()), ("1", "ama-pra-1", ("nutrition",))),
    expect={"nd-md.total": MET, "nd-md.category-1": MET, "nd-md.nutrition": MET},
    compliant=True,
)
case(
    board="ND-DO",
    rule="NDBOM: the 60 hours are Category 1 (no Category 2); judged the day after the "
    "birthdate renewal of a compliance year.",
    issued=date(2008, 4, 10),
    expires=date(2025, 4, 10),
    as_of=date(2025, 4, 11),
    done=date(2024, 3, 1),
    rows=(("40", "aoa-1a", ()), ("20", "aoa-2a", ())),
    expect={"nd-md.category-1": SHORT, "nd-md.nutrition": SHORT},
    compliant=False,
)


# ---------------------------------------------------------------------------------- Nebraska

case(
    board="NE-MD",
    rule="50 hours of Category 1 every two years, renewal 1 October of even years (mdcme); LB "
    "731: prescribers complete 'at least three hours ... biennially regarding prescribing "
    "opiates'.",
    issued=date(2012, 6, 1),
    expires=date(2026, 10, 1),
    as_of=date(2026, 10, 1),
    done=date(2025, 11, 1),
    conditions=("prescribes_controlled_substances",),
    rows=(("47", "ama-pra-1", ()), ("3", "ama-pra-1", ("opioid-prescribing",))),
    expect={"ne-md.total": MET, "ne-md.category-1": MET, "ne-md.opioid-prescribing": MET},
    compliant=True,
    check_verdict=False,
)
case(
    board="NE-DO",
    rule="LB 731: the opiate-prescribing hours are due every two years for prescribers; an "
    "older course does not count. Judged 2 October.",
    issued=date(2012, 6, 1),
    expires=date(2026, 10, 1),
    as_of=date(2026, 10, 2),
    done=date(2025, 11, 1),
    conditions=("prescribes_controlled_substances",),
    rows=(("50", "aoa-1a", ()), ("3", "aoa-1a", ("opioid-prescribing",), date(2024, 5, 1))),
    expect={"ne-md.total": MET, "ne-md.opioid-prescribing": SHORT},
    compliant=False,
)


# ---------------------------------------------------------------------------------- New Hampshire

case(
    board="NH-MD",
    rule="NHMS for the Board: '100 credits over the two-year period: 40 credits must be "
    "Category 1'; DEA holders: '3 CME credits (Category 1) related to opioid pain management, "
    "alternative pain treatment, or addiction disorder treatment'.",
    issued=date(2009, 3, 1),
    expires=date(2026, 6, 30),
    as_of=date(2026, 6, 30),
    done=date(2025, 4, 1),
    conditions=("dea_registrant",),
    rows=(
        ("37", "ama-pra-1", ()),
        ("3", "ama-pra-1", ("substance-use-disorders",)),
        ("60", "ama-pra-2", ()),
    ),
    expect={"nh-md.total": MET, "nh-md.category-1": MET, "nh-md.opioid-prescribing": MET},
    compliant=True,
)
case(
    board="NH-DO",
    rule="NHMS: the opioid credits are Category 1 - Category 2 reading on pain does not meet "
    "them. Judged 1 July, after the 30 June expiry.",
    issued=date(2009, 3, 1),
    expires=date(2026, 6, 30),
    as_of=date(2026, 7, 1),
    done=date(2025, 4, 1),
    conditions=("dea_registrant",),
    rows=(
        ("40", "aoa-1a", ()),
        ("3", "aoa-2a", ("pain-management",)),
        ("57", "aoa-2a", ()),
    ),
    expect={"nh-md.total": MET, "nh-md.opioid-prescribing": SHORT},
    compliant=False,
)


# ---------------------------------------------------------------------------------- Ohio

case(
    board="OH-DO",
    rule="Board guidance (2019): physicians 'are expected to complete 50 hours of Category 1 "
    "CME'; Ohio Osteopathic Association Category 1 includes AOA 1-B; 1 hour on the duty to "
    "report misconduct.",
    issued=date(2011, 9, 1),
    expires=date(2026, 4, 1),
    as_of=date(2026, 4, 1),
    done=date(2025, 6, 1),
    rows=(
        ("30", "aoa-1a", ()),
        ("19", "aoa-1b", ()),
        ("1", "aoa-1b", ("professional-responsibility",)),
    ),
    expect={
        "oh-md.total": MET,
        "oh-md.category-1": MET,
        "oh-md.professional-responsibility": MET,
        "oh-md.pain-management": NA,
    },
    compliant=True,
)
case(
    board="OH-MD",
    rule="Board guidance (2019): '50 hours of Category 1 CME'; 1 hour on the licensee's duty to "
    "report misconduct before renewal.",
    issued=date(2011, 9, 1),
    expires=date(2026, 4, 1),
    as_of=date(2026, 4, 1),
    done=date(2025, 6, 1),
    rows=(("49", "ama-pra-1", ()), ("1", "ama-pra-1", ("professional-responsibility",))),
    expect={"oh-md.total": MET, "oh-md.professional-responsibility": MET},
    compliant=True,
)
case(
    board="OH-MD",
    rule="Since HB 166 'completion of Category 2 CME will not count'; judged the day after the "
    "renewal date.",
    issued=date(2011, 9, 1),
    expires=date(2026, 4, 1),
    as_of=date(2026, 4, 2),
    done=date(2025, 6, 1),
    rows=(("30", "ama-pra-1", ()), ("20", "ama-pra-2", ())),
    expect={"oh-md.category-1": SHORT, "oh-md.professional-responsibility": SHORT},
    compliant=False,
)
case(
    board="OH-MD",
    rule="OAC 4731-29-01 (summary): physicians in a pain management clinic 'must complete at "
    "least 20 hours of CME in pain medicine'.",
    issued=date(2011, 9, 1),
    expires=date(2026, 4, 1),
    as_of=date(2026, 4, 2),
    done=date(2025, 6, 1),
    conditions=("pain_clinic",),
    rows=(
        ("39", "ama-pra-1", ()),
        ("10", "ama-pra-1", ("pain-management",)),
        ("1", "ama-pra-1", ("professional-responsibility",)),
    ),
    expect={"oh-md.total": MET, "oh-md.pain-management": SHORT},
    compliant=False,
)


# ---------------------------------------------------------------------------------- Oregon

case(
    board="OR-MD",
    rule="OAR 847-008-0075(1): 'one-hour of continuing education in pain management at initial "
    "licensure and every 24 months'; OMB page: cultural competency '1 hour every year'; 30 "
    "hours a year.",
    issued=date(2013, 5, 1),
    expires=date(2027, 12, 31),
    as_of=date(2027, 12, 31),
    done=date(2027, 3, 1),
    rows=(
        ("58", "ama-pra-1", ()),
        ("1", "ama-pra-1", ("pain-management",)),
        ("1", "ama-pra-1", ("cultural-competency",), date(2026, 4, 1)),
        ("1", "ama-pra-1", ("cultural-competency",)),
    ),
    expect={"or-md.total": MET, "or-md.pain-management": MET, "or-md.cultural-competency": MET},
    compliant=True,
)
case(
    board="OR-DO",
    rule="OMB page: cultural competency is due every year - one course in the second year "
    "leaves the first year short. Judged 1 January.",
    issued=date(2013, 5, 1),
    expires=date(2027, 12, 31),
    as_of=date(2028, 1, 1),
    done=date(2027, 3, 1),
    rows=(
        ("58", "aoa-1a", ()),
        ("1", "aoa-1a", ("pain-management",)),
        ("2", "aoa-1a", ("cultural-competency",)),
    ),
    expect={"or-md.total": MET, "or-md.cultural-competency": SHORT},
    compliant=False,
)


# ---------------------------------------------------------------------------------- Rhode Island

case(
    board="RI-MD",
    rule="R.I. Gen. Laws 5-37-2.1: 'on or before the first day of June of every even-numbered "
    "year ... a minimum of forty (40) hours of AMA Category 1 /AOA Category 1a'; one career hour "
    "on Alzheimer's disease since 1 August 2019.",
    issued=date(2004, 7, 1),
    expires=date(2026, 6, 1),
    as_of=date(2026, 6, 1),
    done=date(2025, 9, 1),
    rows=(("39", "ama-pra-1", ()), ("1", "ama-pra-1", ("dementia",))),
    expect={"ri-md.total": MET, "ri-md.category-1": MET, "ri-md.dementia": MET},
    compliant=True,
)
case(
    board="RI-DO",
    rule="R.I. Gen. Laws 5-37-2.1 counts 'AOA Category 1a' - AOA 1-B hours do not count. "
    "Judged 2 June.",
    issued=date(2004, 7, 1),
    expires=date(2026, 6, 1),
    as_of=date(2026, 6, 2),
    done=date(2025, 9, 1),
    rows=(("20", "aoa-1a", ()), ("19", "aoa-1b", ()), ("1", "aoa-1a", ("dementia",))),
    expect={"ri-md.category-1": SHORT, "ri-md.dementia": MET},
    compliant=False,
)

# @@ END OF CASES


@pytest.mark.parametrize("case", CASES, ids=str)
def test_board_case(case: Case) -> None:
    report = judge(case)
    got = {r.requirement_id: r.status for r in report.results}
    for req_id, status in case.expect.items():
        assert got.get(req_id) == status, (req_id, got.get(req_id))
    if case.check_verdict:
        assert report.compliant is case.compliant


def test_every_board_of_the_group_has_a_compliant_and_a_short_case() -> None:
    # A combined MD/DO board is one rule-book record: either degree's case covers it.
    separate = {"NV-DO", "NV-MD", "OK-DO", "OK-MD", "PA-DO", "PA-MD"}
    records = {"NC", "ND", "NE", "NH", "NJ", "NM", "NY", "OH", "OR", "RI"} | separate

    def record(board: str) -> str:
        return board if board in separate else board.split("-")[0]

    compliant = {record(c.board) for c in CASES if c.compliant}
    short = {record(c.board) for c in CASES if not c.compliant}
    assert records <= compliant, sorted(records - compliant)
    assert records <= short, sorted(records - short)
