"""Provider-verified credit in the physician's record: annotated, never edited like a
self-reported activity, by the page or by the API."""

import json
from decimal import Decimal

import pytest

from accounts.services import api_token_create
from activities.models import Activity
from providers.services import claim_make

pytestmark = pytest.mark.usefixtures("eager_celery")


@pytest.fixture
def verified(code, physician, django_capture_on_commit_callbacks) -> Activity:  # type: ignore[no-untyped-def]
    question = code.offering.evaluation_questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        claim = claim_make(
            code=code,
            learner=physician,
            claim_as="ama-pra-1",
            credits="3.00",
            attested=True,
            answers={str(question.pk): "5"},
        )
    claim.refresh_from_db()
    assert claim.activity is not None
    return claim.activity


def test_the_activity_page_marks_it_provider_verified(client, physician, verified):
    client.force_login(physician)
    page = client.get(f"/activities/{verified.pk}/").content.decode()
    assert "Provider-verified: issued by Lone Star Medical Society from your claim" in page
    assert "Add a note" in page


def test_the_edit_page_takes_only_a_note(client, physician, verified):
    client.force_login(physician)
    page = client.get(f"/activities/{verified.pk}/edit").content.decode()
    assert "its details are provider-verified and cannot be edited here" in page
    assert 'name="credits"' not in page
    response = client.post(
        f"/activities/{verified.pk}/edit", {"notes": "Handout kept in my binder", "credits": "9"}
    )
    assert response.status_code == 302
    verified.refresh_from_db()
    assert verified.notes == "Handout kept in my binder"
    assert verified.credits == Decimal("3.00")


def test_the_api_refuses_to_change_provider_verified_facts(physician, verified):
    _, raw = api_token_create(user=physician, name="script")
    from django.test import Client

    api = Client(headers={"Authorization": f"Bearer {raw}"})
    before = Activity.objects.filter(pk=verified.pk).values().get()
    response = api.patch(
        f"/api/v1/activities/{verified.pk}",
        json.dumps({"credits": "4.00"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "provider-verified and cannot be edited" in response.json()["detail"] + json.dumps(
        response.json().get("errors", {})
    )
    assert Activity.objects.filter(pk=verified.pk).values().get() == before
    # A note is fine, and sending the same facts back with it is not a change.
    response = api.patch(
        f"/api/v1/activities/{verified.pk}",
        json.dumps({"notes": "Kept the slides", "credits": "3.00", "title": verified.title}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["notes"] == "Kept the slides"


def test_a_withdrawn_claim_stays_in_the_record_without_the_badge(verified, coordinator):
    from providers.services import claim_withdraw

    claim_withdraw(claim=verified.provider_claim, by=coordinator, reason="Not on the sign-in sheet")
    verified.refresh_from_db()
    assert not verified.provider_verified
    assert "Lone Star Medical Society withdrew this credit on" in verified.notes
    assert "Not on the sign-in sheet" in verified.notes


def test_an_email_claim_joins_an_existing_account_at_its_next_sign_in(
    client, code, django_capture_on_commit_callbacks
):
    from tests.accounts.factories import UserFactory

    rosa = UserFactory(email="rosa@example.com", profile__degree="DO")
    question = code.offering.evaluation_questions.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/cme/claim/{code.code}",
            {
                "claim_as": "ama-pra-1",
                "credits": "2.00",
                "attested": "on",
                "first_name": "Rosa",
                "last_name": "Díaz",
                "email": "rosa@example.com",
                "degree": "DO",
                f"question_{question.pk}": "5",
            },
        )
    from providers.models import Claim

    assert Claim.objects.get().learner is None  # an address typed in a form proves nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/login/",
            {"login": "rosa@example.com", "password": "correct horse battery staple"},
        )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.learner == rosa
    assert claim.activity is not None
    assert claim.activity.owner == rosa
