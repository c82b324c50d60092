"""Cached verdicts are never stale: every change a verdict rests on shows on the next request.

The dashboard cards, the license page and the compliance API are cached under the physician's
record version (reporting.selectors.record_version). These tests fill the cache, change one
thing through the same services the pages use, and ask again.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import profile_update
from activities.models import Topic
from activities.services import activity_delete, activity_update
from reporting.compliance import selectors as compliance_selectors
from reporting.licenses.services import license_delete, license_update
from reporting.models import License, Requirement, RuleSet
from reporting.rules.services import rule_set_new_version
from tests.factories import LicenseFactory, answers, texas_license
from tests.reporting.licenses.opened import with_lists_opened

pytestmark = pytest.mark.django_db

AS_OF = "2026-11-22"
NEED_48 = "You need 48.00 more credits in total by 31 Aug 2027."


@pytest.fixture(autouse=True)
def _today_is_as_of(time_machine) -> None:  # type: ignore[no-untyped-def]
    # Only today's verdicts are cached (any other `as_of` is computed and not stored).
    time_machine.move_to(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC))


@pytest.fixture
def texas(alice, load_rules) -> License:  # type: ignore[no-untyped-def]
    load_rules("TX")
    return texas_license(alice, number="TX-LICENSE-Q1", condition_answers=answers())


def dashboard(client) -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse("reporting:dashboard"), {"as_of": AS_OF})
    assert response.status_code == 200
    return response.content.decode()


def license_page(client, license: License, **params: str) -> str:  # type: ignore[no-untyped-def]
    url = reverse("reporting:license_detail", args=[license.pk])
    response = client.get(url, {"as_of": AS_OF, **params})
    assert response.status_code == 200
    return response.content.decode()


def compliance(client, license: License) -> dict:  # type: ignore[no-untyped-def, type-arg]
    response = client.get(f"/api/v1/licenses/{license.pk}/compliance", {"as_of": AS_OF})
    assert response.status_code == 200
    return response.json()


def total_earned(payload: dict) -> str:  # type: ignore[type-arg]
    return next(r["earned"] for r in payload["requirements"] if r["kind"] == "total")


def test_a_repeat_visit_does_not_read_the_activities_again(
    alice_client, texas, log_activity
) -> None:
    log_activity(texas.owner, credits="10", completed_on=datetime.date(2026, 3, 1))
    first = dashboard(alice_client)
    with CaptureQueriesContext(connection) as captured:
        again = dashboard(alice_client)
    cards = slice(first.index('<div class="cards">'), first.index("</main>"))
    assert again[cards] == first[cards]
    reads = [
        q["sql"] for q in captured.captured_queries if "activities_activity_topics" in q["sql"]
    ]
    assert reads == [], "the cached dashboard evaluated the rules again"
    assert len(captured) <= 3, "session, user and the record version, nothing more"


def test_a_new_activity_shows_at_once(alice_client, texas, log_activity) -> None:
    assert NEED_48 in dashboard(alice_client)
    assert total_earned(compliance(alice_client, texas)) == "0.00"
    license_page(alice_client, texas)

    log_activity(texas.owner, credits="10", completed_on=datetime.date(2026, 3, 1))

    assert "You need 38.00 more credits in total" in dashboard(alice_client)
    assert total_earned(compliance(alice_client, texas)) == "10.00"
    page = license_page(alice_client, texas)
    assert "10.00 of 48.00 credits" in page
    assert "Grand rounds" in with_lists_opened(alice_client, page)


def test_an_edited_or_deleted_activity_shows_at_once(alice_client, texas, log_activity) -> None:
    older = log_activity(texas.owner, credits="10", completed_on=datetime.date(2026, 3, 1))
    newer = log_activity(texas.owner, credits="1", completed_on=datetime.date(2026, 4, 1))
    assert total_earned(compliance(alice_client, texas)) == "11.00"
    dashboard(alice_client)

    activity_update(activity=newer, credits=Decimal("4"))
    assert total_earned(compliance(alice_client, texas)) == "14.00"
    assert "You need 34.00 more credits in total" in dashboard(alice_client)

    # Not the latest change: only the number of activities tells the record changed.
    activity_delete(activity=older)
    assert total_earned(compliance(alice_client, texas)) == "4.00"
    assert "You need 44.00 more credits in total" in dashboard(alice_client)


def test_a_topic_change_alone_shows_at_once(alice_client, texas, log_activity) -> None:
    activity = log_activity(texas.owner, credits="2", completed_on=datetime.date(2026, 3, 1))
    ethics = next(
        r for r in compliance(alice_client, texas)["requirements"] if r["topic"] == "medical-ethics"
    )
    assert ethics["earned"] == "0.00"

    activity_update(activity=activity, topics=Topic.objects.filter(slug="medical-ethics"))

    ethics = next(
        r for r in compliance(alice_client, texas)["requirements"] if r["topic"] == "medical-ethics"
    )
    assert ethics["earned"] == "2.00"


def test_a_license_change_shows_at_once(alice_client, texas) -> None:
    assert "31 Aug 2027" in dashboard(alice_client)
    license_update(license=texas, expires_on=datetime.date(2028, 8, 31))
    html = dashboard(alice_client)
    assert "31 Aug 2028" in html
    assert "31 Aug 2027" not in html


def test_a_rule_edited_by_staff_shows_at_once(alice_client, texas) -> None:
    assert NEED_48 in dashboard(alice_client)
    assert "48.00" in license_page(alice_client, texas)
    total = Requirement.objects.get(rule_set__board__code="TX-MD", kind="total")
    total.credits = Decimal("60")
    total.save()  # what the admin's requirement inline does

    assert "You need 60.00 more credits in total" in dashboard(alice_client)
    assert "60.00" in license_page(alice_client, texas)
    required = next(
        r for r in compliance(alice_client, texas)["requirements"] if r["kind"] == "total"
    )
    assert required["required"] == "60.00"


def test_a_new_rule_set_version_shows_at_once(alice_client, texas) -> None:
    assert NEED_48 in dashboard(alice_client)
    current = RuleSet.objects.get(board__code="TX-MD")
    new = rule_set_new_version(rule_set=current, effective_from=datetime.date(2026, 1, 1))
    new.requirements.filter(kind="total").update(credits=Decimal("50"))  # a bulk edit: no history
    new.notes = "Total raised to 50"
    new.save()

    assert "You need 50.00 more credits in total" in dashboard(alice_client)


def test_another_day_is_judged_afresh(alice_client, texas) -> None:
    url = reverse("reporting:dashboard")
    today = alice_client.get(url, {"as_of": AS_OF}).content.decode()
    later = alice_client.get(url, {"as_of": "2026-12-22"}).content.decode()
    assert "282 days left" in today
    assert "252 days left" in later


def test_one_physicians_cached_cards_never_reach_another(
    alice_client, bob, bob_client, texas
) -> None:
    assert "TX-LICENSE-Q1" in dashboard(alice_client)
    LicenseFactory(
        owner=bob,
        board=texas.board,
        number="BOB-7",
        issued_on=texas.issued_on,
        expires_on=texas.expires_on,
    )
    html = dashboard(bob_client)
    assert "BOB-7" in html
    assert "TX-LICENSE-Q1" not in html


def test_what_if_credits_are_never_cached(alice_client, texas) -> None:
    assert "Including" not in license_page(alice_client, texas)
    what_if = license_page(alice_client, texas, credits="5", credit_type="ama-pra-1")
    assert "Including 5.00 hypothetical" in what_if
    assert "Including" not in license_page(alice_client, texas)
    assert "Including 5.00 hypothetical" in license_page(
        alice_client, texas, credits="5", credit_type="ama-pra-1"
    )


def test_the_record_version_is_one_query_and_names_the_day(alice, texas) -> None:
    with CaptureQueriesContext(connection) as captured:
        version = compliance_selectors.record_version(user=alice, as_of=datetime.date(2026, 11, 22))
    assert len(captured) == 1
    assert version.licenses == 1
    other_day = compliance_selectors.record_version(user=alice, as_of=datetime.date(2026, 11, 23))
    assert other_day.key != version.key
    assert other_day.key.startswith(f"{alice.pk}-")


def test_a_repeat_license_page_reads_the_version_and_nothing_else(alice_client, texas) -> None:
    first = license_page(alice_client, texas)
    with CaptureQueriesContext(connection) as captured:
        again = license_page(alice_client, texas)
    body = slice(first.index("<main"), first.index("</main>"))
    assert again[body] == first[body]
    assert "<title>TX-MD license" in again
    assert len(captured) <= 3, "session, user and the record version, nothing more"
    assert not [q for q in captured.captured_queries if "reporting_board" in q["sql"]], (
        "the cached license page read the license again"
    )


def test_a_degree_change_shows_on_the_cached_license_page(alice_client, texas) -> None:
    assert "Degree and board disagree" not in license_page(alice_client, texas)
    profile_update(profile=texas.owner.profile, degree="DO")
    assert "Degree and board disagree" in license_page(alice_client, texas)


def test_a_cached_license_page_never_reaches_another_physician(
    alice_client, bob_client, texas
) -> None:
    license_page(alice_client, texas)
    url = reverse("reporting:license_detail", args=[texas.pk])
    assert bob_client.get(url, {"as_of": AS_OF}).status_code == 404


def test_a_deleted_license_is_gone_though_its_page_was_cached(alice_client, texas) -> None:
    license_page(alice_client, texas)
    license_delete(owner=texas.owner, pk=texas.pk)
    url = reverse("reporting:license_detail", args=[texas.pk])
    assert alice_client.get(url, {"as_of": AS_OF}).status_code == 404


def test_a_what_if_question_with_bad_input_shows_its_message(alice_client, texas) -> None:
    license_page(alice_client, texas)
    page = license_page(alice_client, texas, credits="lots", credit_type="ama-pra-1")
    assert "Enter a number." in page
    assert "Including" not in page
