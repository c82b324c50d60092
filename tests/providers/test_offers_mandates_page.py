"""A provider's activity page says which boards' mandates a claim of it counts toward."""

import datetime

import pytest
from django.urls import reverse

from organizations.models import Role
from reporting.rules.services import state_rules_load
from tests.factories import MembershipFactory, cme_provider, offer
from tests.reporting.conftest import reference_subset

TODAY = datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC)


@pytest.fixture
def gulf(alice, time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(TODAY, tick=False)
    state_rules_load(document=reference_subset("TX", "CA"))
    provider = cme_provider(name="Gulf Coast Medical Society", slug="gulf-coast")
    MembershipFactory(organization=provider.organization, user=alice, role=Role.VIEWER)
    return provider


def _mandates(client, offering) -> str:  # type: ignore[no-untyped-def]
    url = reverse("offers:mandates", args=[offering.pk])
    response = client.get(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_an_ethics_course_counts_toward_texas_ethics_in_words(alice_client, gulf) -> None:
    ethics = offer(provider=gulf, designations={"ama-pra-1": "3.50"}, topics=("medical-ethics",))
    page = _mandates(alice_client, ethics)
    assert "Texas Medical Board — medical ethics or professional responsibility, 2 h" in page
    assert "This activity can give all of it, as AMA PRA Category 1 credit." in page
    assert "tx-md" not in page
    assert "ama-pra-1" not in page


def test_less_credit_than_a_mandate_asks_says_how_much(alice_client, gulf) -> None:
    short = offer(provider=gulf, designations={"ama-pra-1": "1.00"}, topics=("medical-ethics",))
    assert "This activity gives up to 1.00 of the 2 h" in _mandates(alice_client, short)


def test_category_2_credit_counts_toward_no_mandate(alice_client, gulf) -> None:
    chat = offer(provider=gulf, designations={"ama-pra-2": "2.00"}, topics=("medical-ethics",))
    page = _mandates(alice_client, chat)
    assert "Texas Medical Board" not in page
    assert "No state's topic mandate takes this activity's credit yet." in page


def test_without_htmx_it_is_a_page_of_its_own(alice_client, gulf) -> None:
    ethics = offer(provider=gulf, designations={"ama-pra-1": "3.50"}, topics=("medical-ethics",))
    page = alice_client.get(reverse("offers:mandates", args=[ethics.pk])).content.decode()
    assert "<html" in page
    assert "Counts toward" in page


def test_another_providers_staff_and_learners_get_404(bob_client, bob, gulf) -> None:
    ethics = offer(provider=gulf, designations={"ama-pra-1": "3.50"}, topics=("medical-ethics",))
    url = reverse("offers:mandates", args=[ethics.pk])
    assert bob_client.get(url).status_code == 404  # a learner, on no staff
    other = cme_provider(name="Hill Country CME", slug="hill-country")
    MembershipFactory(organization=other.organization, user=bob, role=Role.OWNER)
    assert bob_client.get(url).status_code == 404


def test_the_activity_page_loads_its_counts_toward_part(alice_client, gulf) -> None:
    ethics = offer(provider=gulf, designations={"ama-pra-1": "3.50"}, topics=("medical-ethics",))
    page = alice_client.get(reverse("providers:offering", args=[ethics.pk])).content.decode()
    assert f'hx-get="{reverse("offers:mandates", args=[ethics.pk])}"' in page


def test_staff_without_the_two_factor_their_provider_asks_for_are_sent_to_set_it_up(
    alice_client, gulf
) -> None:
    gulf.organization.require_mfa = True
    gulf.organization.save()
    ethics = offer(provider=gulf, designations={"ama-pra-1": "3.50"}, topics=("medical-ethics",))
    url = reverse("offers:mandates", args=[ethics.pk])
    response = alice_client.get(url, HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("mfa_activate_totp")
    assert "Texas Medical Board" not in response.content.decode()


def test_a_rule_added_since_the_last_look_is_counted_at_once(alice_client, gulf) -> None:
    from reporting.models import RuleSet
    from tests.factories import RequirementFactory

    bias = offer(provider=gulf, designations={"ama-pra-1": "2.00"}, topics=("implicit-bias",))
    assert "Texas Medical Board" not in _mandates(alice_client, bias)
    texas = RuleSet.objects.get(board__code="TX-MD", effective_to__isnull=True)
    RequirementFactory(
        rule_set=texas,
        code="tx-md.implicit-bias",
        kind="topic",
        credits=1,
        topics=["implicit-bias"],
    )
    assert "Texas Medical Board — implicit bias, 1 h" in _mandates(alice_client, bias)
