import datetime
import json
from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from reporting.compliance.evaluation import licenses_reevaluate_task
from reporting.models import Board, Requirement, RuleSet
from tests.accounts.factories import UserFactory
from tests.factories import (
    BoardFactory,
    LicenseFactory,
    RequirementFactory,
    RuleSetFactory,
    log_activity,
)
from tests.security.mfa import enable_totp

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def staff(db):
    user = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    enable_totp(user)  # staff without two-factor are kept out of the admin
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def texas():
    """TX-MD needs 40 credits a two-year cycle; TX-DO shares TX-MD's rules."""
    board = BoardFactory(code="TX-MD", state="TX", name="Texas Medical Board")
    BoardFactory(code="TX-DO", state="TX", degree="DO", name="Texas DO", shares_rules_with=board)
    rule_set = RuleSetFactory(board=board, notes="Ethics counts toward the total.")
    RequirementFactory(rule_set=rule_set, code="tx-md.total", credits=Decimal("40"))
    return rule_set


@pytest.fixture
def california():
    board = BoardFactory(code="CA-MD", state="CA", name="Medical Board of California")
    return RuleSetFactory(board=board, verified_on=None, cycle_years=2)


def url(name: str, *args) -> str:
    return reverse(f"admin:reporting_{name}", args=args)


def as_post(values: dict) -> dict:
    """A model's values as a browser would post them in the admin form."""
    data = {}
    for name, value in values.items():
        if value is None:
            data[name] = ""
        elif value is True:
            data[name] = "on"
        elif value is False:
            continue
        elif isinstance(value, list):
            data[name] = value
        else:
            data[name] = str(value)
    return data


RULE_SET_FIELDS = [
    "board",
    "effective_from",
    "effective_to",
    "cycle_years",
    "cycle_anchor",
    "cme_required",
    "moc_substitute",
    "carryover_cap",
    "carryover_credit_types",
    "initial_treatment",
    "proration_rounding",
    "proration_step",
    "confidence",
    "verified_on",
    "notes",
]
INLINE_FIELDS = [
    "id",
    "rule_set",
    "position",
    "code",
    "kind",
    "label",
    "credits",
    "cap",
    "credit_types",
    "topics",
    "window",
    "window_n",
    "condition",
    "confidence",
    "counts_toward_total",
    "exclusive_group",
    "from_renewal",
    "until_renewal",
]


def change_form(rule_set: RuleSet, **changes) -> dict:
    """What the rule set's change page posts, requirements inline included."""
    data = as_post(model_to_dict(rule_set, fields=RULE_SET_FIELDS))
    data["sources"] = json.dumps(rule_set.sources)
    requirements = list(rule_set.requirements.order_by("position")) if rule_set.pk else []
    data.update(
        {
            "requirements-TOTAL_FORMS": str(len(requirements)),
            "requirements-INITIAL_FORMS": str(len(requirements)),
            "requirements-MIN_NUM_FORMS": "0",
            "requirements-MAX_NUM_FORMS": "1000",
        }
    )
    for i, requirement in enumerate(requirements):
        row = as_post(model_to_dict(requirement, fields=INLINE_FIELDS))
        data.update({f"requirements-{i}-{name}": value for name, value in row.items()})
    data.update(changes)
    return data


# --- Who may see the rule tables ------------------------------------------------------------
def test_a_physician_is_kept_out_of_the_admin_and_its_rule_tables(alice_client, texas):
    response = alice_client.get(url("ruleset_changelist"))

    assert response.status_code == 302
    followed = alice_client.get(response["Location"])
    assert followed.status_code == 403
    assert b"TX-MD" not in response.content + followed.content


def test_a_visitor_is_sent_to_log_in(client, texas):
    response = client.get(url("board_changelist"))

    assert response.status_code == 302
    assert "login" in response["Location"]


# --- Boards --------------------------------------------------------------------------------
def test_staff_can_search_boards_by_name(staff_client, texas, california):
    response = staff_client.get(url("board_changelist"), {"q": "Texas Medical"})

    assert response.status_code == 200
    assert [board.code for board in response.context["cl"].result_list] == ["TX-MD"]


def test_staff_can_filter_boards_by_state_and_degree(staff_client, texas, california):
    by_state = staff_client.get(url("board_changelist"), {"state": "TX"})
    by_degree = staff_client.get(url("board_changelist"), {"degree": "DO"})

    assert {b.code for b in by_state.context["cl"].result_list} == {"TX-MD", "TX-DO"}
    assert [b.code for b in by_degree.context["cl"].result_list] == ["TX-DO"]


def test_the_board_list_shows_the_rules_in_force_today_even_for_a_combined_board(
    staff_client, texas
):
    RuleSet.objects.filter(pk=texas.pk).update(effective_to=datetime.date(2025, 12, 31))
    current = RuleSetFactory(board=texas.board, effective_from=datetime.date(2026, 1, 1))

    response = staff_client.get(url("board_changelist"))

    rows = {b.code: b for b in response.context["cl"].result_list}
    assert rows["TX-MD"].current_rule_set_id == current.pk
    assert rows["TX-DO"].current_rule_set_id == current.pk
    assert "TX-MD&#x27;s, from 2026-01-01" in response.content.decode()


def test_a_board_page_lists_its_rule_set_versions_with_links(staff_client, texas):
    response = staff_client.get(url("board_change", texas.board_id))

    assert response.status_code == 200
    assert url("ruleset_change", texas.pk) in response.content.decode()


# --- Rule sets --------------------------------------------------------------------------------
def test_staff_can_filter_rule_sets_by_state_degree_and_confidence(staff_client, texas, california):
    ohio = RuleSetFactory(board=BoardFactory(code="OH-DO", state="OH", degree="DO"))
    RuleSet.objects.filter(pk=california.pk).update(confidence="low")

    def listed(**params) -> set[int]:
        response = staff_client.get(url("ruleset_changelist"), params)
        assert response.status_code == 200
        return {rule_set.pk for rule_set in response.context["cl"].result_list}

    assert listed(state="TX") == {texas.pk}
    assert listed(board__degree="DO") == {ohio.pk}
    assert listed(confidence="low") == {california.pk}
    assert listed(cme_required__exact="1") == {texas.pk, california.pk, ohio.pk}


def test_staff_can_find_rule_sets_verified_long_ago_or_never(staff_client, texas, california):
    # Today is 2026-03-01; texas was verified on 2025-01-15.
    recent = RuleSetFactory(
        board=BoardFactory(code="NY-MD", state="NY"), verified_on=datetime.date(2025, 6, 1)
    )
    stale = RuleSetFactory(
        board=BoardFactory(code="OH-MD", state="OH"), verified_on=datetime.date(2024, 2, 1)
    )

    def listed(verified: str) -> set[int]:
        response = staff_client.get(url("ruleset_changelist"), {"verified": verified})
        return {rule_set.pk for rule_set in response.context["cl"].result_list}

    assert listed("never") == {california.pk}
    assert listed("6m") == {recent.pk, texas.pk, stale.pk}
    assert listed("1y") == {texas.pk, stale.pk}
    assert listed("2y") == {stale.pk}


def test_staff_can_search_rule_sets_by_board_and_notes(staff_client, texas, california):
    by_notes = staff_client.get(url("ruleset_changelist"), {"q": "ethics"})
    by_board = staff_client.get(url("ruleset_changelist"), {"q": "california"})

    assert [rs.pk for rs in by_notes.context["cl"].result_list] == [texas.pk]
    assert [rs.pk for rs in by_board.context["cl"].result_list] == [california.pk]


def test_the_rule_set_page_offers_the_vocabularies_and_shows_sources_as_links(staff_client, texas):
    RuleSet.objects.filter(pk=texas.pk).update(
        sources=[
            {"url": "https://www.tmb.state.tx.us/page/cme", "type": "board"},
            {"url": "javascript:alert(1)", "type": "junk"},
        ]
    )

    page = staff_client.get(url("ruleset_change", texas.pk)).content.decode()

    assert 'value="ama-pra-1"' in page
    assert 'value="medical-ethics"' in page
    assert '<a href="https://www.tmb.state.tx.us/page/cme"' in page
    assert 'href="javascript:' not in page
    assert url("ruleset_new_version", texas.pk) in page
    assert url("ruleset_preview_impact", texas.pk) in page


def test_an_overlapping_rule_set_is_refused_with_the_reason_and_nothing_is_stored(
    staff_client, texas
):
    data = change_form(RuleSet(board=texas.board, effective_from=datetime.date(2024, 1, 1)))

    response = staff_client.post(url("ruleset_add"), data)

    assert response.status_code == 200
    assert "These dates overlap the rule set TX-MD 2020-01-01 to open" in response.content.decode()
    assert RuleSet.objects.count() == 1


def test_a_rule_set_for_a_combined_board_is_refused_with_where_to_add_it(staff_client, texas):
    data = change_form(
        RuleSet(board=Board.objects.get(code="TX-DO"), effective_from=datetime.date(2024, 1, 1))
    )

    response = staff_client.post(url("ruleset_add"), data)

    assert "TX-DO uses TX-MD&#x27;s rules; add the rule set there." in response.content.decode()
    assert RuleSet.objects.count() == 1


def test_an_impossible_number_of_credits_is_refused_and_not_saved(staff_client, texas):
    data = change_form(texas, **{"requirements-0-credits": "5000"})

    response = staff_client.post(url("ruleset_change", texas.pk), data)

    assert response.status_code == 200
    assert "No board asks for more than 1,000 credits" in response.content.decode()
    assert Requirement.objects.get(rule_set=texas).credits == Decimal("40")


def test_staff_can_edit_requirements_inline_with_credit_types_and_topics(staff_client, texas):
    data = change_form(
        texas,
        **{"requirements-0-credit_types": ["ama-pra-1", "aoa-1a"]},
        **{"requirements-0-topics": ["medical-ethics"]},
    )

    response = staff_client.post(url("ruleset_change", texas.pk), data)

    assert response.status_code == 302
    requirement = Requirement.objects.get(rule_set=texas)
    assert requirement.credit_types == ["ama-pra-1", "aoa-1a"]
    assert requirement.topics == ["medical-ethics"]


def test_history_records_who_changed_a_requirement(staff_client, staff, texas):
    requirement = Requirement.objects.get(rule_set=texas)
    data = as_post(model_to_dict(requirement))
    data["credits"] = "48"

    response = staff_client.post(url("requirement_change", requirement.pk), data)

    assert response.status_code == 302
    latest = requirement.history.latest()
    assert latest.history_user == staff
    assert latest.credits == Decimal("48")
    history_page = staff_client.get(url("requirement_history", requirement.pk)).content.decode()
    assert "staff@example.com" in history_page
    assert "40.00" in history_page
    assert "48.00" in history_page


def test_staff_can_search_requirements_by_code(staff_client, texas):
    RequirementFactory(rule_set=texas, code="tx-md.ethics", kind="topic", credits=Decimal("2"))

    response = staff_client.get(url("requirement_changelist"), {"q": "ethics"})

    assert [r.code for r in response.context["cl"].result_list] == ["tx-md.ethics"]


# --- New version ----------------------------------------------------------------------------
def test_the_new_version_action_asks_for_the_start_date(staff_client, texas):
    response = staff_client.post(
        url("ruleset_changelist"), {"action": "new_version", "_selected_action": [texas.pk]}
    )

    assert response.status_code == 302
    assert response["Location"] == url("ruleset_new_version", texas.pk)
    page = staff_client.get(response["Location"])
    assert page.status_code == 200
    assert "New version in force from" in page.content.decode()


def test_the_new_version_action_wants_exactly_one_rule_set(staff_client, texas, california):
    response = staff_client.post(
        url("ruleset_changelist"),
        {"action": "new_version", "_selected_action": [texas.pk, california.pk]},
        follow=True,
    )

    assert "Choose exactly one rule set to version." in response.content.decode()


def test_the_new_version_page_previews_how_many_licenses_the_copy_will_judge(staff_client, texas):
    LicenseFactory(board=texas.board, expires_on=datetime.date(2027, 6, 30))
    LicenseFactory(board=Board.objects.get(code="TX-DO"), expires_on=datetime.date(2027, 6, 30))
    LicenseFactory(board=texas.board, expires_on=datetime.date(2026, 6, 30))

    response = staff_client.post(
        url("ruleset_new_version", texas.pk), {"effective_from": "2027-01-01", "_preview": "1"}
    )

    assert response.context["impact"].considered == 2
    page = response.content.decode()
    assert 'id="impact-considered">2<' in page
    assert 'name="_confirm"' in page
    assert RuleSet.objects.count() == 1


def test_a_new_version_copies_the_requirements_and_ends_the_old_one_the_day_before(
    staff_client, texas, django_capture_on_commit_callbacks
):
    RequirementFactory(rule_set=texas, code="tx-md.ethics", kind="topic", credits=Decimal("2"))

    with django_capture_on_commit_callbacks() as callbacks:
        response = staff_client.post(
            url("ruleset_new_version", texas.pk),
            {"effective_from": "2027-01-01", "_confirm": "1"},
        )

    copy = RuleSet.objects.get(board=texas.board, effective_from=datetime.date(2027, 1, 1))
    assert response.status_code == 302
    assert response["Location"] == url("ruleset_change", copy.pk)
    texas.refresh_from_db()
    assert texas.effective_to == datetime.date(2026, 12, 31)
    assert copy.effective_to is None
    assert sorted(copy.requirements.values_list("code", flat=True)) == [
        "tx-md.ethics",
        "tx-md.total",
    ]
    assert sorted(texas.requirements.values_list("code", flat=True)) == [
        "tx-md.ethics",
        "tx-md.total",
    ]
    # Once committed, the licenses these rules judge are re-evaluated in the background.
    assert len(callbacks) == 1
    assert callbacks[0].func == licenses_reevaluate_task.delay
    assert callbacks[0].keywords == {"board_id": texas.board_id}


def test_a_new_version_must_start_after_the_current_one(staff_client, texas):
    response = staff_client.post(
        url("ruleset_new_version", texas.pk), {"effective_from": "2020-01-01", "_confirm": "1"}
    )

    assert response.status_code == 200
    assert (
        "The new version must start after this one does (2020-01-01); choose a later date."
        in response.content.decode()
    )
    assert RuleSet.objects.count() == 1
    texas.refresh_from_db()
    assert texas.effective_to is None


def test_a_new_version_of_an_ended_rule_set_must_start_before_it_ends(staff_client, texas):
    RuleSet.objects.filter(pk=texas.pk).update(effective_to=datetime.date(2025, 12, 31))
    later = RuleSetFactory(board=texas.board, effective_from=datetime.date(2026, 1, 1))

    response = staff_client.post(
        url("ruleset_new_version", texas.pk), {"effective_from": "2026-06-01", "_confirm": "1"}
    )

    assert "This version ends on 2025-12-31" in response.content.decode()
    assert set(RuleSet.objects.values_list("pk", flat=True)) == {texas.pk, later.pk}


# --- Preview impact of unsaved edits --------------------------------------------------------
def test_preview_impact_judges_the_edits_without_saving_them(staff_client, texas):
    license = LicenseFactory(board=texas.board, expires_on=datetime.date(2027, 6, 30))
    log_activity(license.owner, credits="45", completed_on=datetime.date(2025, 9, 1))
    requirement = Requirement.objects.get(rule_set=texas)
    history_before = requirement.history.count()

    response = staff_client.post(
        url("ruleset_preview_impact", texas.pk),
        change_form(texas, **{"requirements-0-credits": "50", "_preview_impact": "1"}),
    )

    assert response.status_code == 200
    impact = response.context["impact"]
    assert (impact.considered, impact.compliant_to_non_compliant) == (1, 1)
    page = response.content.decode()
    assert 'id="impact-to-non-compliant">1<' in page
    assert license.number not in page
    requirement.refresh_from_db()
    assert requirement.credits == Decimal("40")
    assert requirement.history.count() == history_before


def test_preview_impact_counts_a_new_requirement_and_ignores_a_deleted_one(staff_client, texas):
    # Replacing the 40-credit total by a 2-credit ethics mandate:
    short_on_total = LicenseFactory(board=texas.board, expires_on=datetime.date(2027, 6, 30))
    log_activity(short_on_total.owner, credits="28", completed_on=datetime.date(2025, 9, 1))
    log_activity(
        short_on_total.owner,
        credits="2",
        completed_on=datetime.date(2025, 9, 2),
        topics=("medical-ethics",),
    )
    no_ethics = LicenseFactory(board=texas.board, expires_on=datetime.date(2027, 6, 30))
    log_activity(no_ethics.owner, credits="45", completed_on=datetime.date(2025, 9, 1))
    data = change_form(texas, **{"requirements-0-DELETE": "on", "requirements-TOTAL_FORMS": "2"})
    data.update(
        {
            "requirements-1-rule_set": str(texas.pk),
            "requirements-1-position": "1",
            "requirements-1-code": "tx-md.ethics",
            "requirements-1-kind": "topic",
            "requirements-1-credits": "2",
            "requirements-1-topics": ["medical-ethics"],
            "requirements-1-window": "every_cycle",
            "requirements-1-condition": "all",
            "requirements-1-confidence": "high",
            "requirements-1-counts_toward_total": "on",
            "requirements-1-from_renewal": "1",
        }
    )

    response = staff_client.post(url("ruleset_preview_impact", texas.pk), data)

    assert response.context["impact_errors"] == []
    impact = response.context["impact"]
    assert (impact.non_compliant_to_compliant, impact.compliant_to_non_compliant) == (1, 1)
    assert {(c.before, c.after, c.licenses) for c in impact.changes} == {
        ("10.00 credits in total missing", "nothing short", 1),
        ("nothing short", "2.00 medical ethics credits missing", 1),
    }
    assert short_on_total.number not in response.content.decode()
    assert no_ethics.number not in response.content.decode()
    assert Requirement.objects.filter(rule_set=texas).count() == 1


def test_preview_impact_lists_what_to_fix_when_the_edits_are_invalid(staff_client, texas):
    response = staff_client.post(
        url("ruleset_preview_impact", texas.pk),
        change_form(texas, **{"requirements-0-credits": "5000"}),
    )

    assert response.context["impact"] is None
    assert (
        "requirement 1, credits: No board asks for more than 1,000 credits; check the number."
        in response.context["impact_errors"]
    )


def test_preview_impact_is_for_staff_only(alice_client, texas):
    response = alice_client.post(url("ruleset_preview_impact", texas.pk), change_form(texas))

    assert response.status_code == 302
    assert Requirement.objects.get(rule_set=texas).credits == Decimal("40")
