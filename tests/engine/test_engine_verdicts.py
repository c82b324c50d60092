"""The whole-license verdict: due days, ended cycles, answered conditions, attestations.

Each case cites the sentence of docs/api.md or of the board's rule it follows.
"""

from datetime import date, timedelta

import pytest

from reporting.engine import (
    Attestation,
    AttestationKind,
    LicenseStatus,
    Status,
    Window,
    evaluate,
)
from reporting.engine import conditions as expr

from .builders import credit, license, reference_rule_sets, rules, topic, total

END = date(2026, 1, 31)  # the builders' license expires then, on a two-year cycle


# --- condition expressions ---------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "true", "unanswered", "expected"),
    [
        ("a", {"a"}, set(), True),
        ("a", set(), set(), False),
        ("a", set(), {"a"}, None),
        ("a and b", {"a"}, set(), False),
        ("a and b", {"a"}, {"b"}, None),
        ("a and b", set(), {"b"}, False),  # a is answered No: b cannot make it apply
        ("a or b", set(), {"b"}, None),
        ("a or b", {"b"}, {"a"}, True),
        ("a or b and c", {"b", "c"}, set(), True),
        ("a or b and c", {"b"}, set(), False),
    ],
)
def test_condition_expressions_are_three_valued(text, true, unanswered, expected) -> None:
    assert expr.holds(text, frozenset(true), frozenset(unanswered)) is expected


def test_a_malformed_condition_is_refused() -> None:
    for text in ("", "a or", "a and and b", "a; drop"):
        with pytest.raises(ValueError, match="Cannot read the condition"):
            expr.parse(text)


# --- the due day -------------------------------------------------------------------------------
def test_a_one_time_course_due_on_the_renewal_date_is_short_on_that_date() -> None:
    # docs/api.md: "a requirement whose due_on is D (the renewal date, say) and that is unmet as
    # of D is short, and the license is not compliant".
    rule_set = rules(total("10"), topic("human-trafficking", "1", window=Window.ONE_TIME))
    facts = license(issued_on=date(2024, 2, 1))
    credits = [credit(1, date(2025, 1, 1), "10")]
    report = evaluate(rule_set, facts, credits, END)
    trafficking = report.results[1]
    assert (trafficking.status, trafficking.due_on) == (Status.SHORT, END)
    assert not report.compliant
    assert report.status is LicenseStatus.OVERDUE
    day_before = evaluate(rule_set, facts, credits, END - timedelta(days=1))
    assert day_before.results[1].status is Status.NOT_YET_DUE
    assert day_before.compliant


def test_an_ended_cycle_is_judged_as_ended_months_later() -> None:
    # docs/api.md: "A past cycle is judged as ended: on its transcript, whatever was unmet at its
    # end is short."
    rule_set = rules(total("40"), topic("medical-ethics", "2"))
    report = evaluate(rule_set, license(), [credit(1, date(2025, 3, 1), "40")], date(2026, 9, 1))
    assert report.ended
    assert report.results[1].status is Status.SHORT
    assert report.summary.startswith(
        "Not met when the cycle ended on 31 Jan 2026: 2.00 medical ethics credits missing."
    )
    assert "not yet due" not in report.summary.lower()


# --- the six statuses --------------------------------------------------------------------------
def test_complete_on_track_and_behind_follow_the_pace() -> None:
    rule_set = rules(total("48"))
    half_way = date(2025, 1, 31)
    on_pace = evaluate(rule_set, license(), [credit(1, date(2024, 6, 1), "30")], half_way)
    behind = evaluate(rule_set, license(), [credit(1, date(2024, 6, 1), "10")], half_way)
    done = evaluate(rule_set, license(), [credit(1, date(2024, 6, 1), "48")], half_way)
    assert (on_pace.status, behind.status, done.status) == (
        LicenseStatus.ON_TRACK,
        LicenseStatus.BEHIND,
        LicenseStatus.COMPLETE,
    )
    assert all(report.compliant for report in (on_pace, behind, done))


def test_an_unanswered_condition_is_judged_as_if_it_applied_and_asks() -> None:
    # A rule whose condition is unanswered is never "not required": the license needs answers.
    rule_set = rules(total("10"), topic("human-trafficking", "1", condition="direct_patient_care"))
    credits = [credit(1, date(2025, 1, 1), "10")]
    facts = license(unanswered=frozenset({"direct_patient_care"}))
    report = evaluate(rule_set, facts, credits, date(2025, 6, 1))
    trafficking = report.results[1]
    assert trafficking.status is Status.NOT_YET_DUE
    assert trafficking.needs_answers == ("direct_patient_care",)
    assert trafficking.explanation.startswith("May apply:")
    assert report.status is LicenseStatus.NEEDS_ANSWERS
    assert report.unanswered == ("direct_patient_care",)
    # Past its due date the unanswered requirement is short, like any other.
    late = evaluate(rule_set, facts, credits, END)
    assert late.results[1].status is Status.SHORT
    assert not late.compliant
    # Answered No: not required, and the line names what was removed.
    answered = evaluate(rule_set, license(), credits, date(2025, 6, 1))
    assert answered.results[1].status is Status.NOT_APPLICABLE
    assert answered.results[1].explanation.startswith("Human trafficking, 1 h — not required")
    assert answered.status is LicenseStatus.COMPLETE


def test_both_registrations_are_needed_for_an_and_condition() -> None:
    # New Mexico's pain-management hours: holders of both a DEA and a state CS registration.
    rule_set = rules(
        topic("pain-management", "5", condition="dea_registrant and state_cs_registrant")
    )
    only_dea = evaluate(rule_set, license(conditions=("dea_registrant",)), [], date(2025, 6, 1))
    both = evaluate(
        rule_set,
        license(conditions=("dea_registrant", "state_cs_registrant")),
        [],
        date(2025, 6, 1),
    )
    assert only_dea.results[0].status is Status.NOT_APPLICABLE
    assert both.results[0].status is Status.NOT_YET_DUE


def test_a_rule_the_engine_cannot_express_makes_the_license_cannot_judge() -> None:
    rule_set = rules(
        total("10"),
        topic("medical-ethics", "2", cannot_judge="The hours must be in your own specialty."),
    )
    credits = [credit(1, date(2025, 1, 1), "10", topics=("medical-ethics",))]
    report = evaluate(rule_set, license(), credits, date(2025, 6, 1))
    assert report.results[1].status is Status.MET  # what can be judged is still shown
    assert report.results[1].cannot_judge == "The hours must be in your own specialty."
    assert report.status is LicenseStatus.CANNOT_JUDGE
    board_wide = evaluate(
        rules(total("10"), cannot_judge=("Any 50 credits over 18 months also satisfy it.",)),
        license(),
        credits,
        date(2025, 6, 1),
    )
    assert board_wide.status is LicenseStatus.CANNOT_JUDGE
    assert not board_wide.summary.startswith("Complete")
    assert board_wide.cannot_judge == ("Any 50 credits over 18 months also satisfy it.",)


def test_overdue_outranks_every_other_status() -> None:
    rule_set = rules(total("10"), topic("x", "1", condition="direct_patient_care"))
    facts = license(unanswered=frozenset({"direct_patient_care"}))
    report = evaluate(rule_set, facts, [], END)
    assert report.status is LicenseStatus.OVERDUE


# --- attestations ------------------------------------------------------------------------------
def test_the_mate_act_training_done_before_can_be_attested() -> None:
    # MATE Act: "training completed BEFORE the law (including past DATA-waiver training)
    # counts" — the physician attests it instead of logging eight old hours.
    dea = reference_rule_sets()["US-DEA"]
    facts = license(
        expires_on=date(2027, 1, 31),
        issued_on=date(2015, 1, 1),
        conditions=("dea_registrant",),
        board="US-DEA",
        attestations=(
            Attestation(
                "us-dea.substance-use-disorders", AttestationKind.COMPLETED, date(2019, 5, 1)
            ),
        ),
    )
    report = evaluate(dea, facts, [], date(2026, 6, 1))
    mate = report.results[0]
    assert (mate.status, mate.attested, mate.counted) == (Status.MET, True, ())
    assert mate.explanation.endswith("met: you attested that you completed it on 1 May 2019.")
    assert report.status is LicenseStatus.COMPLETE


def test_an_exemption_attested_is_not_required_and_a_completion_outside_the_window_is_not_met():
    rule_set = rules(topic("medical-ethics", "2"))
    exempt = license(
        attestations=(
            Attestation("xx-md.medical-ethics", AttestationKind.EXEMPT, reason="retired"),
        )
    )
    result = evaluate(rule_set, exempt, [], END).results[0]
    assert (result.status, result.attested) == (Status.NOT_APPLICABLE, True)
    assert "you attested an exemption (retired)" in result.explanation
    too_old = license(
        attestations=(
            Attestation("xx-md.medical-ethics", AttestationKind.COMPLETED, date(2019, 1, 1)),
        )
    )
    old = evaluate(rule_set, too_old, [], END).results[0]
    assert (old.status, old.attested) == (Status.SHORT, False)
    assert "falls outside this requirement's window" in old.explanation


# --- topics and Category 1 per board -----------------------------------------------------------
def test_a_requirement_reports_the_boards_own_topic_first() -> None:
    ma = reference_rule_sets()["MA-MD"]
    risk = next(r for r in ma.requirements if r.id == "ma-md.risk-management")
    report = evaluate(ma, license(board="MA-MD"), [], date(2025, 6, 1))
    result = next(r for r in report.results if r.requirement_id == risk.id)
    assert result.topic == "risk-management"
    assert result.topics[0] == "risk-management"
    assert set(result.topics) == set(risk.topics)


def test_what_counts_as_category_1_comes_from_the_boards_data() -> None:
    # CA-DO: "At least 20 hours AOA 1-A/1-B": 1-B hours count as Category 1 and are not
    # swallowed by the cap on other credit.
    ca_do = {r.id: r for r in reference_rule_sets()["CA-DO"].requirements}
    assert {"aoa-1a", "aoa-1b"} <= ca_do["ca-do.category-1"].credit_types
    assert "aoa-1b" not in ca_do["ca-do.category-2-cap"].credit_types


def test_florida_do_exempts_only_licenses_issued_in_the_bienniums_last_nine_months() -> None:
    # 64B15-13.001(1)(b): no general CME if the initial license is issued after 1 July of the
    # second year of the biennium; the laws-and-rules, medical-errors and HIV/AIDS courses are
    # still owed. A license issued earlier in the biennium owes the full 40.
    fl_do = reference_rule_sets()["FL-DO"]
    renewal = date(2026, 3, 31)
    late = evaluate(fl_do, license(renewal, date(2025, 8, 1), board="FL-DO"), [], renewal)
    early = evaluate(fl_do, license(renewal, date(2024, 6, 1), board="FL-DO"), [], renewal)
    late_total = next(r for r in late.results if r.requirement_id == "fl-do.total")
    early_total = next(r for r in early.results if r.requirement_id == "fl-do.total")
    assert late_total.status is Status.NOT_APPLICABLE
    assert early_total.status is Status.SHORT
    hiv = next(r for r in late.results if r.requirement_id == "fl-do.hiv-aids")
    assert hiv.status is Status.SHORT


def test_every_condition_of_the_rule_book_reads_as_words_never_as_a_code() -> None:
    from reporting.engine.explain import CONDITION_WORDS
    from reporting.rule_book import read_rule_book

    codes = {entry["code"] for entry in read_rule_book()["condition_codes"]}
    assert codes - {"all"} <= set(CONDITION_WORDS), codes - set(CONDITION_WORDS)
