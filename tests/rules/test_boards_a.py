"""Golden cases for sixteen boards, each read at its source: one physician who renews in order
and one who is short, judged through the engine on the project's own rule book.

Each case quotes the rule sentence it follows. Compliant cases are judged on the renewal date,
short cases on the day after the cycle ends. Conditions are the set of facts answered Yes;
every other question counts as answered No.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from reporting.engine import ComplianceReport, Credit, LicenseFacts, Status, evaluate
from tests.engine.builders import credit, d, reference_rule_sets

MET, SHORT, NA = Status.MET, Status.SHORT, Status.NOT_APPLICABLE

# (status, required, earned); earned is left out (None) where the requirement does not apply.
Row = tuple[Status, str | None, str | None]


@dataclass(frozen=True)
class Case:
    name: str
    board: str
    issued: date
    expires: date
    as_of: date
    credits: tuple[tuple[date, str, str, tuple[str, ...]], ...]
    expect: dict[str, Row]
    compliant: bool
    conditions: frozenset[str] = frozenset()
    absent: tuple[str, ...] = ()
    moc_waived: bool = False


def c(day: date, credits: str, credit_type: str = "ama-pra-1", *topics: str) -> tuple:
    return (day, credits, credit_type, topics)


def run(case: Case) -> ComplianceReport:
    facts = LicenseFacts(case.board, case.issued, case.expires, conditions=case.conditions)
    credits: list[Credit] = [
        credit(i, day, amount, kind, topics)
        for i, (day, amount, kind, topics) in enumerate(case.credits, start=1)
    ]
    return evaluate(reference_rule_sets()[case.board], facts, credits, case.as_of)


def row(report: ComplianceReport, requirement_id: str) -> Row:
    for r in report.results:
        if r.requirement_id == requirement_id:
            earned = None if r.status is NA else r.earned
            return (r.status, r.required, earned)  # type: ignore[return-value]
    raise AssertionError(f"{requirement_id} missing from the report")


def n(value: str | None) -> object:
    return None if value is None else d(value)


D = date  # short alias for the tables below

CASES = [
    # ------------------------------------------------------------------ Alaska (MD and DO)
    # 12 AAC 40.200 as summarised: "All CME credits must be Category 1 of AMA-approved
    # education or Category 1 or 2 of AOA-approved" - a DO's AOA 2-A hours count.
    # 12 AAC 40.015: "at least two hours of education in pain management and opioid use and
    # addiction" for DEA holders. "All active medical licenses expire on December 31st of
    # even-numbered years."
    Case(
        "ak_do_with_aoa_category_2_renews",
        "AK-DO",
        D(2010, 5, 1),
        D(2026, 12, 31),
        D(2026, 12, 31),
        (
            c(D(2025, 3, 1), "45"),
            c(D(2025, 4, 1), "2", "ama-pra-1", "opioid-prescribing"),
            c(D(2026, 2, 1), "3", "aoa-2a"),
        ),
        {"ak-md.total": (MET, "50", "50"), "ak-md.opioid-prescribing": (MET, "2", "2")},
        True,
        frozenset({"dea_registrant"}),
    ),
    # Same sentence: AMA Category 2 is not among the accepted credit, so 5 such hours count 0.
    Case(
        "ak_md_ama_category_2_does_not_count",
        "AK-MD",
        D(2010, 5, 1),
        D(2026, 12, 31),
        D(2027, 1, 1),
        (
            c(D(2025, 3, 1), "43"),
            c(D(2025, 4, 1), "2", "ama-pra-1", "opioid-prescribing"),
            c(D(2026, 2, 1), "5", "ama-pra-2"),
        ),
        {"ak-md.total": (SHORT, "50", "45"), "ak-md.opioid-prescribing": (MET, "2", "2")},
        False,
        frozenset({"dea_registrant"}),
    ),
    # ------------------------------------------------------------------ Alabama
    # 540-X-14-.02(1): "must earn in each calendar year, on or before December 31, not less
    # than twenty five (25) AMA PRA Category 1 Credits or the equivalent"; (1)(b): "all
    # actively licensed physicians shall complete a Board-designated course in the area of
    # professional boundaries by December 31, 2025."
    Case(
        "al_md_calendar_year_with_boundaries_course",
        "AL-MD",
        D(2015, 2, 1),
        D(2026, 12, 31),
        D(2026, 12, 31),
        (
            c(D(2026, 3, 1), "23"),
            c(D(2026, 4, 1), "2", "ama-pra-1", "controlled-substances"),
            c(D(2025, 6, 1), "2", "ama-pra-1", "professional-boundaries"),
        ),
        {
            "al-md.total": (MET, "25", "25"),
            "al-md.category-1": (MET, "25", "25"),
            "al-md.controlled-substances": (MET, "2", "2"),
        },
        True,
        frozenset({"state_cs_registrant"}),
    ),
    # Same rule: AMA Category 2 is not "the equivalent" of Category 1 (cap 0).
    Case(
        "al_md_category_2_hours_leave_the_year_short",
        "AL-MD",
        D(2015, 2, 1),
        D(2026, 12, 31),
        D(2027, 1, 1),
        (
            c(D(2026, 3, 1), "20"),
            c(D(2026, 5, 1), "5", "ama-pra-2"),
            c(D(2025, 6, 1), "2", "ama-pra-1", "professional-boundaries"),
        ),
        {"al-md.total": (SHORT, "25", "20"), "al-md.category-1": (SHORT, "25", "20")},
        False,
    ),
    # 540-X-14-.02(1)(a): "each new applicant issued a license ... shall complete a
    # Board-designated course in the area of professional boundaries within twelve (12)
    # months of the license issue date."
    Case(
        "al_md_new_licensee_without_boundaries_course_after_twelve_months",
        "AL-MD",
        D(2025, 3, 1),
        D(2026, 12, 31),
        D(2026, 3, 2),
        (),
        {"al-md.professional-boundaries": (SHORT, None, "0")},
        False,
    ),
    # ------------------------------------------------------------------ Arkansas
    # 060.00.10-004(A): "shall complete twenty (20) credit hours per year"; Board, 2018: "one
    # hour of prescribing education ... within the 20 hours of CME currently required."
    Case(
        "ar_md_twenty_hours_with_prescribing_hour",
        "AR-MD",
        D(2012, 6, 1),
        D(2026, 6, 30),
        D(2026, 6, 30),
        (c(D(2025, 9, 1), "19"), c(D(2026, 1, 10), "1", "ama-pra-1", "opioid-prescribing")),
        {
            "ar-md.total": (MET, "20", "20"),
            "ar-md.category-1": (MET, "10", "20"),
            "ar-md.opioid-prescribing": (MET, "1", "1"),
        },
        True,
    ),
    Case(
        "ar_md_twenty_hours_without_prescribing_hour",
        "AR-MD",
        D(2012, 6, 1),
        D(2026, 6, 30),
        D(2026, 7, 1),
        (c(D(2025, 9, 1), "20"),),
        {"ar-md.total": (MET, "20", "20"), "ar-md.opioid-prescribing": (SHORT, "1", "0")},
        False,
    ),
    # ------------------------------------------------------------------ Arizona DO
    # R4-22-207(A): "At least 24 hours are obtained by completing CME classified by the AOA as
    # Category 1A, No more than 16 hours are obtained by completing CME classified as American
    # Medical Association Category 1" - a DO's 16 AMA Category 1 hours count in full.
    Case(
        "az_do_sixteen_ama_category_1_hours_count",
        "AZ-DO",
        D(2014, 1, 15),
        D(2026, 12, 31),
        D(2026, 12, 31),
        (
            c(D(2025, 2, 1), "21", "aoa-1a"),
            c(D(2025, 3, 1), "3", "aoa-1a", "opioid-prescribing"),
            c(D(2026, 1, 5), "16", "ama-pra-1"),
        ),
        {
            "az-do.total": (MET, "40", "40"),
            "az-do.category-1": (MET, "24", "24"),
            "az-do.opioid-prescribing": (MET, "3", "3"),
        },
        True,
        frozenset({"dea_registrant"}),
    ),
    # Same rule: AOA 1-B is not approved and AMA Category 1 beyond 16 hours does not count.
    Case(
        "az_do_aoa_1b_and_extra_ama_hours_do_not_count",
        "AZ-DO",
        D(2014, 1, 15),
        D(2026, 12, 31),
        D(2027, 1, 1),
        (
            c(D(2025, 1, 10), "6", "aoa-1b"),
            c(D(2025, 2, 1), "20", "aoa-1a"),
            c(D(2025, 3, 1), "3", "aoa-1a", "opioid-prescribing"),
            c(D(2026, 1, 5), "20"),
        ),
        {"az-do.total": (SHORT, "40", "39"), "az-do.category-1": (SHORT, "24", "23")},
        False,
        frozenset({"dea_registrant"}),
    ),
    # ------------------------------------------------------------------ Arizona MD
    # A.R.S. 32-1430(A): "renewed every two years on or before a licensee's birthday";
    # A.R.S. 32-3248.02: DEA registrants "must complete a minimum of three hours" of opioid,
    # substance-use-disorder or addiction CME each cycle.
    Case(
        "az_md_dea_registrant_with_three_addiction_hours",
        "AZ-MD",
        D(2011, 4, 10),
        D(2026, 4, 10),
        D(2026, 4, 10),
        (c(D(2024, 6, 1), "37"), c(D(2025, 6, 1), "3", "ama-pra-1", "substance-use-disorders")),
        {"az-md.total": (MET, "40", "40"), "az-md.opioid-prescribing": (MET, "3", "3")},
        True,
        frozenset({"dea_registrant"}),
    ),
    Case(
        "az_md_dea_registrant_without_opioid_hours",
        "AZ-MD",
        D(2011, 4, 10),
        D(2026, 4, 10),
        D(2026, 4, 11),
        (c(D(2024, 6, 1), "40"),),
        {"az-md.total": (MET, "40", "40"), "az-md.opioid-prescribing": (SHORT, "3", "0")},
        False,
        frozenset({"dea_registrant"}),
    ),
    # ------------------------------------------------------------------ California DO
    # OMBC FAQ: "If it is listed as AMA, it will count as AOA category 2"; "A minimum of 20
    # hours must be earned in American Osteopathic Association (AOA) Category 1A or 1B" - 1-B
    # counts as Category 1, AMA hours fill the other 30. B&P 2456.1: the license expires "on
    # the last day of the month in which the license was issued". Credits fall in the two
    # calendar years before the renewal year (2024-2025) and in the 24 months before expiry.
    Case(
        "ca_do_aoa_1b_counts_as_category_1",
        "CA-DO",
        D(2016, 5, 10),
        D(2026, 5, 31),
        D(2026, 5, 31),
        (
            c(D(2018, 3, 1), "12", "ama-pra-1", "pain-management"),
            c(D(2024, 7, 1), "10", "aoa-1a"),
            c(D(2024, 9, 1), "10", "aoa-1b"),
            c(D(2025, 11, 1), "30"),
        ),
        {"ca-do.total": (MET, "50", "50"), "ca-do.category-1": (MET, "20", "20")},
        True,
    ),
    Case(
        "ca_do_ama_hours_above_thirty_do_not_count",
        "CA-DO",
        D(2016, 5, 10),
        D(2026, 5, 31),
        D(2026, 6, 1),
        (
            c(D(2018, 3, 1), "12", "ama-pra-1", "pain-management"),
            c(D(2024, 7, 1), "15", "aoa-1b"),
            c(D(2025, 11, 1), "35"),
        ),
        {"ca-do.total": (SHORT, "50", "45"), "ca-do.category-1": (SHORT, "20", "15")},
        False,
    ),
    # "CME credits must be earned in the two calendar years immediately preceding the year of
    # license renewal": AOA hours taken in February of the renewal year do not count for it.
    Case(
        "ca_do_hours_in_the_renewal_year_do_not_count",
        "CA-DO",
        D(2016, 5, 10),
        D(2026, 5, 31),
        D(2026, 6, 1),
        (
            c(D(2018, 3, 1), "12", "ama-pra-1", "pain-management"),
            c(D(2025, 3, 1), "30"),
            c(D(2026, 2, 1), "20", "aoa-1a"),
        ),
        {"ca-do.total": (SHORT, "50", "30"), "ca-do.category-1": (SHORT, "20", "0")},
        False,
    ),
    # ------------------------------------------------------------------ California MD
    # 16 CCR 1336(a): "not less than 50 hours of approved continuing education during each
    # two-year period immediately preceding the expiration date of the license"; B&P 2190.5:
    # the one-time 12 hours of pain management and care of the terminally ill.
    Case(
        "ca_md_fifty_category_1_hours",
        "CA-MD",
        D(2012, 9, 5),
        D(2026, 9, 30),
        D(2026, 9, 30),
        (c(D(2014, 5, 1), "12", "ama-pra-1", "end-of-life-care"), c(D(2025, 1, 15), "50")),
        {
            "ca-md.total": (MET, "50", "50"),
            "ca-md.category-1": (MET, "50", "50"),
            "ca-md.pain-management": (MET, "12", "12"),
        },
        True,
    ),
    Case(
        "ca_md_category_2_hours_leave_the_cycle_short",
        "CA-MD",
        D(2012, 9, 5),
        D(2026, 9, 30),
        D(2026, 10, 1),
        (
            c(D(2014, 5, 1), "12", "ama-pra-1", "pain-management"),
            c(D(2025, 1, 15), "40"),
            c(D(2025, 2, 15), "10", "ama-pra-2"),
        ),
        {"ca-md.total": (SHORT, "50", "40"), "ca-md.category-1": (SHORT, "50", "40")},
        False,
    ),
    # MBC FAQ: passing a specialty board (re)certifying exam "is granted credit for 100
    # Category 1 continuing medical education hours for four consecutive years".
    Case(
        "ca_md_board_certification_substitutes",
        "CA-MD",
        D(2012, 9, 5),
        D(2026, 9, 30),
        D(2026, 9, 30),
        (c(D(2014, 5, 1), "12", "ama-pra-1", "pain-management"),),
        {"ca-md.total": (MET, "50", "0")},
        True,
        frozenset({"moc_current"}),
        moc_waived=True,
    ),
    # ------------------------------------------------------------------ Colorado
    # HB24-1153: "complete 30 credit hours of CME ... in the 24 months preceding the renewal";
    # Board rule under C.R.S. 12-30-114: "at least two hours of training per licensing cycle
    # related to substance use prevention", unless the physician "does not prescribe opioids".
    Case(
        "co_md_prescriber_with_substance_use_training",
        "CO-MD",
        D(2015, 8, 1),
        D(2027, 4, 30),
        D(2027, 4, 30),
        (c(D(2025, 9, 1), "28"), c(D(2026, 2, 1), "2", "ama-pra-1", "substance-use-disorders")),
        {"co-md.total": (MET, "30", "30"), "co-md.substance-use-disorders": (MET, "2", "2")},
        True,
        frozenset({"prescribes_opioids"}),
    ),
    Case(
        "co_md_prescriber_without_substance_use_training",
        "CO-MD",
        D(2015, 8, 1),
        D(2027, 4, 30),
        D(2027, 5, 1),
        (c(D(2025, 9, 1), "30"),),
        {"co-md.total": (MET, "30", "30"), "co-md.substance-use-disorders": (SHORT, "2", "0")},
        False,
        frozenset({"prescribes_opioids"}),
    ),
    Case(
        "co_md_non_prescriber_is_exempt_from_the_training",
        "CO-MD",
        D(2015, 8, 1),
        D(2027, 4, 30),
        D(2027, 4, 30),
        (c(D(2025, 9, 1), "30"),),
        {"co-md.substance-use-disorders": (NA, "2", None)},
        True,
    ),
    # ------------------------------------------------------------------ Connecticut
    # CGS 20-10b(b): "a minimum of fifty contact hours of continuing medical education within
    # the preceding twenty-four-month period" and "not less than once every six years ... at
    # least one contact hour" in each of six topics.
    Case(
        "ct_md_fifty_hours_and_six_topics_within_six_years",
        "CT-MD",
        D(2005, 3, 15),
        D(2026, 3, 31),
        D(2026, 3, 31),
        (
            c(D(2024, 6, 1), "44"),
            *(
                c(D(2024, 9, 1), "1", "ama-pra-1", t)
                for t in (
                    "infectious-diseases",
                    "risk-management",
                    "sexual-assault",
                    "domestic-violence",
                    "cultural-competency",
                    "behavioral-health",
                )
            ),
        ),
        {
            "ct-md.total": (MET, "50", "50"),
            "ct-md.infectious-diseases": (MET, "1", "1"),
            "ct-md.behavioral-health": (MET, "1", "1"),
        },
        True,
    ),
    Case(
        "ct_md_topics_older_than_six_years_do_not_count",
        "CT-MD",
        D(2005, 3, 15),
        D(2026, 3, 31),
        D(2026, 4, 1),
        (
            c(D(2024, 6, 1), "50"),
            *(
                c(D(2019, 9, 1), "1", "ama-pra-1", t)
                for t in (
                    "infectious-diseases",
                    "risk-management",
                    "sexual-assault",
                    "domestic-violence",
                    "cultural-competency",
                    "behavioral-health",
                )
            ),
        ),
        {"ct-md.total": (MET, "50", "50"), "ct-md.infectious-diseases": (SHORT, "1", "0")},
        False,
    ),
    # ------------------------------------------------------------------ District of Columbia
    # 17 DCMR 4614.2: "fifty (50) American Medical Association Physician Recognition Award
    # (AMA/PRA) Category I hours ... which ... shall include two (2) AMA/PRA Category I or
    # Category I-equivalent hours in cultural competence or appropriate clinical treatment
    # specifically for individuals who are ... LGBTQ". DC Health: licenses issued on or after
    # 16 June 2024 "will expire on the last day of the birth month of the license holder".
    Case(
        "dc_do_with_ama_category_1_hours_and_birth_month_expiry",
        "DC-DO",
        D(2014, 1, 10),
        D(2026, 7, 31),
        D(2026, 7, 31),
        (
            c(D(2024, 10, 1), "43"),
            c(D(2025, 1, 10), "5", "ama-pra-1", "public-health-priorities"),
            c(D(2025, 6, 1), "2", "ama-pra-1", "lgbtq-cultural-competency"),
        ),
        {"dc-md.total": (MET, "50", "50"), "dc-md.category-1": (MET, "50", "50")},
        True,
    ),
    # 4607.3: Category 1 comes through ACCME, a state medical society, or an AOA sponsor "that
    # awards the program or activity with an American Medical Association Physicians
    # Recognition Award" - AOA 1-A hours without AMA PRA credit do not count.
    Case(
        "dc_do_with_only_aoa_credit_is_short",
        "DC-DO",
        D(2014, 1, 10),
        D(2026, 7, 31),
        D(2026, 8, 1),
        (
            c(D(2024, 10, 1), "48", "aoa-1a"),
            c(D(2025, 6, 1), "2", "aoa-1a", "lgbtq-cultural-competency"),
        ),
        {"dc-md.category-1": (SHORT, "50", "0")},
        False,
    ),
    # ------------------------------------------------------------------ Delaware
    # Medical Society of Delaware: licenses "expire on March 31 of odd-numbered years" and
    # "Physicians must have completed 40 hours of accredited Continuing Medical Education".
    Case(
        "de_md_forty_category_1_hours",
        "DE-MD",
        D(2010, 1, 1),
        D(2027, 3, 31),
        D(2027, 3, 31),
        (
            c(D(2025, 6, 1), "39"),
            c(D(2026, 1, 1), "1", "ama-pra-1", "child-abuse", "domestic-violence"),
        ),
        {"de-md.total": (MET, "40", "40"), "de-md.category-1": (MET, "40", "40")},
        True,
    ),
    Case(
        "de_md_category_2_hours_do_not_count",
        "DE-MD",
        D(2010, 1, 1),
        D(2027, 3, 31),
        D(2027, 4, 1),
        (
            c(D(2025, 6, 1), "37"),
            c(D(2026, 1, 1), "1", "ama-pra-1", "child-abuse", "domestic-violence"),
            c(D(2026, 3, 1), "2", "ama-pra-2"),
        ),
        {"de-md.total": (SHORT, "40", "38"), "de-md.category-1": (SHORT, "40", "38")},
        False,
    ),
    # ------------------------------------------------------------------ Florida DO
    # 64B15-13.001: "forty (40) hours of continuing medical education courses approved by the
    # Board in the twenty-four (24) months preceding each biennial renewal" - no Category 1-A
    # minimum and no separate risk-management hour; (1)(a) 1 h laws and rules/ethics and 2 h
    # medical errors; (1)(c) domestic violence "as part of every third biennial renewal"
    # (renewal 6 here); (1)(e) 2 h controlled substances for DEA registrants. All DO licenses
    # expire 31 March of even years. A DO's AMA Category 1 and AOA 1-B hours count.
    Case(
        "fl_do_with_ama_and_aoa_1b_hours_renews",
        "FL-DO",
        D(2015, 6, 1),
        D(2026, 3, 31),
        D(2026, 3, 31),
        (
            c(D(2024, 5, 1), "30"),
            c(D(2024, 6, 1), "3", "aoa-1b"),
            c(D(2024, 7, 1), "1", "ama-pra-1", "laws-and-rules"),
            c(D(2024, 8, 1), "2", "ama-pra-1", "medical-errors"),
            c(D(2024, 9, 1), "2", "ama-pra-1", "controlled-substances"),
            c(D(2025, 1, 1), "2", "ama-pra-1", "domestic-violence"),
            c(D(2020, 10, 1), "1", "ama-pra-1", "human-trafficking"),
        ),
        {
            "fl-do.total": (MET, "40", "40"),
            "fl-do.laws-and-rules": (MET, "1", "1"),
            "fl-do.medical-errors": (MET, "2", "2"),
            "fl-do.controlled-substances": (MET, "2", "2"),
            "fl-do.domestic-violence": (MET, "2", "2"),
            "fl-do.hiv-aids": (NA, "1", None),
        },
        True,
        frozenset({"dea_registrant"}),
        absent=("fl-do.category-1", "fl-do.risk-management"),
    ),
    # Same rule: the 1-hour laws-and-rules/ethics course (an ethics course counts) and the
    # domestic-violence course of the third biennial renewal are each owed.
    Case(
        "fl_do_without_laws_course_and_domestic_violence",
        "FL-DO",
        D(2015, 6, 1),
        D(2026, 3, 31),
        D(2026, 4, 1),
        (
            c(D(2024, 5, 1), "38"),
            c(D(2024, 8, 1), "2", "ama-pra-1", "medical-errors"),
            c(D(2020, 10, 1), "1", "ama-pra-1", "human-trafficking"),
        ),
        {
            "fl-do.total": (MET, "40", "40"),
            "fl-do.laws-and-rules": (SHORT, "1", "0"),
            "fl-do.domestic-violence": (SHORT, "2", "0"),
            "fl-do.controlled-substances": (NA, "2", None),
        },
        False,
    ),
    # ------------------------------------------------------------------ Florida MD
    # 64B8-13.005(1)(b): "Upon a licensee's first renewal of licensure, the licensee must
    # document the completion of one (1) hour of Category I American Medical Association
    # Continuing Medical Education" on HIV/AIDS; F.S. 456.013(7): 2 hours on medical errors at
    # every renewal; the general hours are waived at the first renewal.
    Case(
        "fl_md_first_renewal_owes_hiv_and_medical_errors_only",
        "FL-MD",
        D(2024, 6, 1),
        D(2026, 1, 31),
        D(2026, 1, 31),
        (
            c(D(2025, 2, 1), "1", "ama-pra-1", "hiv-aids"),
            c(D(2025, 3, 1), "2", "ama-pra-1", "medical-errors"),
            c(D(2025, 4, 1), "1", "ama-pra-1", "human-trafficking"),
        ),
        {
            "fl-md.total": (NA, "40", None),
            "fl-md.hiv-aids": (MET, "1", "1"),
            "fl-md.medical-errors": (MET, "2", "2"),
        },
        True,
    ),
    # Same rule: the HIV/AIDS hour must be AMA Category I; an AOA 1-A hour does not count.
    Case(
        "fl_md_first_renewal_hiv_hour_must_be_ama_category_1",
        "FL-MD",
        D(2024, 6, 1),
        D(2026, 1, 31),
        D(2026, 2, 1),
        (
            c(D(2025, 2, 1), "1", "aoa-1a", "hiv-aids"),
            c(D(2025, 3, 1), "2", "ama-pra-1", "medical-errors"),
            c(D(2025, 4, 1), "1", "ama-pra-1", "human-trafficking"),
        ),
        {"fl-md.hiv-aids": (SHORT, "1", "0"), "fl-md.medical-errors": (MET, "2", "2")},
        False,
    ),
    # ------------------------------------------------------------------ Georgia (MD and DO)
    # Rule 360-2-.05(2): "A license must be renewed biennially by the last day of the month in
    # which the applicant's birthday falls"; 360-15-.01(1): "not less than 40 hours
    # biennially"; 360-15-.01(3) as quoted: "every prescriber who maintains an active DEA
    # certificate and prescribes controlled substances ... shall complete at least three hours
    # of AMA/AOA PRA Category 1 CME" (one time); O.C.G.A. 43-34-11(a)(6): two hours of
    # professional boundaries "only needs to be completed once".
    Case(
        "ga_do_prescriber_with_one_time_courses",
        "GA-DO",
        D(2010, 3, 1),
        D(2026, 3, 31),
        D(2026, 3, 31),
        (
            c(D(2018, 1, 15), "3", "aoa-1a", "opioid-prescribing"),
            c(D(2023, 1, 15), "2", "ama-pra-1", "professional-boundaries"),
            c(D(2024, 6, 1), "40"),
        ),
        {
            "ga-md.total": (MET, "40", "40"),
            "ga-md.opioid-prescribing": (MET, "3", "3"),
            "ga-md.professional-boundaries": (MET, "2", "2"),
            "ga-md.pain-management": (NA, "20", None),
        },
        True,
        frozenset({"dea_registrant", "prescribes_controlled_substances"}),
    ),
    Case(
        "ga_md_thirty_eight_hours_is_short",
        "GA-MD",
        D(2010, 3, 1),
        D(2026, 3, 31),
        D(2026, 4, 1),
        (c(D(2023, 1, 15), "2", "ama-pra-1", "professional-boundaries"), c(D(2024, 6, 1), "38")),
        {"ga-md.total": (SHORT, "40", "38"), "ga-md.opioid-prescribing": (NA, "3", None)},
        False,
        frozenset({"dea_registrant"}),
    ),
    # Pain-management-clinic rule as quoted: physicians "owning and/or practicing in a pain
    # management clinic" document "twenty (20) hours of continuing medical education ...
    # pertaining to pain management or palliative medicine" every two years.
    Case(
        "ga_md_pain_clinic_physician_without_pain_hours",
        "GA-MD",
        D(2010, 3, 1),
        D(2026, 3, 31),
        D(2026, 4, 1),
        (c(D(2023, 1, 15), "2", "ama-pra-1", "professional-boundaries"), c(D(2024, 6, 1), "40")),
        {"ga-md.total": (MET, "40", "40"), "ga-md.pain-management.pain-clinic": (SHORT, "20", "0")},
        False,
        frozenset({"pain_clinic"}),
    ),
    # ------------------------------------------------------------------ Hawaii
    # HRS 453-6(b): renew "no later than January 31 of each even-numbered year"; (c): "comply
    # with the category 1 or 1A continuing medical education requirements".
    Case(
        "hi_md_forty_category_1_hours",
        "HI-MD",
        D(2008, 7, 1),
        D(2026, 1, 31),
        D(2026, 1, 31),
        (c(D(2024, 5, 1), "30"), c(D(2025, 5, 1), "10", "aoa-1a")),
        {"hi-md.total": (MET, "40", "40"), "hi-md.category-1": (MET, "40", "40")},
        True,
    ),
    Case(
        "hi_md_category_2_hours_do_not_count",
        "HI-MD",
        D(2008, 7, 1),
        D(2026, 1, 31),
        D(2026, 2, 1),
        (c(D(2024, 5, 1), "30"), c(D(2025, 5, 1), "10", "ama-pra-2")),
        {"hi-md.category-1": (SHORT, "40", "30")},
        False,
    ),
    # ------------------------------------------------------------------ Iowa
    # 653 IAC 11.4(1)(a): "a total of 40 hours of category 1 credit"; DIAL: the end-of-life
    # hours apply to "emergency physicians, family physicians, general practice physicians,
    # internists, neurologists, pain medicine specialists, and psychiatrists" - two hours
    # every five years; opioid prescribers owe two hours on the CDC guideline every five years.
    Case(
        "ia_md_neurologist_with_end_of_life_and_opioid_hours",
        "IA-MD",
        D(2009, 9, 10),
        D(2026, 9, 30),
        D(2026, 9, 30),
        (
            c(D(2022, 11, 1), "2", "ama-pra-1", "opioid-prescribing"),
            c(D(2023, 2, 1), "2", "ama-pra-1", "end-of-life-care"),
            c(D(2025, 1, 10), "40"),
        ),
        {
            "ia-md.total": (MET, "40", "40"),
            "ia-md.end-of-life-care": (MET, "2", "2"),
            "ia-md.opioid-prescribing": (MET, "2", "2"),
        },
        True,
        frozenset({"specialty_neurology", "prescribes_opioids"}),
    ),
    Case(
        "ia_md_neurologist_without_end_of_life_hours",
        "IA-MD",
        D(2009, 9, 10),
        D(2026, 9, 30),
        D(2026, 10, 1),
        (c(D(2025, 1, 10), "40"),),
        {"ia-md.total": (MET, "40", "40"), "ia-md.end-of-life-care": (SHORT, "2", "0")},
        False,
        frozenset({"specialty_neurology"}),
    ),
]

# The whole-license status each case ends in: boards whose rules have a part the app cannot
# check (a practice-area share) say cannot_judge even when every requirement it can check is
# met. Another way to comply (California's board exam) is the physician's to attest: it can
# only turn a "short" into "met", so it does not make the license unjudgeable.
STATUS = {
    "ar_md_twenty_hours_with_prescribing_hour": "cannot_judge",
    "ct_md_fifty_hours_and_six_topics_within_six_years": "cannot_judge",
}


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_board_case(case: Case) -> None:
    report = run(case)
    for requirement_id, (status, required, earned) in case.expect.items():
        assert row(report, requirement_id) == (status, n(required), n(earned)), requirement_id
    ids = {r.requirement_id for r in report.results}
    for requirement_id in case.absent:
        assert requirement_id not in ids, f"{requirement_id} is not in the board's rule"
    binding = [r for r in report.results if not r.advisory]
    if case.compliant:
        assert not [r.requirement_id for r in binding if r.status is SHORT]
    else:
        assert not report.compliant
    assert report.waived_by_moc is case.moc_waived
    expected = STATUS.get(case.name, "complete" if case.compliant else "overdue")
    assert report.status.value == expected


def test_every_board_of_the_group_has_a_compliant_and_a_short_case() -> None:
    boards = {
        "AK",
        "AL",
        "AR",
        "AZ-DO",
        "AZ-MD",
        "CA-DO",
        "CA-MD",
        "CO",
        "CT",
        "DC",
        "DE",
        "FL-DO",
        "FL-MD",
        "GA",
        "HI",
        "IA",
    }

    def board_of(case: Case) -> str:
        state = case.board.split("-")[0]
        return case.board if f"{state}-DO" in boards or f"{state}-MD" in boards else state

    covered = {(board_of(case), case.compliant) for case in CASES}
    assert {(b, flag) for b in boards for flag in (True, False)} <= covered
