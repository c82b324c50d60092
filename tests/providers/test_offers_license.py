"""A license's open mandates, with the activities offered on this site that give them."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from reporting.rules.services import state_rules_load
from tests import factories
from tests.factories import answers, log_activity, offer, texas_license
from tests.reporting.conftest import reference_subset

NOW = datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC)
ETHICS_NEED = "2 h of medical ethics or professional responsibility by 31 Aug 2027"


@pytest.fixture
def license(alice, time_machine):  # type: ignore[no-untyped-def]
    """Alice's Texas license, every practice question answered No: ethics is her one mandate."""
    time_machine.move_to(NOW, tick=False)
    state_rules_load(document=reference_subset("TX"))
    return texas_license(alice, condition_answers=answers())


def _offers(client: Client, license) -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse("offers:license", args=[license.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_open_ethics_mandate_lists_the_ethics_activity_offered_in_words(
    alice_client, license
) -> None:
    offer(
        title="Ethics in Practice",
        designations={"ama-pra-1": "3.50"},
        topics=("medical-ethics",),
    )
    page = _offers(alice_client, license)
    assert ETHICS_NEED in page
    assert "Ethics in Practice" in page
    assert "3.5 <em>AMA PRA Category 1 Credits</em>™" in page
    assert "14 Mar 2027" in page
    assert "Houston, TX" in page
    assert "ama-pra-1" not in page
    assert "medical-ethics" not in page


def test_a_category_2_activity_is_not_offered_for_texas_ethics(alice_client, license) -> None:
    offer(title="Ethics Chat", designations={"ama-pra-2": "2.00"}, topics=("medical-ethics",))
    page = _offers(alice_client, license)
    assert "Ethics Chat" not in page
    assert (
        "No activity on this site offers medical ethics or professional responsibility "
        "credit yet." in page
    )


def test_an_activity_on_another_topic_is_not_offered(alice_client, license) -> None:
    offer(title="Bias Workshop", designations={"ama-pra-1": "2.00"}, topics=("implicit-bias",))
    assert "Bias Workshop" not in _offers(alice_client, license)


def test_claims_closed_is_no_longer_offered(alice_client, license) -> None:
    offer(
        title="Last Year's Ethics",
        designations={"ama-pra-1": "2.00"},
        topics=("medical-ethics",),
        learning_format="enduring",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        claims_close=NOW - datetime.timedelta(hours=1),
    )
    assert "Last Year&#x27;s Ethics" not in _offers(alice_client, license)


def test_a_live_activity_already_over_is_not_offered(alice_client, license) -> None:
    offer(
        title="Last Week's Course",
        designations={"ama-pra-1": "2.00"},
        topics=("medical-ethics",),
        starts_on=datetime.date(2026, 11, 30),
    )
    assert "Last Week" not in _offers(alice_client, license)


def test_an_activity_after_the_due_date_is_not_offered(alice_client, license) -> None:
    offer(
        title="Too Late for This Cycle",
        designations={"ama-pra-1": "2.00"},
        topics=("medical-ethics",),
        starts_on=datetime.date(2027, 9, 15),
        claims_close=datetime.datetime(2027, 12, 31, tzinfo=datetime.UTC),
    )
    assert "Too Late" not in _offers(alice_client, license)


def test_nearest_date_first_and_an_enduring_module_running_now_before_them(
    alice_client, license
) -> None:
    for title, day in (("May Course", 5), ("March Course", 3), ("April Course", 4)):
        offer(
            title=title,
            designations={"ama-pra-1": "2.00"},
            topics=("professional-responsibility",),
            starts_on=datetime.date(2027, day, 1),
        )
    offer(
        title="Online Module",
        designations={"aoa-1a": "2.00"},
        topics=("medical-ethics",),
        learning_format="enduring",
        online=True,
        city="",
        state="",
        starts_on=datetime.date(2026, 6, 1),
        ends_on=datetime.date(2027, 6, 1),
    )
    page = _offers(alice_client, license)
    positions = [page.index(t) for t in ("Online Module", "March", "April", "May Course")]
    assert positions == sorted(positions)
    assert "available now, Online" in page


def test_beyond_five_offers_the_rest_are_counted(alice_client, license) -> None:
    for n in range(7):
        offer(
            title=f"Ethics Session {n}",
            designations={"ama-pra-1": "1.00"},
            topics=("medical-ethics",),
            starts_on=datetime.date(2027, 1, 1 + n),
        )
    page = _offers(alice_client, license)
    assert "Ethics Session 4" in page
    assert "Ethics Session 5" not in page
    assert (
        "2 more activities on this site offer medical ethics or professional responsibility "
        "credit</a>" in page
    )
    assert "?requirement=tx-md.medical-ethics" in page


def test_every_activity_for_one_requirement_a_page_at_a_time(alice_client, license) -> None:
    for n in range(27):
        offer(
            title=f"Ethics Session {n:02d}",
            designations={"ama-pra-1": "1.00"},
            topics=("medical-ethics",),
            starts_on=datetime.date(2027, 1, 1) + datetime.timedelta(days=n),
        )
    url = reverse("offers:license", args=[license.pk])
    first = alice_client.get(url, {"requirement": "tx-md.medical-ethics"}).content.decode()
    assert ETHICS_NEED in first
    assert "27 activities on this site offer" in first
    assert "Ethics Session 24" in first
    assert "Ethics Session 25" not in first
    assert "Page 1 of 2" in first
    second = alice_client.get(
        url, {"requirement": "tx-md.medical-ethics", "page": "2"}
    ).content.decode()
    assert "Ethics Session 26" in second
    assert "Ethics Session 00" not in second


def test_a_requirement_that_is_not_open_has_nothing_to_look_for(alice_client, license) -> None:
    url = reverse("offers:license", args=[license.pk])
    page = alice_client.get(url, {"requirement": "tx-md.pain-management"}).content.decode()
    assert "This requirement of your license is not open" in page


def test_someone_elses_requirement_page_is_not_found(bob_client, license) -> None:
    url = reverse("offers:license", args=[license.pk])
    assert bob_client.get(url, {"requirement": "tx-md.medical-ethics"}).status_code == 404


def test_a_met_mandate_looks_for_nothing(alice_client, alice, license) -> None:
    log_activity(
        alice, completed_on=datetime.date(2026, 5, 1), credits="2.00", topics=("medical-ethics",)
    )
    offer(
        title="Ethics in Practice", designations={"ama-pra-1": "3.50"}, topics=("medical-ethics",)
    )
    page = _offers(alice_client, license)
    assert "Ethics in Practice" not in page
    assert "This license has no open topic requirement" in page


def test_someone_elses_license_is_not_found(bob_client, license) -> None:
    response = bob_client.get(reverse("offers:license", args=[license.pk]))
    assert response.status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in(client, license) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("offers:license", args=[license.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_without_htmx_the_offers_are_a_page_of_their_own(alice_client, license) -> None:
    offer(
        title="Ethics in Practice", designations={"ama-pra-1": "3.50"}, topics=("medical-ethics",)
    )
    page = alice_client.get(reverse("offers:license", args=[license.pk])).content.decode()
    assert "<html" in page
    assert "Ethics in Practice" in page


def test_the_license_page_loads_offers_fresh_beside_its_cached_body(alice_client, license) -> None:
    """The license page's body is cached under the physician's record version, which a new
    offer does not change; the offers are fetched on their own, so they are never stale."""
    detail = reverse("reporting:license_detail", args=[license.pk])
    first = alice_client.get(detail).content.decode()
    assert f'hx-get="{reverse("offers:license", args=[license.pk])}"' in first
    offer(
        title="Ethics in Practice", designations={"ama-pra-1": "3.50"}, topics=("medical-ethics",)
    )
    second = alice_client.get(detail).content.decode()
    assert "Ethics in Practice" not in second  # the page itself is not where offers live
    assert "Ethics in Practice" in _offers(alice_client, license)


def test_a_clinician_who_is_not_a_physician_is_not_offered_physicians_only_credit(
    alice_client, alice, license
) -> None:
    alice.profile.degree = "PA"
    alice.profile.save()
    category_1 = factories.credit_type("ama-pra-1")
    category_1.physicians_only = True
    category_1.save()
    offer(
        title="Ethics in Practice", designations={"ama-pra-1": "3.50"}, topics=("medical-ethics",)
    )
    assert "Ethics in Practice" not in _offers(alice_client, license)


def test_other_credit_types_are_named_in_words(alice_client, license) -> None:
    offer(title="Osteopathic Ethics", designations={"aoa-1a": "1.00"}, topics=("medical-ethics",))
    assert "Osteopathic Ethics</strong>, 1.0 AOA Category 1-A credit," in _offers(
        alice_client, license
    )


def test_the_offers_read_a_fixed_number_of_queries_however_many_activities(
    alice_client, license
) -> None:
    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            _offers(alice_client, license)
        return len(queries)

    offer(title="First", designations={"ama-pra-1": "1.00"}, topics=("medical-ethics",))
    few = count()
    for n in range(12):
        offer(
            title=f"More {n}",
            designations={"ama-pra-1": "1.00", "aoa-1a": "1.00"},
            topics=("medical-ethics", "implicit-bias"),
        )
    assert count() == few
