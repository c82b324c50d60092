import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, CreditType
from reporting.models import Board, License
from reporting.rules.selectors import rules_in_process_forget
from tests.factories import ActivityFactory, LicenseFactory, answers

pytestmark = pytest.mark.django_db


def _licenses(owner) -> None:  # type: ignore[no-untyped-def]
    for code, number, expires in [
        ("TX-MD", "TX-LICENSE-Q1", "2027-08-31"),
        ("FL-MD", "ME1", "2028-01-31"),
        ("US-DEA", "BR1", "2028-05-31"),
    ]:
        LicenseFactory(
            owner=owner,
            board=Board.objects.get(code=code),
            number=number,
            issued_on=datetime.date(2012, 1, 1),
            expires_on=datetime.date.fromisoformat(expires),
            condition_answers=answers("dea_registrant") if code == "US-DEA" else answers(),
        )


def _activities(owner, count: int) -> None:  # type: ignore[no-untyped-def]
    cat1 = CreditType.objects.get(slug="ama-pra-1")
    Activity.objects.bulk_create(
        ActivityFactory.build(
            owner=owner,
            title=f"Activity {i}",
            provider="Provider",
            completed_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
            started_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
            credit_type=cat1,
            credits=Decimal("0.25"),
        )
        for i in range(count)
    )


def _queries(client) -> int:  # type: ignore[no-untyped-def]
    rules_in_process_forget()  # count the rules' queries too: the first visit of a process
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("reporting:dashboard"))
    assert response.status_code == 200
    return len(captured)


def test_the_dashboard_runs_the_same_queries_for_5_and_500_activities(
    alice, alice_client, bob, load_rules, django_assert_max_num_queries
) -> None:
    load_rules("TX", "FL")
    _licenses(alice)
    _activities(alice, 5)
    few = _queries(alice_client)
    _activities(alice, 495)
    with django_assert_max_num_queries(15):
        many = _queries(alice_client)
    assert few == many


def test_cards_come_most_urgent_first_after_a_line_per_license(
    alice, alice_client, load_rules
) -> None:
    load_rules("TX", "FL")
    _licenses(alice)
    response = alice_client.get(reverse("reporting:dashboard") + "?as_of=2026-11-22")
    items = response.context["items"]
    # Florida's human trafficking course and the DEA's MATE training are overdue (the oldest
    # due date first); Texas is only behind the pace.
    assert [item.license.board.code for item in items] == ["FL-MD", "US-DEA", "TX-MD"]
    html = response.content.decode()
    strip = html[html.index('class="summary-strip') : html.index('class="cards"')]
    assert "FL-MD</a>: 1 h human trafficking was due 1 Jan 2021;" in strip
    assert (
        "TX-MD</a>: 48 credits in total, 24 Category 1 credits and 2 h medical ethics or"
        " professional responsibility by 31 Aug 2027"
    ) in strip
    assert strip.index("FL-MD") < strip.index("US-DEA") < strip.index("TX-MD")
    assert "You need 48.00 more credits in total by 31 Aug 2027." in html
    assert "verify with your board" in html


def test_an_empty_dashboard_says_what_to_do_first(alice_client) -> None:
    html = alice_client.get(reverse("reporting:dashboard")).content.decode()
    assert "Add your first license" in html
    assert reverse("reporting:license_create") in html


def test_bob_never_sees_alices_licenses(alice, bob_client, load_rules) -> None:
    load_rules("TX", "FL")
    _licenses(alice)
    response = bob_client.get(reverse("reporting:dashboard"))
    assert response.context["items"] == []
    assert "TX-LICENSE-Q1" not in response.content.decode()


def test_what_if_credits_show_the_effect_without_saving(alice, alice_client, load_rules) -> None:
    load_rules("TX", "FL")
    _licenses(alice)
    license = License.objects.get(owner=alice, board__code="TX-MD")
    url = reverse("reporting:license_detail", args=[license.pk])
    response = alice_client.get(
        url,
        {
            "as_of": "2026-11-22",
            "credits": "2",
            "credit_type": "ama-pra-1",
            "topic": "medical-ethics",
        },
    )
    ethics = next(
        x
        for x in response.context["item"].lines
        if x.result.requirement_id == "tx-md.medical-ethics"
    )
    assert ethics.result.status == "met"
    assert "hypothetical" in response.content.decode()
    assert not Activity.objects.exists()


def test_a_bad_what_if_is_ignored_with_a_message(alice, alice_client, load_rules) -> None:
    load_rules("TX", "FL")
    _licenses(alice)
    license = License.objects.get(owner=alice, board__code="TX-MD")
    response = alice_client.get(
        reverse("reporting:license_detail", args=[license.pk]),
        {"credits": "-5", "credit_type": "ama-pra-1"},
    )
    assert response.status_code == 200
    assert "Ensure this value is greater than or equal to 0.25." in response.content.decode()
