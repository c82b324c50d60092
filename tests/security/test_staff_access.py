"""A staff flag opens no one's record: not with a password-only session, not with two-factor,
not with an API token of any scope. Staff keep the rule tables through the admin only."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import api_token_create
from tests.accounts.factories import UserFactory
from tests.security.conftest import SECRET_TITLE
from tests.security.mfa import enable_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)


def _pages(estate) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        reverse("certificates:detail", args=[estate.certificate.pk]),
        reverse("certificates:download", args=[estate.certificate.public_id]),
        reverse("activities:detail", args=[estate.activity.pk]),
        reverse("reporting:license_detail", args=[estate.license.pk]),
        reverse("reporting:history") + f"?owner={estate.activity.owner_id}",
    ]


def _api(estate) -> list[str]:  # type: ignore[no-untyped-def]
    return [
        f"/api/v1/certificates/{estate.certificate.pk}",
        f"/api/v1/certificates/{estate.certificate.pk}/file",
        f"/api/v1/activities/{estate.activity.pk}",
        f"/api/v1/licenses/{estate.license.pk}",
        f"/api/v1/transcripts/{estate.transcript.pk}",
        f"/api/v1/transcripts/{estate.transcript.pk}/file",
    ]


@pytest.mark.parametrize("two_factor", [False, True])
def test_a_staff_session_gets_404_for_every_page_of_someone_elses_record(
    staff, estate, two_factor
) -> None:
    if two_factor:
        enable_totp(staff)
    client = Client()
    client.force_login(staff)
    for path in _pages(estate):
        response = client.get(path)
        assert response.status_code == 404, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET_TITLE.encode() not in body, path


@pytest.mark.parametrize("scope", [ApiToken.Scope.READ, ApiToken.Scope.READ_WRITE])
def test_a_staff_api_token_gets_404_for_someone_elses_record(staff, estate, scope) -> None:
    _, raw = api_token_create(user=staff, name="staff", scope=scope)
    api = Client(headers={"authorization": f"Bearer {raw}"})
    for path in _api(estate):
        response = api.get(path)
        assert response.status_code == 404, path
    listing = api.get("/api/v1/certificates").json()
    assert listing["count"] == 0


def test_certificate_downloads_are_not_addressed_by_a_walkable_number(alice_client, estate) -> None:
    by_number = f"/certificates/{estate.certificate.pk}/download"
    assert alice_client.get(by_number).status_code == 404
    by_public_id = reverse("certificates:download", args=[estate.certificate.public_id])
    assert str(estate.certificate.public_id) in by_public_id
    response = alice_client.get(by_public_id)
    assert response.status_code == 200
    b"".join(response.streaming_content)
