"""Real boards from the reference file: realistic physicians, numbers derived from each record.

Each expectation is (status, required, earned); comments quote the rule sentence behind it.
"""

from datetime import date

from reporting.engine import ComplianceReport, Credit, LicenseFacts, Status, evaluate

from .builders import credit, d, reference_rule_sets

MET, SHORT, NA, DUE = Status.MET, Status.SHORT, Status.NOT_APPLICABLE, Status.NOT_YET_DUE


def run(board: str, facts: LicenseFacts, credits: list[Credit], as_of: date) -> ComplianceReport:
    return evaluate(reference_rule_sets()[board], facts, credits, as_of)


def lic(board: str, issued: date, expires: date, *conditions: str, **fields: date) -> LicenseFacts:
    return LicenseFacts(board, issued, expires, conditions=frozenset(conditions), **fields)  # type: ignore[arg-type]


def outcome(report: ComplianceReport) -> dict[str, tuple[Status, object, object]]:
    return {
        r.requirement_id: (r.status, r.required, r.earned if r.status is not NA else None)
        for r in report.results
    }


def n(text: str | None) -> object:
    return None if text is None else d(text)


def expect(report: ComplianceReport, **rows: tuple[Status, str | None, str | None]) -> None:
    got = outcome(report)
    for key, (status, required, earned) in rows.items():
        req_id = key.replace("__", ".").replace("_", "-")
        assert got[req_id] == (status, n(required), n(earned)), req_id


# ---------------------------------------------------------------------------------- Texas


def test_tx_md_established_physician_after_renewal() -> None:
    facts = lic("TX-MD", date(2015, 3, 1), date(2027, 8, 31), "direct_patient_care")
    day = date(2026, 5, 1)
    credits = [
        credit(1, day, "20", "ama-pra-1"),
        credit(2, day, "2", "ama-pra-1", ("medical-ethics",)),
        credit(3, day, "1", "ama-pra-1", ("human-trafficking",)),
        credit(4, day, "2", "ama-pra-1", ("opioid-prescribing",)),
        credit(5, day, "30", "ama-pra-2"),
    ]
    report = run("TX-MD", facts, credits, date(2027, 9, 15))
    assert report.renewal_number == 7
    expect(
        report,
        # "At least 24 formal credits ... max_category_2: 24" -> 25 formal + 24 of 30 informal.
        tx_md__total=(MET, "48", "49"),
        tx_md__category_1=(MET, "24", "25"),
        tx_md__category_2_cap=(MET, "24", "24"),
        # "2 of the 24 formal credits in medical ethics and/or professional responsibility"
        tx_md__medical_ethics=(MET, "2", "2"),
        # 156.060(b): first renewal period, then every third (renewals 1, 4, 7) -> due at 7.
        tx_md__human_trafficking=(MET, "1", "1"),
        # 156.055: "Required in each of the first two renewal periods" -> not at renewal 7.
        tx_md__opioid_prescribing=(NA, "2", None),
        # "after the first two renewal periods": 2 hours every 8 years.
        tx_md__opioid_prescribing__every_8_years=(MET, "2", "2"),
        # ER forensic CME (eff. 9/1/2026) applies only to ER practices.
        tx_md__sexual_assault=(NA, "2", None),
    )
    cap = next(r for r in report.results if r.requirement_id == "tx-md.category-2-cap")
    assert cap.uncounted[0].reason == "6.00 Category 2 credits above the 24-credit cap"
    assert report.compliant


def test_tx_md_new_licensee_is_exempt_but_owes_opioid_hours_within_a_year() -> None:
    facts = lic("TX-MD", date(2026, 2, 1), date(2027, 8, 31), "direct_patient_care")
    report = run("TX-MD", facts, [], date(2027, 3, 1))
    assert report.initial_cycle
    expect(
        report,
        # "Newly licensed physicians are exempt from CME at their first registration"
        tx_md__total=(NA, "48", None),
        tx_md__medical_ethics=(NA, "2", None),
        # "The first 2 hours no later than the first anniversary of the initial registration permit"
        tx_md__opioid_prescribing=(SHORT, "2", "0"),
        tx_md__human_trafficking=(DUE, "1", "0"),
    )
    assert not report.compliant


# ---------------------------------------------------------------------------------- Florida


def test_fl_md_dea_registrant_between_domestic_violence_renewals() -> None:
    facts = lic("FL-MD", date(2012, 5, 1), date(2026, 1, 31), "dea_registrant")
    day = date(2025, 3, 1)
    credits = [
        credit(1, day, "36"),
        credit(2, day, "2", topics=("medical-errors",)),
        credit(3, day, "2", topics=("controlled-substances",)),
        credit(4, date(2020, 6, 1), "1", topics=("human-trafficking",)),
    ]
    report = run("FL-MD", facts, credits, date(2026, 2, 10))
    assert report.renewal_number == 7
    expect(
        report,
        fl_md__total=(MET, "40", "40"),  # the 2020 course is outside the cycle
        # "Must include the five most misdiagnosed conditions" - 2 hours every renewal.
        fl_md__medical_errors=(MET, "2", "2"),
        # F.S. 456.0301: 2-hour controlled-substance course for DEA registrants, every renewal.
        fl_md__controlled_substances=(MET, "2", "2"),
        # "every third biennial renewal" read as renewals 3, 6, 9: renewal 7 is off.
        fl_md__domestic_violence=(NA, "2", None),
        # HIV/AIDS only at the first renewal.
        fl_md__hiv_aids=(NA, "1", None),
        # "Licensees at the time: by January 1, 2021" - done in 2020.
        fl_md__human_trafficking=(MET, "1", "1"),
    )
    assert report.compliant


def test_fl_md_domestic_violence_due_at_the_sixth_renewal() -> None:
    facts = lic("FL-MD", date(2014, 5, 1), date(2026, 1, 31))
    report = run(
        "FL-MD",
        facts,
        [credit(1, date(2025, 3, 1), "40", topics=("medical-errors",))],
        date(2026, 2, 10),
    )
    assert report.renewal_number == 6
    expect(
        report,
        fl_md__domestic_violence=(SHORT, "2", "0"),
        fl_md__controlled_substances=(NA, "2", None),
    )


def test_fl_do_osteopath_counts_ama_hours_and_owes_no_risk_management_hour() -> None:
    facts = lic("FL-DO", date(2018, 4, 1), date(2026, 3, 31))
    day = date(2025, 6, 1)
    credits = [
        credit(1, day, "15", "aoa-1a"),
        credit(2, day, "1", "aoa-1a", ("laws-and-rules",)),
        credit(3, day, "2", "aoa-1a", ("medical-errors",)),
        credit(4, day, "2", "aoa-1a"),
        credit(5, day, "20", "ama-pra-1"),
        credit(6, date(2019, 9, 1), "1", "ama-pra-1", ("human-trafficking",)),
    ]
    report = run("FL-DO", facts, credits, date(2026, 4, 5))
    assert report.renewal_number == 4
    expect(
        report,
        # 64B15-13.001: "forty (40) hours of continuing medical education courses approved by
        # the Board" - no Category 1-A minimum, so the 20 AMA hours count.
        fl_do__total=(MET, "40", "40"),
        fl_do__laws_and_rules=(MET, "1", "1"),
        fl_do__medical_errors=(MET, "2", "2"),
        fl_do__controlled_substances=(NA, "2", None),
        fl_do__domestic_violence=(NA, "2", None),
    )
    ids = {r.requirement_id for r in report.results}
    # The rule has neither a 1-A minimum nor a separate risk-management hour.
    assert not ids & {"fl-do.category-1", "fl-do.risk-management"}
    assert report.compliant


# ---------------------------------------------------------------------------------- California


def test_ca_md_category_2_does_not_count_and_moc_substitutes() -> None:
    facts = lic("CA-MD", date(2019, 9, 1), date(2025, 10, 31))
    credits = [
        credit(1, date(2024, 4, 1), "45", "ama-pra-1"),
        credit(2, date(2024, 5, 1), "10", "ama-pra-2"),
        # B&P 2190.5: 12 one-time hours of pain management / end-of-life care.
        credit(3, date(2020, 5, 1), "12", "ama-pra-1", ("end-of-life-care",)),
    ]
    report = run("CA-MD", facts, credits, date(2025, 11, 15))
    expect(
        report,
        # 50 hours, all Category 1 (max_category_2 = 0).
        ca_md__total=(SHORT, "50", "45"),
        ca_md__category_1=(SHORT, "50", "45"),
        ca_md__category_2_cap=(MET, "0", "0"),
        # "by the second license renewal or within 4 years of initial licensure, whichever first"
        ca_md__pain_management=(MET, "12", "12"),
        ca_md__geriatrics=(NA, "10", None),
    )
    pain = next(r for r in report.results if r.requirement_id == "ca-md.pain-management")
    assert pain.due_on == date(2021, 10, 31)
    moc = run(
        "CA-MD",
        lic("CA-MD", date(2019, 9, 1), date(2025, 10, 31), "moc_current"),
        credits,
        date(2025, 11, 15),
    )
    # "ABMS board certification/recertification counts as 100 hours" (MOC substitute)
    expect(moc, ca_md__total=(MET, "50", "45"), ca_md__pain_management=(MET, "12", "12"))
    assert moc.waived_by_moc
    assert moc.compliant


def test_ca_md_initial_license_under_13_months_owes_25_hours() -> None:
    # "If the initial license was issued for less than 13 months, only 25 hours are due"
    report = run(
        "CA-MD", lic("CA-MD", date(2024, 11, 15), date(2025, 10, 31)), [], date(2025, 6, 1)
    )
    expect(report, ca_md__total=(DUE, "25", "0"), ca_md__category_1=(DUE, "25", "0"))
    longer = run("CA-MD", lic("CA-MD", date(2024, 8, 15), date(2025, 10, 31)), [], date(2025, 6, 1))
    expect(longer, ca_md__total=(DUE, "50", "0"))


# ---------------------------------------------------------------------------------- New York


def test_ny_md_has_no_hour_total_but_topic_mandates_apply() -> None:
    facts = lic("NY-MD", date(2001, 6, 1), date(2026, 5, 31), "dea_registrant")
    credits = [
        credit(1, date(2023, 3, 1), "2", topics=("infection-control",)),
        credit(2, date(2022, 2, 1), "2", topics=("child-abuse",)),
        credit(3, date(2024, 1, 10), "3", topics=("pain-management",)),
    ]
    report = run("NY-MD", facts, credits, date(2026, 6, 15))
    assert "ny-md.total" not in outcome(report)
    expect(
        report,
        # PHL 239: infection control at licensure and every 4 years.
        ny_md__infection_control=(MET, None, "2"),
        # Child-abuse coursework before initial licensure: only new licensees.
        ny_md__child_abuse=(NA, "2", None),
        # Updated curriculum (Ch. 56 of 2021) "By April 1, 2025": a 2022 course counts.
        ny_md__child_abuse__update_2021=(MET, None, "2"),
        # Ch. 25 of 2024 "By November 17, 2026": the 2022 course predates the law.
        ny_md__child_abuse__update_2024=(DUE, None, "0"),
        # PHL 3309-a(3): 3 hours once within each 3-year period for DEA registrants.
        ny_md__pain_management=(MET, "3", "3"),
    )
    assert report.compliant


# ---------------------------------------------------------------------------------- Illinois


def test_il_md_opioid_hour_older_than_six_years_is_short() -> None:
    facts = lic(
        "IL-MD", date(2005, 9, 1), date(2026, 7, 31), "state_cs_registrant", "treats_adults"
    )
    day = date(2025, 1, 15)
    credits = [
        credit(1, day, "55", "ama-pra-1"),
        credit(2, day, "1", "ama-pra-1", ("sexual-harassment-prevention",)),
        credit(3, day, "1", "ama-pra-1", ("implicit-bias",)),
        credit(4, date(2021, 1, 1), "1", "ama-pra-1", ("dementia",)),
        credit(5, day, "1", "ama-pra-1", ("cultural-competency",)),
        credit(6, day, "95", "ama-pra-2"),
        credit(7, date(2019, 5, 1), "1", "ama-pra-1", ("opioid-prescribing",)),
    ]
    report = run("IL-MD", facts, credits, date(2026, 8, 15))
    expect(
        report,
        # 150 hours, at least 60 formal, up to 90 informal: 58 formal in the cycle (the 2021
        # dementia and 2019 opioid hours are older) + 90 informal (5 over the cap).
        il_md__total=(SHORT, "150", "148"),
        il_md__category_1=(SHORT, "60", "58"),
        il_md__category_2_cap=(MET, "90", "90"),
        il_md__sexual_harassment_prevention=(MET, "1", "1"),
        il_md__implicit_bias=(MET, "1", "1"),
        # P.A. 103-531: dementia, cultural competency and opioid hours every 6 years.
        il_md__dementia=(MET, "1", "1"),
        il_md__cultural_competency=(MET, "1", "1"),
        il_md__opioid_prescribing=(SHORT, "1", "0"),
        il_md__child_abuse=(NA, "1", None),
    )
    opioid = next(r for r in report.results if r.requirement_id == "il-md.opioid-prescribing")
    assert opioid.explanation == "Short by 1.00 credit of opioid prescribing, due by 31 Jul 2026."
    assert opioid.uncounted[0].reason == "completed outside the window"
    assert not report.compliant


# ---------------------------------------------------------------------------------- Iowa


def test_ia_md_carryover_of_category_1_hours_and_five_year_topics() -> None:
    facts = lic(
        "IA-MD",
        date(2008, 3, 1),
        date(2026, 3, 31),
        "prescribes_opioids",
        "primary_care",
        "treats_adults",
    )
    credits = [
        credit(1, date(2023, 1, 15), "53", "ama-pra-1"),
        credit(2, date(2023, 1, 15), "2", "ama-pra-1", ("opioid-prescribing",)),
        credit(3, date(2023, 6, 1), "1", "ama-pra-1", ("dependent-adult-abuse",)),
        credit(4, date(2025, 1, 10), "30", "ama-pra-1"),
    ]
    report = run("IA-MD", facts, credits, date(2026, 4, 10))
    # "Up to 20 Category 1 hours from the previous license period": 56 - 40 = 16 carried.
    assert report.carryover_in == d("16")
    expect(
        report,
        ia_md__total=(MET, "40", "46"),
        ia_md__category_1=(MET, "40", "46"),
        # "Licensed on 1/1/2019: by 1/1/2024, then every 5 years" - 2023 course in the look-back.
        ia_md__opioid_prescribing=(MET, "2", "2"),
        # HF 731: at least 1 hour every 3 years.
        ia_md__dependent_adult_abuse=(MET, "1", "1"),
        # 2 hours end-of-life care every 5 years for primary care.
        ia_md__end_of_life_care=(SHORT, "2", "0"),
        ia_md__child_abuse=(NA, "1", None),
    )
    assert not report.compliant


def test_ia_md_first_license_prorated() -> None:
    # "The first license may run less than 24 months; hours are reduced pro rata" (9 months).
    report = run("IA-MD", lic("IA-MD", date(2025, 6, 10), date(2026, 3, 31)), [], date(2025, 12, 1))
    expect(report, ia_md__total=(DUE, "15", "0"), ia_md__category_1=(DUE, "15", "0"))


# ---------------------------------------------------------------------------------- Pennsylvania


def test_pa_md_child_abuse_and_opioid_hours_are_exclusive() -> None:
    # Act 124: the 2 opioid hours are owed by DEA registrants (and those prescribing under
    # another's registration).
    facts = lic("PA-MD", date(2010, 6, 1), date(2026, 12, 31), "dea_registrant")
    day = date(2026, 2, 1)
    credits = [
        credit(1, day, "20", "ama-pra-1"),
        credit(2, day, "12", "ama-pra-2", ("patient-safety-risk-management",)),
        credit(3, day, "2", "ama-pra-1", ("child-abuse",)),
        credit(4, day, "2", "ama-pra-1", ("opioid-prescribing",)),
        credit(5, date(2026, 3, 1), "2", "ama-pra-1", ("child-abuse", "opioid-prescribing")),
        credit(6, day, "62", "ama-pra-2"),
    ]
    report = run("PA-MD", facts, credits, date(2027, 1, 5))
    expect(
        report,
        pa_md__total=(MET, "100", "100"),
        # "At least 20 AMA PRA Category 1. The rest may be Category 1 or 2"
        pa_md__category_1=(MET, "20", "26"),
        pa_md__category_2_cap=(MET, "80", "74"),
        pa_md__patient_safety_risk_management=(MET, "12", "12"),
        # 16.108(b): child-abuse and opioid hours do not count toward patient safety, and a
        # course is counted toward one mandate only.
        pa_md__child_abuse=(MET, "2", "4"),
        pa_md__opioid_prescribing=(MET, "2", "2"),
        pa_md__opioid_prescribing__one_time=(NA, "2", None),
    )
    opioid = next(r for r in report.results if r.requirement_id == "pa-md.opioid-prescribing")
    assert [u.reason for u in opioid.uncounted] == [
        "already counted toward child abuse (exclusive)"
    ]
    assert report.compliant


def test_pa_md_new_licensee_exempt_but_owes_the_one_time_opioid_course() -> None:
    report = run("PA-MD", lic("PA-MD", date(2025, 3, 1), date(2026, 12, 31)), [], date(2026, 6, 1))
    expect(
        report,
        # MCARE 910(d)(1): exempt for the biennial period following initial licensure ...
        pa_md__total=(NA, "100", None),
        pa_md__patient_safety_risk_management=(NA, "12", None),
        # ... "Mandatory opioid education for new licensees still applies": within 12 months,
        # 2 hours in prescribing and 2 in pain management or addiction.
        pa_md__opioid_prescribing__one_time=(SHORT, "2", "0"),
        pa_md__pain_management__one_time=(SHORT, "2", "0"),
    )


# ---------------------------------------------------------------------------------- Michigan


def test_mi_md_annual_implicit_bias_and_pain_sub_minimum() -> None:
    facts = lic("MI-MD", date(2000, 7, 1), date(2026, 10, 31))
    credits = [
        credit(1, date(2024, 2, 1), "72", "ama-pra-1"),
        credit(2, date(2024, 2, 1), "1", "ama-pra-1", ("medical-ethics",)),
        credit(3, date(2024, 3, 1), "2", "ama-pra-1", ("pain-management",)),
        credit(4, date(2024, 3, 1), "1", "ama-pra-1", ("controlled-substances",)),
        credit(5, date(2024, 4, 1), "1", "ama-pra-1", ("implicit-bias",)),
        credit(6, date(2025, 4, 1), "1", "ama-pra-1", ("implicit-bias",)),
        credit(7, date(2019, 4, 1), "1", "ama-pra-1", ("human-trafficking",)),
        credit(8, date(2025, 5, 1), "75", "ama-pra-2"),
    ]
    report = run("MI-MD", facts, credits, date(2026, 3, 1))
    expect(
        report,
        mi_md__total=(MET, "150", "153"),
        mi_md__category_1=(MET, "75", "78"),
        mi_md__medical_ethics=(MET, "1", "1"),
        # MCL 333.17033: 3 hours pain and symptom management, at least 1 on CS prescribing.
        mi_md__pain_management=(MET, "3", "3"),
        mi_md__pain_management__controlled_substances=(MET, "1", "1"),
        # R 338.7004: 1 hour for each year of the cycle - the third year is still running.
        mi_md__implicit_bias=(DUE, "3", "2"),
        # MCL 333.16148: one-time human trafficking training.
        mi_md__human_trafficking=(MET, None, "1"),
    )
    assert report.compliant


# ---------------------------------------------------------------------------------- Connecticut


def test_ct_md_six_year_topics_look_back_across_cycles() -> None:
    facts = lic("CT-MD", date(2012, 8, 1), date(2026, 6, 30))
    credits = [
        credit(1, date(2025, 1, 1), "50"),
        credit(2, date(2021, 1, 1), "1", topics=("infectious-diseases",)),
        credit(3, date(2019, 12, 1), "1", topics=("risk-management",)),
        credit(4, date(2022, 5, 1), "1", topics=("sexual-assault",)),
        credit(5, date(2022, 5, 1), "1", topics=("domestic-violence",)),
        credit(6, date(2023, 5, 1), "1", topics=("cultural-competency",)),
        credit(7, date(2025, 5, 1), "1", topics=("behavioral-health",)),
    ]
    report = run("CT-MD", facts, credits, date(2026, 7, 5))
    expect(
        report,
        # 50 contact hours in the preceding 24 months.
        ct_md__total=(MET, "50", "51"),
        # "in the first renewal period in which CME is required, then at least once every 6 years"
        ct_md__infectious_diseases=(MET, "1", "1"),
        ct_md__risk_management=(SHORT, "1", "0"),
        ct_md__sexual_assault=(MET, "1", "1"),
        ct_md__domestic_violence=(MET, "1", "1"),
        ct_md__cultural_competency=(MET, "1", "1"),
        ct_md__behavioral_health=(MET, "1", "1"),
    )
    assert not report.compliant


# ---------------------------------------------------------------------------------- North Carolina


def test_nc_md_three_year_cycle_all_category_1_and_moc_keeps_cs_hours() -> None:
    cycle = {"cycle_start": date(2023, 4, 16), "cycle_end": date(2026, 4, 15)}
    facts = lic(
        "NC-MD", date(2009, 8, 1), date(2026, 4, 15), "prescribes_controlled_substances", **cycle
    )
    credits = [
        credit(1, date(2024, 1, 1), "57", "ama-pra-1"),
        credit(2, date(2024, 2, 1), "3", "ama-pra-1", ("controlled-substances",)),
        credit(3, date(2024, 3, 1), "5", "ama-pra-2"),
    ]
    report = run("NC-MD", facts, credits, date(2026, 5, 1))
    expect(
        report,
        # "All 60 must be Category 1"
        nc_md__total=(MET, "60", "60"),
        nc_md__category_1=(MET, "60", "60"),
        nc_md__category_2_cap=(MET, "0", "0"),
        nc_md__controlled_substances=(MET, "3", "3"),
    )
    moc_facts = lic(
        "NC-MD",
        date(2009, 8, 1),
        date(2026, 4, 15),
        "prescribes_controlled_substances",
        "moc_current",
        **cycle,
    )
    moc = run("NC-MD", moc_facts, [], date(2026, 5, 1))
    # "Attesting to an active recertification/MOC program satisfies the whole requirement ...
    # prescribers still need the 3 controlled-substance hours"
    expect(moc, nc_md__total=(MET, "60", "0"), nc_md__controlled_substances=(SHORT, "3", "0"))
    assert not moc.compliant


# ---------------------------------------------------------------------------------- DEA


def test_us_dea_mate_training_is_one_time_and_earlier_training_counts() -> None:
    facts = lic("US-DEA", date(2015, 1, 1), date(2027, 1, 31), "dea_registrant")
    done = run(
        "US-DEA",
        facts,
        [credit(1, date(2021, 3, 1), "8", topics=("substance-use-disorders",))],
        date(2026, 6, 1),
    )
    # "training completed BEFORE the law (including past DATA-waiver training) counts"
    expect(done, us_dea__substance_use_disorders=(MET, "8", "8"))
    missing = run("US-DEA", facts, [], date(2026, 6, 1))
    # "at their first ... renewal DEA registration application on or after June 27, 2023"
    assert missing.results[0].due_on == date(2024, 1, 31)
    expect(missing, us_dea__substance_use_disorders=(SHORT, "8", "0"))
    new = run(
        "US-DEA",
        lic("US-DEA", date(2025, 5, 1), date(2028, 4, 30), "dea_registrant"),
        [],
        date(2025, 6, 1),
    )
    assert new.results[0].due_on == date(2025, 5, 1)
    not_registered = run(
        "US-DEA", lic("US-DEA", date(2015, 1, 1), date(2027, 1, 31)), [], date(2026, 6, 1)
    )
    assert not_registered.results[0].explanation == (
        "Opioid and substance use disorder treatment (DEA MATE Act), 8 h — not required: "
        "applies only to DEA registrants; you told us you are not."
    )


# ---------------------------------------------------------------------------------- Others


def test_ky_md_mid_cycle_caps_and_controlled_substance_hours() -> None:
    cycle = {"cycle_start": date(2024, 1, 1), "cycle_end": date(2026, 12, 31)}
    facts = lic("KY-MD", date(2004, 5, 1), date(2026, 3, 31), "dea_registrant", **cycle)
    credits = [
        credit(1, date(2024, 5, 1), "25.5", "ama-pra-1"),
        # 4.5 hours "on KASPER, pain management and/or addiction disorders"
        credit(2, date(2024, 6, 1), "4.5", "ama-pra-1", ("pain-management",)),
        credit(3, date(2025, 6, 1), "35", "ama-pra-2"),
    ]
    report = run("KY-MD", facts, credits, date(2026, 6, 1))
    expect(
        report,
        # "30 of the 60 hours must be Category I. The rest may be Category I or II."
        ky_md__total=(MET, "60", "60"),
        ky_md__category_1=(MET, "30", "30"),
        ky_md__category_2_cap=(MET, "30", "30"),
        ky_md__controlled_substances=(MET, "4.5", "4.5"),
        ky_md__domestic_violence=(NA, "3", None),
    )


def test_oh_md_new_licensee_prorated_and_on_track() -> None:
    facts = lic("OH-MD", date(2024, 9, 20), date(2026, 4, 1))
    report = run(
        "OH-MD", facts, [credit(1, date(2025, 5, 1), "30", "ama-pra-1")], date(2026, 1, 15)
    )
    # ORC 4731.282(D) pro rata: 50 x 18/24 = 37.5 -> rounded down to 37.
    expect(
        report,
        oh_md__total=(DUE, "37", "30"),
        oh_md__category_1=(DUE, "37", "30"),
        oh_md__professional_responsibility=(DUE, "1", "0"),
    )
    assert report.compliant
    assert report.results[0].explanation == "You need 7.00 more credits in total by 1 Apr 2026."


def test_wa_md_moc_covers_the_200_hours_not_health_equity() -> None:
    facts = lic("WA-MD", date(2010, 2, 1), date(2027, 5, 31), "moc_current")
    credits = [credit(1, date(2016, 3, 1), "6", topics=("suicide-prevention",))]
    report = run("WA-MD", facts, credits, date(2027, 6, 10))
    expect(
        report,
        # "participation in an ABMS MOC program (2016 rule change)" instead of the 200 hours.
        wa_md__total=(MET, "200", "0"),
        wa_md__category_2_cap=(MET, "80", "0"),
        # One-time 6 hours, completed (late) in 2016.
        wa_md__suicide_prevention=(MET, "6", "6"),
        wa_md__opioid_prescribing=(NA, "1", None),
        # WAC 246-919-445: 2 hours of health equity every four years.
        wa_md__health_equity=(SHORT, "2", "0"),
    )
    assert not report.compliant


def test_nd_md_initial_cycle_uses_the_boards_20_hour_tiers() -> None:
    # "1 to 2 years, 20 hours; 2 to 3 years, 40 hours": 27 months -> 40 hours.
    cycle = {"cycle_start": date(2023, 6, 30), "cycle_end": date(2026, 6, 30)}
    report = run(
        "ND-MD", lic("ND-MD", date(2024, 3, 1), date(2026, 6, 30), **cycle), [], date(2026, 1, 1)
    )
    expect(report, nd_md__total=(DUE, "40", "0"))


def test_ma_md_related_topics_count_toward_risk_management() -> None:
    facts = lic("MA-MD", date(2001, 4, 2), date(2026, 4, 2))
    credits = [
        credit(1, date(2025, 1, 1), "40"),
        credit(2, date(2025, 2, 1), "2", topics=("implicit-bias",)),
        credit(3, date(2025, 2, 1), "2", topics=("laws-and-rules",)),
        credit(4, date(2025, 3, 1), "6", topics=("risk-management",)),
    ]
    report = run("MA-MD", facts, credits, date(2026, 3, 1))
    # "the credits may count toward the biennial 10 risk-management credits"
    expect(
        report,
        ma_md__total=(MET, "50", "50"),
        ma_md__risk_management=(MET, "10", "10"),
        ma_md__implicit_bias=(MET, "2", "2"),
        ma_md__laws_and_rules=(MET, "2", "2"),
        ma_md__electronic_health_records=(SHORT, "3", "0"),
    )
