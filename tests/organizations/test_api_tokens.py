"""An organization's API tokens page: owners make and revoke them; nobody else sees them."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from organizations.models import OrganizationToken
from organizations.tokens import organization_token_create
from tests import factories
from tests.conftest import PASSWORD
from tests.organizations.conftest import client_for

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:  # type: ignore[no-untyped-def]
    """Signed in, then the password confirmed again, as allauth asks before a new token."""
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302
    return client


PAGE = "/organizations/memorial/api-tokens/"
NEW = "/organizations/memorial/api-tokens/new"


def test_an_owner_makes_a_token_shown_once_and_stored_hashed(memorial, olivia) -> None:
    client = signed_in(olivia)

    response = client.post(NEW, {"name": "Credentialing system"})

    token = OrganizationToken.objects.get()
    raw = response.context["raw"]
    assert response.status_code == 200
    assert raw.startswith("cmo_")
    assert raw in response.content.decode()
    assert token.organization == memorial
    assert token.created_by == olivia
    assert token.token_hash != raw
    assert raw not in client.get(PAGE).content.decode()  # never again
    assert token.prefix in client.get(PAGE).content.decode()
    assert (
        Client(headers={"Authorization": f"Bearer {raw}"})
        .get("/api/v1/organization/roster")
        .status_code
        == 200
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "   "}, "This field is required."),
        ({"name": "x", "expires_on": "2000-01-01"}, "Choose an expiry date after today."),
        ({"name": "x", "expires_on": "soon"}, "Enter a valid date."),
    ],
)
def test_a_bad_token_form_says_why_and_stores_nothing(memorial, olivia, data, message) -> None:
    response = signed_in(olivia).post(NEW, data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not OrganizationToken.objects.exists()


def test_an_expiry_date_ends_the_token_that_day(memorial, olivia) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    signed_in(olivia).post(NEW, {"name": "pilot", "expires_on": tomorrow.isoformat()})

    assert OrganizationToken.objects.get().expires_at == datetime.datetime.combine(
        tomorrow, datetime.time.min, tzinfo=datetime.UTC
    )


def test_a_revoked_token_stays_listed_and_stops_working(memorial, olivia) -> None:
    token, raw = organization_token_create(organization=memorial, created_by=olivia, name="old")
    client = client_for(olivia)

    response = client.post(f"{PAGE}{token.pk}/revoke")

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Revoked" in client.get(PAGE).content.decode()
    bearer = Client(headers={"Authorization": f"Bearer {raw}"})
    assert bearer.get("/api/v1/organization/roster").status_code == 401
    # Revoking twice, or another organization's token, is not found.
    assert client.post(f"{PAGE}{token.pk}/revoke").status_code == 404


def test_only_owners_reach_the_tokens_pages(memorial, olivia, sam, vera, bob) -> None:
    token, _ = organization_token_create(organization=memorial, created_by=olivia, name="keep")

    for person in (sam, vera, bob):
        client = signed_in(person)
        assert client.get(PAGE).status_code == 404
        assert client.post(NEW, {"name": "mine"}).status_code == 404
        assert client.post(f"{PAGE}{token.pk}/revoke").status_code == 404
    assert Client().get(PAGE).status_code == 302  # to sign in
    token.refresh_from_db()
    assert token.revoked_at is None
    assert OrganizationToken.objects.count() == 1


def test_an_owner_of_another_office_cannot_revoke_this_offices_token(memorial, olivia) -> None:
    token, _ = organization_token_create(organization=memorial, created_by=olivia, name="keep")
    other = factories.OrganizationFactory(slug="other")
    owner = factories.MembershipFactory(organization=other, role="owner").user

    response = client_for(owner).post(f"/organizations/other/api-tokens/{token.pk}/revoke")

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_making_a_token_asks_for_a_recent_sign_in(memorial, olivia, time_machine) -> None:
    client = signed_in(olivia)
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))

    response = client.post(NEW, {"name": "late"})

    assert response.status_code == 302
    assert "/accounts/reauthenticate/" in response["Location"]
    assert not OrganizationToken.objects.exists()


def test_the_page_with_no_tokens_says_so(memorial, olivia) -> None:
    page = client_for(olivia).get(PAGE).content.decode()

    assert "No tokens yet." in page
    assert "Create token" in page
