"""The roster's cached verdicts are never stale: each change a verdict rests on shows at once.

The roster reads each license's verdict from the cache under its physician's record version
(`reporting.compliance.selectors.record_versions`). Each test fills the cache, checks the next
visit really reads it (no credits read), changes one thing through the services the pages use,
and reads the roster again.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.deletion import account_delete
from accounts.models import RecordAccess
from organizations.models import Organization
from organizations.roster import roster_rows, verdict_key
from organizations.tokens import organization_token_create
from reporting.compliance.selectors import record_versions
from reporting.licenses.services import license_update
from reporting.models import License, Requirement
from tests import factories
from tests.accounts.factories import UserFactory
from tests.organizations.conftest import TODAY, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today_ticking(time_machine) -> None:  # type: ignore[no-untyped-def]
    """Today is TODAY (only today's verdicts are cached), and the clock ticks: a record's
    version notices an edit by its change time, which a frozen clock would never move."""
    time_machine.move_to(datetime.datetime(2026, 6, 1, 17, tzinfo=datetime.UTC), tick=True)


CREDITS_READ = "activities_activity_topics"  # only the credits query joins the topics


def _credits_reads(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if CREDITS_READ in q["sql"]]


def _visit(organization: Organization, as_of: datetime.date = TODAY) -> tuple[list, list[str]]:  # type: ignore[type-arg]
    """The roster's rows, and the credits reads it made (none when every verdict was cached)."""
    with CaptureQueriesContext(connection) as captured:
        rows = roster_rows(organization, as_of=as_of)
    return rows, _credits_reads(captured)


def _cached(organization: Organization, as_of: datetime.date = TODAY) -> list:  # type: ignore[type-arg]
    """Fill the cache, and prove the next visit is served from it."""
    first, _ = _visit(organization, as_of)
    again, reads = _visit(organization, as_of)
    assert reads == [], "the repeat visit judged again: nothing below would test the cache"
    assert again == first
    return again


def _zz_license(owner, *, credits: str = "40.00", **fields) -> License:  # type: ignore[no-untyped-def]
    """A license of a board asking 40 credits in total each two-year cycle, ending 31 Dec 2027,
    with `credits` logged this cycle."""
    board = factories.BoardFactory(code="ZZ-MD", state="WY")
    if not Requirement.objects.filter(rule_set__board=board).exists():
        factories.RequirementFactory(rule_set__board=board)
    fields.setdefault("expires_on", datetime.date(2027, 12, 31))
    license = factories.LicenseFactory(owner=owner, board=board, **fields)
    if Decimal(credits):
        factories.log_activity(owner, completed_on=datetime.date(2026, 3, 1), credits=credits)
    return license  # type: ignore[no-any-return]


def test_a_repeat_visit_reads_every_verdict_from_the_cache(alice, memorial) -> None:
    _zz_license(alice)
    factories.consent_grant(alice, memorial)

    rows, reads = _visit(memorial)
    assert len(reads) == 1
    assert [row.status for row in _cached(memorial)] == ["complete"] == [r.status for r in rows]


def test_a_logged_activity_shows_at_once(alice, memorial, log_activity) -> None:
    _zz_license(alice, credits="30.00")
    factories.consent_grant(alice, memorial)
    [row] = _cached(memorial)
    assert row.status != "complete"
    assert row.shortfall == "10 credits in total"

    log_activity(alice, completed_on=datetime.date(2026, 5, 1), credits="10.00")

    [row] = roster_rows(memorial, as_of=TODAY)
    assert (row.status, row.shortfall) == ("complete", "")


def test_an_edited_license_shows_at_once(alice, memorial) -> None:
    license = _zz_license(alice)
    factories.consent_grant(alice, memorial)
    [row] = _cached(memorial)
    assert (row.status, row.next_deadline) == ("complete", datetime.date(2027, 12, 31))

    # A cycle that starts next year: this year's 40 credits count toward none of it.
    license_update(license=license, expires_on=datetime.date(2028, 12, 31))

    [row] = roster_rows(memorial, as_of=TODAY)
    assert row.status != "complete"
    assert row.next_deadline == datetime.date(2028, 12, 31)
    assert row.shortfall == "40 credits in total"


def test_an_answered_question_shows_at_once(alice, memorial, load_rules) -> None:
    load_rules("TX")
    license = factories.texas_license(alice, condition_answers={})
    factories.consent_grant(alice, memorial)
    [row] = _cached(memorial)
    assert row.status == "needs_answers"

    license_update(license=license, condition_answers=factories.answers("direct_patient_care"))

    [row] = roster_rows(memorial, as_of=TODAY)
    assert row.status not in ("needs_answers", "complete")
    assert "credits in total" in row.shortfall


def test_a_rule_change_shows_at_once(alice, memorial) -> None:
    _zz_license(alice)
    factories.consent_grant(alice, memorial)
    [row] = _cached(memorial)
    assert row.status == "complete"

    total = Requirement.objects.get(rule_set__board__code="ZZ-MD")
    total.credits = Decimal("60")
    total.save()  # what the admin's requirement inline does

    [row] = roster_rows(memorial, as_of=TODAY)
    assert row.status != "complete"
    assert row.shortfall == "20 credits in total"


def test_the_next_day_is_judged_afresh(alice, memorial, time_machine) -> None:
    # The cycle ends tomorrow: short, behind the pace today, overdue once tomorrow comes.
    _zz_license(alice, credits="30.00", expires_on=TODAY + datetime.timedelta(days=1))
    factories.consent_grant(alice, memorial)
    # Half past eleven at night, then ten past midnight (the site's time zone): the entries
    # cached before midnight have not expired; the next day's key alone must keep them unread.
    time_machine.move_to(datetime.datetime(2026, 6, 1, 23, 30, tzinfo=datetime.UTC), tick=True)
    assert timezone.localdate() == TODAY
    [row] = _cached(memorial)
    assert row.status == "behind"

    tomorrow = TODAY + datetime.timedelta(days=1)
    time_machine.move_to(datetime.datetime(2026, 6, 2, 0, 10, tzinfo=datetime.UTC), tick=True)
    assert timezone.localdate() == tomorrow

    [row] = roster_rows(memorial, as_of=tomorrow)
    assert row.status == "overdue"


def test_a_revoked_consent_removes_the_cached_rows_at_once(alice, memorial) -> None:
    _zz_license(alice)
    consent = factories.consent_grant(alice, memorial)
    assert len(_cached(memorial)) == 1

    consent.revoked_at = timezone.now()
    consent.save()

    assert roster_rows(memorial, as_of=TODAY) == []


def test_the_pages_show_a_change_after_a_cached_visit(
    alice, memorial, olivia, log_activity
) -> None:
    _zz_license(alice, credits="30.00")
    factories.consent_grant(alice, memorial)
    client = client_for(olivia)
    assert "10 credits in total" in client.get("/organizations/memorial/").content.decode()
    _cached(memorial)

    log_activity(alice, completed_on=datetime.date(2026, 5, 1), credits="10.00")

    html = client.get("/organizations/memorial/").content.decode()
    assert "10 credits in total" not in html
    csv = client.get("/organizations/memorial/roster.csv").content.decode()
    assert "complete" in csv
    assert "10 credits in total" not in csv


def test_the_cached_entry_holds_only_what_the_roster_shows(alice, memorial, log_activity) -> None:
    license = _zz_license(alice, credits="30.00")
    log_activity(alice, completed_on=datetime.date(2026, 4, 1), title="Opioid prescribing")
    factories.consent_grant(alice, memorial)
    _cached(memorial)

    version = record_versions(user_ids=[alice.pk], as_of=TODAY)[alice.pk]
    entry = cache.get(verdict_key(version=version, license_id=license.pk))

    assert entry == ("on_track", "9 credits in total", datetime.date(2027, 12, 31))


def _physicians(organization: Organization, count: int) -> list:  # type: ignore[type-arg]
    physicians = []
    for _ in range(count):
        physician = UserFactory()
        _zz_license(physician, credits="30.00")
        factories.consent_grant(physician, organization)
        physicians.append(physician)
    return physicians


def _queries(organization: Organization) -> int:
    with CaptureQueriesContext(connection) as captured:
        roster_rows(organization, as_of=TODAY)
    return len(captured)


def test_the_queries_do_not_grow_with_the_physicians(memorial) -> None:
    _physicians(memorial, 5)
    roster_rows(memorial, as_of=TODAY - datetime.timedelta(days=1))  # the rules, kept in-process
    first_of_5, again_of_5 = _queries(memorial), _queries(memorial)
    _physicians(memorial, 45)
    first_of_50, again_of_50 = _queries(memorial), _queries(memorial)

    assert len(roster_rows(memorial, as_of=TODAY)) == 50
    assert (first_of_50, again_of_50) == (first_of_5, again_of_5)
    assert again_of_5 < first_of_5


def test_the_misses_are_judged_together_in_one_batch(memorial, log_activity) -> None:
    physicians = _physicians(memorial, 5)
    _cached(memorial)
    changed = physicians[1:3]
    for physician in changed:
        log_activity(physician, completed_on=datetime.date(2026, 5, 1), credits="10.00")

    rows, reads = _visit(memorial)

    [read] = reads  # one credits read for both physicians
    owners = re.search(r"a\.owner_id IN \(([^)]*)\)", read)
    assert owners is not None
    assert {int(pk) for pk in owners.group(1).split(",")} == {p.pk for p in changed}
    statuses = {row.physician_id: row.status for row in rows}
    assert {pk for pk, status in statuses.items() if status == "complete"} == {
        p.pk for p in changed
    }


def test_the_api_writes_the_access_log_in_queries_that_do_not_grow(memorial, olivia) -> None:
    _, raw = organization_token_create(organization=memorial, created_by=olivia, name="system")
    client = Client(headers={"Authorization": f"Bearer {raw}"})

    def read() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/organization/roster")
        assert response.status_code == 200
        return len(response.json()["results"]), len(captured)

    _physicians(memorial, 2)
    read()  # the verdicts, cached
    rows_of_2, queries_of_2 = read()
    _physicians(memorial, 6)
    read()
    rows_of_8, queries_of_8 = read()

    assert (rows_of_2, rows_of_8) == (2, 8)
    assert queries_of_8 == queries_of_2
    assert RecordAccess.objects.filter(channel=RecordAccess.Channel.ORGANIZATION).count() == 20


def test_a_deleted_account_takes_its_cached_verdicts_along(
    alice, memorial, django_capture_on_commit_callbacks
) -> None:
    license = _zz_license(alice)
    factories.consent_grant(alice, memorial)
    _cached(memorial)
    version = record_versions(user_ids=[alice.pk], as_of=TODAY)[alice.pk]
    key = verdict_key(version=version, license_id=license.pk)
    assert cache.get(key) == ("complete", "", datetime.date(2027, 12, 31))

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=alice)

    assert cache.get(key) is None
    assert roster_rows(memorial, as_of=TODAY) == []


def test_the_physicians_warm_up_keeps_the_rosters_verdicts(alice, memorial) -> None:
    from reporting.licenses.warm import pages_warm

    _zz_license(alice, credits="30.00")
    factories.consent_grant(alice, memorial)
    cache.clear()  # the first visit of a day: nothing cached yet

    assert pages_warm(user=alice, as_of=TODAY)  # what the worker does after a change, each night

    rows, reads = _visit(memorial)
    assert reads == []  # the office's first visit judged nothing
    assert [(row.status, row.shortfall) for row in rows] == [("on_track", "10 credits in total")]


def test_a_physician_who_consents_to_no_office_has_no_roster_entries(bob) -> None:
    from reporting.compliance.selectors import record_version
    from reporting.licenses.warm import pages_warm

    license = _zz_license(bob, credits="30.00")
    cache.clear()

    assert pages_warm(user=bob, as_of=TODAY)

    version = record_version(user=bob, as_of=TODAY)
    assert cache.get(verdict_key(version=version, license_id=license.pk)) is None
