"""The roster selector: which licenses an office sees, in which words, filtered and sorted."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from organizations.models import Consent
from organizations.roster import roster_rows, roster_states
from tests import factories
from tests.accounts.factories import UserFactory
from tests.organizations.conftest import TODAY

pytestmark = pytest.mark.django_db


def _labels(rows) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.license_label for row in rows]


def _complete_license(owner, log_activity):  # type: ignore[no-untyped-def]
    """A license of a board asking 40 credits in total, with 40 credits logged this cycle."""
    requirement = factories.RequirementFactory(
        rule_set__board__code="ZZ-MD", rule_set__board__state="WY"
    )
    license = factories.LicenseFactory(
        owner=owner,
        board=requirement.rule_set.board,
        number="W123",
        expires_on=datetime.date(2027, 12, 31),
    )
    log_activity(owner, completed_on=datetime.date(2026, 3, 1), credits="40.00")
    return license


def test_only_the_licenses_named_in_a_live_consent_are_on_the_roster(
    alice, bob, alice_licenses, memorial
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"], alice_licenses["CA"])
    factories.texas_license(bob, number="B1")  # no consent from bob

    rows = roster_rows(memorial, as_of=TODAY)

    assert sorted(_labels(rows)) == ["California license A99999", "Texas license Q12345"]
    assert {row.physician_email for row in rows} == {"alice@example.com"}


def test_a_consent_to_all_licenses_shows_every_license(alice, alice_licenses, memorial) -> None:
    factories.consent_grant(alice, memorial)

    assert len(roster_rows(memorial, as_of=TODAY)) == 3


def test_another_organizations_consent_shows_nothing(alice, alice_licenses, memorial) -> None:
    factories.consent_grant(alice, factories.OrganizationFactory())

    assert roster_rows(memorial, as_of=TODAY) == []


def test_a_revoked_consent_shows_nothing(alice, alice_licenses, memorial) -> None:
    factories.consent_grant(alice, memorial, revoked_at=timezone.now())

    assert roster_rows(memorial, as_of=TODAY) == []


def test_a_consent_counts_through_its_last_day_and_not_after(
    alice, alice_licenses, memorial
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"], expires_on=TODAY)

    assert _labels(roster_rows(memorial, as_of=TODAY)) == ["Texas license Q12345"]
    assert roster_rows(memorial, as_of=TODAY + datetime.timedelta(days=1)) == []


def test_a_listed_license_of_someone_else_never_shows(alice, bob, alice_licenses, memorial) -> None:
    # The services refuse this; the roster must not trust that a row was written by them.
    bobs = factories.texas_license(bob, number="B1")
    factories.consent_grant(alice, memorial, bobs)

    assert roster_rows(memorial, as_of=TODAY) == []


def test_a_row_says_status_shortfall_deadline_and_scope_in_words(
    alice, alice_licenses, memorial
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"], scope=Consent.Scope.TRANSCRIPTS)

    [row] = roster_rows(memorial, as_of=TODAY)

    assert row.physician_name == "Alice Ng"
    assert row.physician_id == alice.pk
    assert row.license_id == alice_licenses["TX"].pk
    assert row.state == "TX"
    assert row.status == "behind"
    assert row.status_label == "Behind the pace"
    assert "2 h medical ethics or professional responsibility" in row.shortfall
    assert "48 credits in total" in row.shortfall
    assert row.next_deadline == datetime.date(2026, 8, 31)
    assert row.scope == "transcripts"


def test_a_complete_license_has_no_shortfall(alice, memorial, log_activity) -> None:
    license = _complete_license(alice, log_activity)
    factories.consent_grant(alice, memorial, license)

    [row] = roster_rows(memorial, as_of=TODAY)

    assert (row.status, row.status_label, row.shortfall) == ("complete", "Complete", "")
    assert row.license_label == "Wyoming license W123"


def test_unanswered_questions_read_as_the_physicians_answers(alice, load_rules, memorial) -> None:
    load_rules("TX")
    license = factories.texas_license(alice, condition_answers={})
    factories.consent_grant(alice, memorial, license)

    [row] = roster_rows(memorial, as_of=TODAY)

    assert (row.status, row.status_label) == ("needs_answers", "Needs the physician's answers")


def test_filters_by_state_status_and_due_within_days(
    alice, alice_licenses, memorial, log_activity
) -> None:
    wyoming = _complete_license(alice, log_activity)
    factories.consent_grant(alice, memorial, alice_licenses["TX"], wyoming)

    assert _labels(roster_rows(memorial, as_of=TODAY, state="tx")) == ["Texas license Q12345"]
    assert _labels(roster_rows(memorial, as_of=TODAY, status="complete")) == [
        "Wyoming license W123"
    ]
    # Texas renews on 31 Aug 2026 (91 days on); Wyoming's cycle ends on 31 Dec 2027.
    assert roster_rows(memorial, as_of=TODAY, due_within_days=90) == []
    assert _labels(roster_rows(memorial, as_of=TODAY, due_within_days=91)) == [
        "Texas license Q12345"
    ]
    assert roster_states(memorial, as_of=TODAY) == ["TX", "WY"]


def test_due_within_days_keeps_what_is_already_overdue(alice, alice_licenses, memorial) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["CA"])

    [row] = roster_rows(memorial, as_of=TODAY, due_within_days=1)

    assert row.status == "overdue"
    assert row.next_deadline is not None
    assert row.next_deadline < TODAY


def test_sorts_by_deadline_name_state_and_urgency(
    alice, alice_licenses, memorial, log_activity
) -> None:
    wyoming = _complete_license(alice, log_activity)
    zoe = UserFactory(email="zoe@example.com", profile__full_name="Aaron Zoe")
    zoes = factories.texas_license(zoe, number="Z1", expires_on=datetime.date(2026, 7, 31))
    factories.consent_grant(alice, memorial, alice_licenses["TX"], wyoming)
    factories.consent_grant(zoe, memorial)

    by_deadline = roster_rows(memorial, as_of=TODAY)
    by_name = roster_rows(memorial, as_of=TODAY, sort="name")
    by_state = roster_rows(memorial, as_of=TODAY, sort="state")
    by_status = roster_rows(memorial, as_of=TODAY, sort="status")

    assert _labels(by_deadline) == [
        "Texas license Z1",
        "Texas license Q12345",
        "Wyoming license W123",
    ]
    assert [row.physician_name for row in by_name] == ["Aaron Zoe", "Alice Ng", "Alice Ng"]
    assert [row.state for row in by_state] == ["TX", "TX", "WY"]
    assert by_status[-1].license_label == "Wyoming license W123"
    assert zoes.pk in {row.license_id for row in by_status}


def test_the_whole_roster_is_judged_in_one_batch(alice, alice_licenses, memorial) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"])
    roster_rows(memorial, as_of=TODAY)  # the rules, kept in the process for the next visits
    with CaptureQueriesContext(connection) as one:
        assert len(roster_rows(memorial, as_of=TODAY)) == 1
    for n in range(4):
        physician = UserFactory()
        factories.texas_license(physician, number=f"N{n}")
        factories.consent_grant(physician, memorial)
    with CaptureQueriesContext(connection) as five:
        assert len(roster_rows(memorial, as_of=TODAY)) == 5

    assert len(five.captured_queries) == len(one.captured_queries)
