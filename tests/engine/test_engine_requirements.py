"""Each requirement kind and window feature, at its edges. Cycle: (31 Jan 2024, 31 Jan 2026]."""

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from reporting.engine import (
    Confidence,
    DeadlineRule,
    InitialTreatment,
    Kind,
    LicenseStatus,
    Proration,
    RequirementSpec,
    Rounding,
    Status,
    UncountedCredit,
    Window,
    evaluate,
)

from .builders import credit, d, license, rules, topic, total

MID_CYCLE = date(2025, 1, 1)
AFTER_CYCLE = date(2026, 2, 15)
START, END = date(2024, 1, 31), date(2026, 1, 31)

CATEGORY_1 = frozenset({"ama-pra-1", "aoa-1a"})
CATEGORY_2 = frozenset({"ama-pra-2", "aoa-1b", "aoa-2a", "aoa-2b", "other"})


def category_min(credits: str) -> RequirementSpec:
    return RequirementSpec(
        id="xx-md.category-1", kind=Kind.CATEGORY_MIN, credits=d(credits), credit_types=CATEGORY_1
    )


def category_cap(cap: str) -> RequirementSpec:
    return RequirementSpec(
        id="xx-md.category-2-cap",
        kind=Kind.CATEGORY_CAP,
        cap=d(cap),
        credit_types=CATEGORY_2,
        label="Category 2",
    )


def only(report_results, requirement_id):  # type: ignore[no-untyped-def]
    return next(r for r in report_results if r.requirement_id == requirement_id)


# --- total ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("logged", "status"),
    [("40.00", Status.MET), ("39.99", Status.SHORT), ("45.50", Status.MET)],
)
def test_total_at_threshold_and_a_cent_below(logged: str, status: Status) -> None:
    report = evaluate(
        rules(total("40")), license(), [credit(1, date(2025, 5, 1), logged)], AFTER_CYCLE
    )
    assert report.results[0].status is status
    assert report.compliant is (status is Status.MET)


@pytest.mark.parametrize(
    ("completed_on", "counts"),
    [
        (START, False),  # the cycle start is exclusive
        (date(2024, 2, 1), True),
        (END, True),  # the cycle end is inclusive
        (date(2026, 2, 1), False),
    ],
)
def test_cycle_window_edges(completed_on: date, counts: bool) -> None:
    report = evaluate(rules(total("1")), license(), [credit(1, completed_on)], AFTER_CYCLE)
    assert (report.results[0].status is Status.MET) is counts


def test_mid_cycle_shortfall_is_not_yet_due_and_still_compliant() -> None:
    report = evaluate(rules(total("48")), license(), [credit(1, date(2024, 6, 1), "10")], MID_CYCLE)
    result = report.results[0]
    assert result.status is Status.NOT_YET_DUE
    assert (result.required, result.earned, result.remaining) == (d("48"), d("10"), d("38"))
    assert result.explanation == "You need 38.00 more credits in total by 31 Jan 2026."
    assert report.compliant
    assert report.status is LicenseStatus.BEHIND
    assert report.summary == (
        "Nothing is overdue and you are behind the pace; 1 requirement is still to complete, "
        "the first by 31 Jan 2026."
    )


def test_shortfall_is_short_on_its_own_due_date_and_after() -> None:
    # docs/api.md: "a report as of D judges the end of day D: a requirement whose due_on is D
    # and that is unmet as of D is short"; not_yet_due only while as_of is strictly before due_on.
    credits = [credit(1, date(2024, 6, 1), "10")]
    the_day_before = evaluate(rules(total("48")), license(), credits, END - timedelta(days=1))
    on_the_day = evaluate(rules(total("48")), license(), credits, END)
    after = evaluate(rules(total("48")), license(), credits, date(2026, 2, 1))
    assert the_day_before.results[0].status is Status.NOT_YET_DUE
    assert the_day_before.compliant
    for report in (on_the_day, after):
        assert report.results[0].status is Status.SHORT
        assert report.results[0].explanation == (
            "Short by 38.00 credits in total, due by 31 Jan 2026."
        )
        assert not report.compliant
        assert report.status is LicenseStatus.OVERDUE
        assert report.ended
        assert report.summary == (
            "Not met when the cycle ended on 31 Jan 2026: 38.00 credits in total missing."
        )


def test_credits_completed_after_as_of_are_ignored() -> None:
    report = evaluate(
        rules(total("1")), license(), [credit(1, date(2025, 6, 1))], date(2025, 5, 31)
    )
    assert report.results[0].earned == d("0")


def test_met_sentence() -> None:
    report = evaluate(rules(total("40")), license(), [credit(1, date(2025, 1, 1), "40")], MID_CYCLE)
    assert report.results[0].explanation == "Met: 40.00 of 40.00 credits in total."
    assert report.summary == "Complete: every requirement that applies is met."
    assert report.status is LicenseStatus.COMPLETE


# --- categories -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("credit_type", "status"),
    [("ama-pra-1", Status.MET), ("aoa-1a", Status.MET), ("ama-pra-2", Status.SHORT)],
)
def test_category_minimum_counts_only_its_credit_types(credit_type: str, status: Status) -> None:
    credits = [credit(1, date(2025, 1, 1), "24", credit_type)]
    assert (
        evaluate(rules(category_min("24")), license(), credits, AFTER_CYCLE).results[0].status
        is status
    )


def test_category2_credits_above_cap_do_not_count_and_are_listed() -> None:
    credits = [
        credit(1, date(2024, 5, 1), "24", "ama-pra-1"),
        credit(2, date(2024, 6, 1), "20", "ama-pra-2"),
        credit(3, date(2024, 7, 1), "10", "other"),
    ]
    report = evaluate(rules(total("48"), category_cap("24")), license(), credits, AFTER_CYCLE)
    total_result, cap_result = report.results
    assert total_result.earned == d("48")
    assert total_result.status is Status.MET
    assert cap_result.uncounted == (
        UncountedCredit(3, "6.00 Category 2 credits above the 24-credit cap"),
    )
    assert total_result.uncounted == cap_result.uncounted
    assert cap_result.explanation == (
        "At most 24.00 Category 2 credits count toward the total; "
        "6.00 of the 30.00 logged do not count."
    )


def test_a_zero_cap_means_only_category_1_counts() -> None:
    credits = [
        credit(1, date(2024, 5, 1), "30", "ama-pra-1"),
        credit(2, date(2024, 6, 1), "5", "ama-pra-2"),
    ]
    report = evaluate(rules(total("30"), category_cap("0")), license(), credits, AFTER_CYCLE)
    assert report.results[0].earned == d("30")
    assert report.results[0].counted == (1,)


# --- carryover --------------------------------------------------------------------------------


@pytest.mark.parametrize(("cap", "carried"), [("48", "20.00"), ("10", "10.00")])
def test_excess_of_the_previous_cycle_carries_up_to_the_cap(cap: str, carried: str) -> None:
    credits = [credit(1, date(2023, 3, 1), "60"), credit(2, date(2025, 3, 1), "20")]
    report = evaluate(rules(total("40"), carryover_cap=d(cap)), license(), credits, AFTER_CYCLE)
    assert report.carryover_in == d(carried)
    assert report.results[0].earned == d("20") + d(carried)


def test_no_carryover_without_a_cap_or_on_the_initial_cycle() -> None:
    credits = [credit(1, date(2023, 3, 1), "60")]
    assert evaluate(rules(total("40")), license(), credits, AFTER_CYCLE).carryover_in == 0
    initial = license(issued_on=date(2024, 6, 1))
    assert (
        evaluate(
            rules(total("40"), carryover_cap=d("40")), initial, credits, AFTER_CYCLE
        ).carryover_in
        == 0
    )


def test_topic_credits_do_not_carry_unless_the_rule_says_so() -> None:
    credits = [credit(1, date(2023, 3, 1), "50", topics=("medical-ethics",))]
    plain = rules(total("40"), topic("medical-ethics", "2"), carryover_cap=d("48"))
    report = evaluate(plain, license(), credits, AFTER_CYCLE)
    assert report.carryover_in == d("10")
    assert report.results[1].earned == 0
    assert report.results[1].uncounted == (UncountedCredit(1, "completed outside the window"),)
    carrying = rules(
        total("40"), topic("medical-ethics", "2", carries_over=True), carryover_cap=d("48")
    )
    assert evaluate(carrying, license(), credits, AFTER_CYCLE).results[1].status is Status.MET


def test_carryover_limited_to_credit_types_iowa_style() -> None:
    credits = [
        credit(1, date(2023, 3, 1), "40", "ama-pra-1"),
        credit(2, date(2023, 4, 1), "30", "ama-pra-2"),
    ]
    rule_set = rules(
        total("40"), category_min("40"), carryover_cap=d("20"), carryover_types=CATEGORY_1
    )
    report = evaluate(
        rule_set, license(), [*credits, credit(3, date(2025, 1, 1), "25")], AFTER_CYCLE
    )
    # Previous cycle: 70 logged, 30 excess, but only 40 Category 1 of which... capped at 20.
    assert report.carryover_in == d("20")
    assert only(report.results, "xx-md.category-1").earned == d("45")


# --- initial licensees --------------------------------------------------------------------------

NEW = license(issued_on=date(2024, 10, 15))  # 15 whole months before 31 Jan 2026


@pytest.mark.parametrize(
    ("required", "rounding", "step", "expected"),
    [
        ("50", Rounding.DOWN, "1", "31.00"),  # 50 x 15/24 = 31.25
        ("50", Rounding.NEAREST, "1", "31.00"),
        ("50", Rounding.UP, "1", "32.00"),
        ("44", Rounding.DOWN, "1", "27.00"),  # 44 x 15/24 = 27.5
        ("44", Rounding.NEAREST, "1", "28.00"),
        ("44", Rounding.UP, "1", "28.00"),
        ("50", Rounding.UP, "25", "50.00"),  # California-style 25-hour steps
        ("60", Rounding.DOWN, "20", "20.00"),  # North Dakota tiers: 37.5 -> 20
    ],
)
def test_prorated_initial_cycle_rounding(
    required: str, rounding: Rounding, step: str, expected: str
) -> None:
    rule_set = rules(
        total(required), initial=InitialTreatment.PRORATED, proration=Proration(rounding, d(step))
    )
    report = evaluate(rule_set, NEW, [], MID_CYCLE)
    assert report.initial_cycle
    assert report.results[0].required == d(expected)


def test_exempt_initial_cycle_waives_hours_but_not_topics_that_do_not_follow() -> None:
    rule_set = rules(
        total("40"),
        topic("medical-errors", "2", follows_initial_rule=False),
        topic("medical-ethics", "2"),
        initial=InitialTreatment.EXEMPT,
    )
    report = evaluate(rule_set, NEW, [], AFTER_CYCLE)
    hours, errors, ethics = report.results
    assert hours.status is Status.NOT_APPLICABLE
    assert hours.explanation == (
        "Total, 40 credits — not required: new licensees are exempt on their initial cycle."
    )
    assert errors.status is Status.SHORT
    assert ethics.status is Status.NOT_APPLICABLE
    assert evaluate(rule_set, license(), [], AFTER_CYCLE).results[0].status is Status.SHORT


# --- exclusivity (Pennsylvania) -------------------------------------------------------------------


def pa_like() -> tuple[RequirementSpec, ...]:
    return (
        topic("patient-safety-risk-management", "12", exclusive_group="g", label="patient safety"),
        topic("child-abuse", "2", exclusive_group="g", label="child abuse"),
        topic("opioid-prescribing", "2", exclusive_group="g", label="opioid prescribing"),
    )


def test_exclusive_group_hours_count_for_one_mandate_only() -> None:
    credits = [credit(1, date(2025, 1, 1), "2", topics=("child-abuse", "opioid-prescribing"))]
    _, child, opioid = evaluate(rules(*pa_like()), license(), credits, AFTER_CYCLE).results
    assert child.status is Status.MET
    assert opioid.status is Status.SHORT
    assert opioid.uncounted == (
        UncountedCredit(1, "already counted toward child abuse (exclusive)"),
    )


def test_exclusive_group_gives_multi_topic_credits_to_the_mandate_still_short() -> None:
    credits = [
        credit(1, date(2025, 1, 1), "2", topics=("patient-safety-risk-management", "child-abuse")),
        credit(2, date(2025, 2, 1), "12", topics=("patient-safety-risk-management",)),
    ]
    safety, child, _ = evaluate(rules(*pa_like()), license(), credits, AFTER_CYCLE).results
    assert (safety.status, safety.earned) == (Status.MET, d("12"))
    assert (child.status, child.counted) == (Status.MET, (1,))


def test_without_a_group_one_credit_counts_for_every_topic_it_carries() -> None:
    specs = [replace(s, exclusive_group=None) for s in pa_like()]
    credits = [credit(1, date(2025, 1, 1), "2", topics=("child-abuse", "opioid-prescribing"))]
    results = evaluate(rules(*specs), license(), credits, AFTER_CYCLE).results
    assert [r.status for r in results[1:]] == [Status.MET, Status.MET]


# --- conditions, confidence, effective dates, MOC -------------------------------------------


def test_condition_off_is_not_applicable_and_on_is_evaluated() -> None:
    rule_set = rules(topic("controlled-substances", "2", condition="dea_registrant"))
    off = evaluate(rule_set, license(), [], AFTER_CYCLE).results[0]
    assert off.status is Status.NOT_APPLICABLE
    assert off.explanation == (
        "Controlled substances, 2 h — not required: applies only to DEA registrants; "
        "you told us you are not."
    )
    on = evaluate(rule_set, license(conditions=("dea_registrant",)), [], AFTER_CYCLE).results[0]
    assert on.status is Status.SHORT
    assert on.explanation == "Short by 2.00 credits of controlled substances, due by 31 Jan 2026."


def test_low_confidence_mandates_are_advisory_and_never_fail_compliance() -> None:
    rule_set = rules(topic("pain-management", "10", confidence=Confidence.LOW))
    report = evaluate(rule_set, license(), [], AFTER_CYCLE)
    assert report.results[0].status is Status.SHORT
    assert report.results[0].advisory
    assert report.compliant
    assert report.summary.endswith("1 advisory item (low-confidence rule) not met.")


def test_mandate_not_yet_in_force_is_not_applicable() -> None:
    rule_set = rules(topic("sexual-assault", "2", effective_from=date(2026, 9, 1)))
    result = evaluate(rule_set, license(), [], AFTER_CYCLE).results[0]
    assert result.status is Status.NOT_APPLICABLE
    assert result.explanation == (
        "Sexual assault, 2 h — not"
        " required yet: this rule applies to cycles ending on or after 1 Sep 2026."
    )


def test_moc_waives_hour_totals_never_topic_mandates() -> None:
    rule_set = rules(
        total("60"), category_min("60"), topic("controlled-substances", "3"), moc_substitute=True
    )
    report = evaluate(rule_set, license(conditions=("moc_current",)), [], AFTER_CYCLE)
    hours, category, mandate = report.results
    assert hours.status is category.status is Status.MET
    assert (
        hours.explanation
        == "Met by maintenance of certification, which this board accepts in place of hours."
    )
    assert mandate.status is Status.SHORT
    assert report.waived_by_moc
    assert not report.compliant
    without_moc = evaluate(
        replace(rule_set, moc_substitute=False),
        license(conditions=("moc_current",)),
        [],
        AFTER_CYCLE,
    )
    assert without_moc.results[0].status is Status.SHORT


def test_board_without_cme_requirement() -> None:
    report = evaluate(rules(total("40"), cme_required=False), license(), [], AFTER_CYCLE)
    assert report.results == ()
    assert report.compliant
    assert report.summary == "This board has no CME requirement."


def test_hours_on_top_of_the_total_do_not_count_toward_it() -> None:
    rule_set = rules(total("2"), topic("laws-and-rules", "1", counts_toward_total=False))
    credits = [
        credit(1, date(2025, 1, 1), "1", topics=("laws-and-rules",)),
        credit(2, date(2025, 2, 1), "1"),
    ]
    hours, laws = evaluate(rule_set, license(), credits, AFTER_CYCLE).results
    assert laws.status is Status.MET
    assert hours.earned == d("1")
    assert hours.uncounted == (
        UncountedCredit(1, "counted toward state laws and board rules, on top of the total"),
    )


def test_sub_minimum_hours_count_toward_the_parent_topic() -> None:
    parent = topic("pain-management", "3")
    child = topic("controlled-substances", "1", parent="xx-md.pain-management")
    credits = [
        credit(1, date(2025, 1, 1), "1", topics=("controlled-substances",)),
        credit(2, date(2025, 2, 1), "2", topics=("pain-management",)),
    ]
    pain, sub = evaluate(rules(parent, child), license(), credits, AFTER_CYCLE).results
    assert (pain.status, pain.earned) == (Status.MET, d("3"))
    assert (sub.status, sub.earned) == (Status.MET, d("1"))
    no_sub = evaluate(
        rules(parent, child), license(), [replace(credits[1], credits=d("3"))], AFTER_CYCLE
    ).results
    assert (no_sub[0].status, no_sub[1].status) == (Status.MET, Status.SHORT)


def test_a_course_requirement_is_met_by_any_activity_on_the_topic() -> None:
    rule_set = rules(topic("human-trafficking", None, window=Window.ONE_TIME))
    met = evaluate(
        rule_set,
        license(),
        [credit(1, date(2015, 1, 1), "0.5", topics=("human-trafficking",))],
        AFTER_CYCLE,
    )
    assert met.results[0].status is Status.MET
    assert met.results[0].explanation == "Met: completed a course on human trafficking."
    missing = evaluate(rule_set, license(issued_on=date(2024, 6, 1)), [], MID_CYCLE).results[0]
    assert (
        missing.explanation == "You need to complete a course on human trafficking by 31 Jan 2026."
    )


# --- windows --------------------------------------------------------------------------------------


def test_annual_mandate_inside_a_three_year_cycle_needs_each_year() -> None:
    rule_set = rules(topic("implicit-bias", "1", window=Window.ANNUAL), cycle_years=3)
    facts = license(expires_on=date(2026, 7, 31))
    credits = [
        credit(1, date(2023, 9, 1), "2", topics=("implicit-bias",)),
        credit(2, date(2025, 9, 1), "1", topics=("implicit-bias",)),
    ]
    result = evaluate(rule_set, facts, credits, date(2026, 1, 1)).results[0]
    # Year 2 (31 Jul 2024 - 31 Jul 2025) has nothing; the extra hour of year 1 does not cover it.
    assert result.status is Status.SHORT
    assert (result.required, result.earned, result.due_on) == (d("3"), d("2"), date(2025, 7, 31))
    assert result.explanation == (
        "Short by 1.00 credit of implicit bias, due by 31 Jul 2025 "
        "(the year 31 Jul 2024 to 31 Jul 2025)."
    )
    later = evaluate(
        rule_set,
        facts,
        [*credits, credit(3, date(2025, 1, 1), topics=("implicit-bias",))],
        date(2026, 1, 1),
    )
    assert later.results[0].status is Status.MET


def test_annual_slice_not_yet_over_is_not_yet_due() -> None:
    rule_set = rules(topic("implicit-bias", "1", window=Window.ANNUAL), cycle_years=3)
    facts = license(expires_on=date(2026, 7, 31))
    credits = [
        credit(i, day, topics=("implicit-bias",))
        for i, day in ((1, date(2023, 9, 1)), (2, date(2025, 1, 1)))
    ]
    result = evaluate(rule_set, facts, credits, date(2026, 1, 1)).results[0]
    assert (result.status, result.due_on) == (Status.NOT_YET_DUE, date(2026, 7, 31))


def test_one_time_mandate_counts_a_course_from_any_earlier_year() -> None:
    rule_set = rules(topic("end-of-life-care", "2", window=Window.ONE_TIME))
    old = [credit(1, date(2012, 3, 1), "2", topics=("end-of-life-care",))]
    assert evaluate(rule_set, license(), old, AFTER_CYCLE).results[0].status is Status.MET
    missing = evaluate(rule_set, license(), [], MID_CYCLE).results[0]
    # Default deadline: the first renewal after licensure (31 Jan 2012) - long past.
    assert (missing.status, missing.due_on) == (Status.SHORT, date(2012, 1, 31))


def test_one_time_mandate_is_due_at_the_first_renewal_after_it_took_effect() -> None:
    rule_set = rules(
        topic("implicit-bias", None, window=Window.ONE_TIME, effective_from=date(2024, 4, 1))
    )
    result = evaluate(rule_set, license(), [], MID_CYCLE).results[0]
    assert (result.status, result.due_on) == (Status.NOT_YET_DUE, date(2026, 1, 31))


def test_one_time_mandate_ignores_courses_before_counts_from() -> None:
    rule_set = rules(
        topic("child-abuse", None, window=Window.ONE_TIME, counts_from=date(2021, 1, 1))
    )
    old = evaluate(
        rule_set, license(), [credit(1, date(2020, 12, 31), topics=("child-abuse",))], AFTER_CYCLE
    )
    assert old.results[0].status is Status.SHORT
    new = evaluate(
        rule_set, license(), [credit(1, date(2021, 1, 1), topics=("child-abuse",))], AFTER_CYCLE
    )
    assert new.results[0].status is Status.MET


def test_first_renewal_mandate_applies_only_on_the_initial_cycle() -> None:
    rule_set = rules(topic("hiv-aids", "1", window=Window.FIRST_RENEWAL))
    assert evaluate(rule_set, NEW, [], AFTER_CYCLE).results[0].status is Status.SHORT
    later = evaluate(rule_set, license(), [], AFTER_CYCLE).results[0]
    assert later.status is Status.NOT_APPLICABLE
    assert later.explanation == (
        "HIV/AIDS, 1 h — not required: due only at the first renewal after initial licensure."
    )


@pytest.mark.parametrize(
    ("completed_on", "status"), [(date(2020, 2, 1), Status.MET), (date(2020, 1, 31), Status.SHORT)]
)
def test_every_n_years_looks_back_across_cycles(completed_on: date, status: Status) -> None:
    rule_set = rules(topic("domestic-violence", "1", window=Window.EVERY_N_YEARS, window_n=6))
    result = evaluate(
        rule_set, license(), [credit(1, completed_on, topics=("domestic-violence",))], AFTER_CYCLE
    ).results[0]
    assert result.status is status
    if status is Status.SHORT:
        assert result.uncounted == (UncountedCredit(1, "completed outside the window"),)


@pytest.mark.parametrize(
    ("issued_on", "from_renewal", "due"),
    [
        # Renewal numbers for a 31 Jan 2026 expiry: mid-2024 -> 1, mid-2019 -> 4, mid-2017 -> 5.
        (date(2024, 6, 1), 1, True),  # Texas human trafficking: renewals 1, 4, 7...
        (date(2019, 6, 1), 1, True),
        (date(2017, 6, 1), 1, False),
        (date(2024, 6, 1), 3, False),  # Florida domestic violence read as renewals 3, 6, 9...
        (date(2021, 6, 1), 3, True),
        (date(2015, 6, 1), 3, True),
        (date(2017, 6, 1), 3, False),
    ],
)
def test_every_nth_renewal(issued_on: date, from_renewal: int, due: bool) -> None:
    spec = topic(
        "domestic-violence",
        "2",
        window=Window.EVERY_NTH_RENEWAL,
        window_n=3,
        from_renewal=from_renewal,
    )
    result = evaluate(rules(spec), license(issued_on=issued_on), [], AFTER_CYCLE).results[0]
    assert (result.status is Status.SHORT) is due
    if not due:
        assert result.explanation.startswith(
            "Domestic violence, 2 h — not required this cycle: due at every 3rd renewal; next at"
        )


def test_renewal_range_limits_a_mandate_to_early_renewals() -> None:
    spec = topic("opioid-prescribing", "2", until_renewal=2)
    assert evaluate(rules(spec), NEW, [], AFTER_CYCLE).results[0].status is Status.SHORT
    late = evaluate(rules(spec), license(), [], AFTER_CYCLE).results[0]
    assert late.explanation == (
        "Opioid prescribing, 2 h — not"
        " required this cycle: applies to renewals 1 to 2 after licensure."
    )


# --- deadlines ----------------------------------------------------------------------------------


def test_deadline_months_after_licensure_comes_before_the_cycle_end() -> None:
    spec = topic("opioid-prescribing", "2", deadline=DeadlineRule(months_after_licensure=12))
    facts = license(issued_on=date(2024, 3, 1))
    result = evaluate(rules(spec), facts, [], date(2025, 3, 2)).results[0]
    assert (result.status, result.due_on) == (Status.SHORT, date(2025, 3, 1))
    # Due on 1 Mar 2025 itself: short on that day, not yet due the day before.
    assert evaluate(rules(spec), facts, [], date(2025, 3, 1)).results[0].status is Status.SHORT
    assert (
        evaluate(rules(spec), facts, [], date(2025, 2, 28)).results[0].status is Status.NOT_YET_DUE
    )
    # On later cycles the licensure deadline has passed before the cycle began: cycle end applies.
    assert evaluate(rules(spec), license(), [], MID_CYCLE).results[0].due_on == END


@pytest.mark.parametrize(
    ("rule", "issued_on", "due"),
    [
        (DeadlineRule(on=date(2025, 4, 1)), date(2010, 7, 1), date(2025, 4, 1)),
        (
            DeadlineRule(by_renewal=2, months_after_licensure=48),
            date(2024, 6, 1),
            date(2028, 1, 31),
        ),
        (DeadlineRule(by_renewal=2, months_after_licensure=36), date(2024, 6, 1), date(2027, 6, 1)),
        (
            DeadlineRule(
                months_after_licensure=12,
                licensed_before=date(2025, 1, 1),
                grandfathered_due=date(2025, 12, 31),
            ),
            date(2010, 7, 1),
            date(2025, 12, 31),
        ),
        (
            DeadlineRule(
                months_after_licensure=12,
                licensed_before=date(2025, 1, 1),
                grandfathered_due=date(2025, 12, 31),
            ),
            date(2025, 2, 1),
            date(2026, 2, 1),
        ),
        (
            DeadlineRule(months_after_licensure=0, licensed_before=date(2023, 6, 27)),
            date(2010, 7, 1),
            date(2024, 1, 31),
        ),
    ],
)
def test_one_time_deadline_shapes(rule: DeadlineRule, issued_on: date, due: date) -> None:
    spec = topic(
        "pain-management",
        "12",
        window=Window.ONE_TIME,
        deadline=rule,
        effective_from=date(2023, 6, 27) if rule.months_after_licensure == 0 else None,
    )
    result = evaluate(rules(spec), license(issued_on=issued_on), [], date(2025, 1, 1)).results[0]
    assert result.due_on == due
    assert result.status is (Status.NOT_YET_DUE if due >= date(2025, 1, 1) else Status.SHORT)


def test_explanation_uses_singular_credit_and_plain_dates() -> None:
    rule_set = rules(topic("medical-ethics", "2"))
    report = evaluate(
        rule_set,
        license(expires_on=date(2027, 8, 31)),
        [credit(1, date(2026, 1, 1), "1", topics=("medical-ethics",))],
        date(2026, 6, 1),
    )
    assert (
        report.results[0].explanation
        == "You need 1.00 more credit of medical ethics by 31 Aug 2027."
    )
    met = evaluate(
        rule_set,
        license(expires_on=date(2027, 8, 31)),
        [credit(1, date(2026, 1, 1), "2", topics=("medical-ethics",))],
        date(2026, 6, 1),
    )
    assert met.results[0].explanation == "Met: 2.00 of 2.00 credits of medical ethics."
    assert Decimal(met.results[0].earned) == d("2")
