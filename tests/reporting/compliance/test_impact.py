import datetime
from dataclasses import replace
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.compliance.evaluation import licenses_reevaluate, licenses_reevaluate_task
from reporting.compliance.impact import new_version_impact, rule_change_impact, rule_set_candidate
from reporting.models import License, Requirement, RuleSet
from reporting.rules import adapters
from tests.accounts.factories import UserFactory
from tests.factories import (
    BoardFactory,
    LicenseFactory,
    RequirementFactory,
    RuleSetFactory,
    log_activity,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 1)
NEXT_YEAR = datetime.date(2027, 1, 1)


@pytest.fixture
def texas():
    """TX-MD needs 40 credits a two-year cycle; TX-DO shares TX-MD's rules."""
    board = BoardFactory(code="TX-MD", state="TX", name="Texas Medical Board")
    BoardFactory(code="TX-DO", state="TX", degree="DO", shares_rules_with=board)
    rule_set = RuleSetFactory(board=board)
    RequirementFactory(rule_set=rule_set, code="tx-md.total", credits=Decimal("40"))
    return rule_set


def spec_of(rule_set: RuleSet):
    rule_set = (
        RuleSet.objects.select_related("board")
        .prefetch_related("requirements", "board__sharing_boards")
        .get(pk=rule_set.pk)
    )
    return adapters.rule_set_spec(rule_set)


def with_total(rule_set: RuleSet, credits: str, effective_from: datetime.date = NEXT_YEAR):
    spec = spec_of(rule_set)
    total = replace(spec.requirements[0], credits=Decimal(credits))
    return replace(spec, effective_from=effective_from, requirements=(total,))


def physician_with(credits: str, **license_fields) -> License:
    license = LicenseFactory(expires_on=datetime.date(2027, 6, 30), **license_fields)
    log_activity(license.owner, credits=credits, completed_on=datetime.date(2025, 9, 1))
    return license


# --- The impact of a rule change --------------------------------------------------------------
def test_a_license_that_meets_the_total_turns_non_compliant_when_the_total_goes_up(texas):
    license = physician_with("45", board=texas.board)

    impact = rule_change_impact(
        candidate=with_total(texas, "50"), board=texas.board, effective_from=NEXT_YEAR, as_of=TODAY
    )

    assert impact.considered == 1
    assert impact.compliant_to_non_compliant == 1
    assert impact.non_compliant_to_compliant == 0
    assert impact.unchanged == 0
    (change,) = impact.changes
    assert (change.before, change.after, change.licenses) == (
        "nothing short",
        "5.00 credits in total missing",
        1,
    )
    # Counts and words only: the preview names no license and no physician.
    assert license.number not in repr(impact)
    assert "license_id" not in repr(impact)


def test_a_short_license_turns_compliant_when_the_total_goes_down(texas):
    license = physician_with("30", board=texas.board)
    physician_with("45", board=texas.board)

    impact = rule_change_impact(
        candidate=with_total(texas, "25"), board=texas.board, effective_from=NEXT_YEAR, as_of=TODAY
    )

    assert (impact.considered, impact.non_compliant_to_compliant, impact.unchanged) == (2, 1, 1)
    (change,) = impact.changes
    assert (change.compliant_before, change.compliant_after, change.licenses) == (False, True, 1)
    assert license.number not in repr(impact)


def test_licenses_of_a_board_that_shares_the_rules_are_judged_too(texas):
    osteopath = physician_with("45", board=BoardFactory(code="TX-DO"))

    impact = rule_change_impact(
        candidate=with_total(texas, "50"), board=texas.board, effective_from=NEXT_YEAR, as_of=TODAY
    )

    assert (impact.considered, impact.compliant_to_non_compliant) == (1, 1)
    assert osteopath.board.code == "TX-DO"


def test_cycles_that_end_before_the_new_rules_start_are_left_out(texas):
    physician_with("45", board=texas.board)
    LicenseFactory(board=texas.board, expires_on=datetime.date(2026, 12, 31))
    LicenseFactory(board=BoardFactory(code="CA-MD", state="CA"), expires_on=NEXT_YEAR)

    impact = rule_change_impact(
        candidate=with_total(texas, "50"), board=texas.board, effective_from=NEXT_YEAR, as_of=TODAY
    )

    assert impact.considered == 1


def test_credits_logged_after_the_preview_date_do_not_count(texas):
    license = LicenseFactory(board=texas.board, expires_on=datetime.date(2027, 6, 30))
    log_activity(license.owner, credits="45", completed_on=datetime.date(2026, 2, 1))

    before_logging = rule_change_impact(
        candidate=with_total(texas, "50"),
        board=texas.board,
        effective_from=NEXT_YEAR,
        as_of=datetime.date(2026, 1, 1),
    )

    assert before_logging.compliant_to_non_compliant == 0  # short under both rules
    assert before_logging.unchanged == 1


def test_an_unchanged_copy_changes_no_verdict_but_says_how_many_licenses_it_judges(texas):
    physician_with("45", board=texas.board)
    physician_with("10", board=texas.board)

    impact = new_version_impact(rule_set=texas, effective_from=NEXT_YEAR, as_of=TODAY)

    assert (impact.considered, impact.changed, impact.unchanged) == (2, 0, 2)


def test_the_candidate_holds_edited_requirements_that_are_not_saved(texas):
    edited = Requirement.objects.get(rule_set=texas)
    edited.credits = Decimal("60")
    added = Requirement(rule_set=texas, code="tx-md.ethics", kind="topic", position=-1)
    added.topics = ["medical-ethics"]

    candidate = rule_set_candidate(rule_set=texas, requirements=[edited, added])

    assert [r.id for r in candidate.requirements] == ["tx-md.ethics", "tx-md.total"]
    assert candidate.requirements[1].credits == Decimal("60")
    assert candidate.boards == ("TX-MD", "TX-DO")
    assert Requirement.objects.get(rule_set=texas).credits == Decimal("40")


def _impact_queries(texas, candidate) -> int:
    with CaptureQueriesContext(connection) as queries:
        rule_change_impact(
            candidate=candidate, board=texas.board, effective_from=NEXT_YEAR, as_of=TODAY
        )
    return len(queries)


def test_the_impact_takes_the_same_few_queries_for_one_license_or_many(
    texas, django_assert_max_num_queries
):
    physician_with("45", board=texas.board)
    candidate = with_total(texas, "50")
    one = _impact_queries(texas, candidate)
    for credits in range(20):
        license = physician_with(str(credits + 30), board=BoardFactory(code="TX-DO"))
        log_activity(license.owner, credits="2", completed_on=datetime.date(2025, 10, 1))

    with django_assert_max_num_queries(one):
        impact = rule_change_impact(
            candidate=candidate, board=texas.board, effective_from=NEXT_YEAR, as_of=TODAY
        )

    assert impact.considered == 21
    # licenses, activities + topics, rule sets + requirements + sharing boards, and the
    # physicians' answers: profile facts, DEA registrations, attestations
    assert one <= 9


# --- Bulk re-evaluation ---------------------------------------------------------------------
def test_reevaluation_stores_a_verdict_on_every_license(texas):
    # Cycles that ended on 2025-12-31 are due: 45 of 40 credits is met, 30 is short.
    met = LicenseFactory(board=texas.board, expires_on=datetime.date(2025, 12, 31))
    log_activity(met.owner, credits="45", completed_on=datetime.date(2025, 6, 1))
    short = LicenseFactory(board=BoardFactory(code="TX-DO"), expires_on=datetime.date(2025, 12, 31))
    log_activity(short.owner, credits="30", completed_on=datetime.date(2025, 6, 1))
    on_track = LicenseFactory(board=texas.board, expires_on=datetime.date(2026, 12, 31))
    no_rules = LicenseFactory(board=BoardFactory(code="ZZ-MD"), expires_on=NEXT_YEAR)

    judged = licenses_reevaluate(as_of=TODAY)

    assert judged == 4
    verdicts = dict(License.objects.values_list("pk", "is_compliant"))
    assert verdicts == {met.pk: True, short.pk: False, on_track.pk: True, no_rules.pk: None}
    assert not License.objects.filter(compliance_checked_at__isnull=True).exists()


def test_reevaluation_writes_no_history_and_does_not_touch_updated_at(texas):
    license = LicenseFactory(board=texas.board)
    updated_at = License.objects.get(pk=license.pk).updated_at

    licenses_reevaluate(as_of=TODAY)

    assert license.history.count() == 1
    assert License.objects.get(pk=license.pk).updated_at == updated_at


def test_reevaluating_one_board_judges_the_licenses_of_its_rules_only(texas):
    doctor = LicenseFactory(board=texas.board)
    osteopath = LicenseFactory(board=BoardFactory(code="TX-DO"))
    californian = LicenseFactory(board=BoardFactory(code="CA-MD", state="CA"))

    judged = licenses_reevaluate(board_ids=[texas.board_id], as_of=TODAY)

    assert judged == 2
    checked = set(
        License.objects.filter(compliance_checked_at__isnull=False).values_list("pk", flat=True)
    )
    assert checked == {doctor.pk, osteopath.pk}
    assert californian.pk not in checked


def _reevaluation_queries(chunk_size: int = 2000) -> int:
    with CaptureQueriesContext(connection) as queries:
        licenses_reevaluate(as_of=TODAY, chunk_size=chunk_size)
    return len(queries)


def test_reevaluation_takes_the_same_queries_for_few_licenses_or_many(
    texas, django_assert_max_num_queries
):
    physician_with("45", board=texas.board)
    few = _reevaluation_queries()
    for credits in range(30):
        physician_with(str(credits + 20), board=texas.board)

    with django_assert_max_num_queries(few):
        assert licenses_reevaluate(as_of=TODAY) == 31

    assert License.objects.filter(is_compliant__isnull=True).count() == 0


def test_reevaluation_in_chunks_judges_every_license_once(texas):
    for credits in range(7):
        physician_with(str(credits + 35), board=texas.board)

    assert licenses_reevaluate(as_of=TODAY, chunk_size=3) == 7
    assert License.objects.filter(is_compliant__isnull=True).count() == 0


def test_the_task_reevaluates_the_licenses_of_one_board(texas):
    license = LicenseFactory(board=texas.board)
    other = LicenseFactory(board=BoardFactory(code="CA-MD", state="CA"))

    # Called in-process: this tests the task's body, not a broker.
    assert licenses_reevaluate_task(board_id=texas.board_id) == 1

    license.refresh_from_db()
    other.refresh_from_db()
    assert license.compliance_checked_at is not None
    assert other.compliance_checked_at is None


def test_the_command_says_how_many_licenses_were_evaluated_and_how_many_fall_short(texas):
    short = LicenseFactory(board=texas.board, expires_on=datetime.date(2025, 12, 31))
    log_activity(short.owner, credits="10", completed_on=datetime.date(2025, 6, 1))
    LicenseFactory(board=texas.board, expires_on=datetime.date(2026, 12, 31))
    LicenseFactory(board=BoardFactory(code="CA-MD", state="CA"))
    out = StringIO()

    call_command("reevaluate_licenses", "--as-of", "2026-03-01", stdout=out)

    assert out.getvalue().strip() == (
        "Evaluated 3 licenses as of 2026-03-01: 1 non-compliant, 1 without rules in force."
    )


def test_the_command_can_evaluate_one_board(texas):
    LicenseFactory(board=texas.board)
    LicenseFactory(board=BoardFactory(code="CA-MD", state="CA"))
    out = StringIO()

    call_command("reevaluate_licenses", "--board", "tx-md", "--as-of", "2026-03-01", stdout=out)

    assert out.getvalue().startswith("Evaluated 1 licenses as of 2026-03-01: 0 non-compliant")


def test_the_command_refuses_an_unknown_board(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No board with the code 'XX-MD'"):
        call_command("reevaluate_licenses", "--board", "XX-MD")


def test_a_physician_without_activities_is_judged_too(texas):
    license = LicenseFactory(
        board=texas.board, owner=UserFactory(), expires_on=datetime.date(2025, 12, 31)
    )

    licenses_reevaluate(as_of=TODAY)

    license.refresh_from_db()
    assert license.is_compliant is False
