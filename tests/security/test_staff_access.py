"""A staff flag opens no one's record: not with a password-only session, not with two-factor,
not with an API token of any scope, not in the admin. Staff keep the rule tables and user
support; alice's estate has a support access open, and still none of her own pages opens to
staff: support reads only through its read-only view (tests/reporting/sharing)."""

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


# --- The admin: rule tables and user support, no records ----------------------------------------
RECORD_MODELS = (
    "activities/activity",
    "certificates/certificate",
    "reporting/license",
    "reporting/transcript",
    "reporting/attestation",
    "accounts/profile",
    "accounts/recordaccess",
)


@pytest.fixture
def admin_client(staff):  # type: ignore[no-untyped-def]
    enable_totp(staff)  # the admin needs two-factor; with it, staff still read no records
    client = Client()
    client.force_login(staff)
    return client


def test_the_admin_has_no_page_for_anyones_record(admin_client, estate) -> None:
    index = admin_client.get("/admin/").content.decode()
    for model in RECORD_MODELS:
        assert f'href="/admin/{model}/"' not in index, model
        assert admin_client.get(f"/admin/{model}/").status_code == 404, model
    for model, pk in (
        ("activities/activity", estate.activity.pk),
        ("certificates/certificate", estate.certificate.pk),
        ("reporting/license", estate.license.pk),
    ):
        response = admin_client.get(f"/admin/{model}/{pk}/change/")
        assert response.status_code == 404, model
        assert SECRET_TITLE.encode() not in response.content
    # What staff keep: the rule tables, and user support.
    for kept in (
        "reporting/board",
        "reporting/ruleset",
        "reporting/requirement",
        "activities/credittype",
        "activities/topic",
        "accounts/user",
    ):
        assert f'href="/admin/{kept}/"' in index, kept


def test_user_support_shows_the_account_not_the_physicians_profile(admin_client, alice) -> None:
    alice.profile.npi = "1234567893"
    alice.profile.full_name = "Alice Secretname"
    alice.profile.save()
    page = admin_client.get(f"/admin/accounts/user/{alice.pk}/change/").content.decode()
    assert "alice@example.com" in page  # support finds the account by its address
    assert 'name="is_active"' in page
    assert "1234567893" not in page
    assert "Secretname" not in page
    # Nor can a search by NPI or name tell staff whose it is.
    listing = admin_client.get("/admin/accounts/user/", {"q": "1234567893"})
    assert alice.email not in listing.content.decode()


def test_staff_can_end_a_leaked_token_but_not_make_or_change_one(admin_client, estate) -> None:
    token = estate.token
    assert admin_client.get("/admin/accounts/apitoken/add/").status_code == 403
    change = admin_client.post(
        f"/admin/accounts/apitoken/{token.pk}/change/", {"scope": "read_write", "name": "x"}
    )
    assert change.status_code in (200, 403)
    token.refresh_from_db()
    assert token.name == "alice laptop"
    response = admin_client.post(f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_a_delete_confirmation_counts_the_records_it_touches_without_naming_them(
    admin_client, estate
) -> None:
    credit_type = estate.activity.credit_type
    page = admin_client.get(
        f"/admin/activities/credittype/{credit_type.pk}/delete/"
    ).content.decode()
    assert credit_type.name in page
    assert SECRET_TITLE not in page
    assert "other people&#x27;s records use it" in page or "1 activities" in page
    board = admin_client.get(f"/admin/reporting/board/{estate.license.board_id}/delete/")
    assert b"SECRET7F3C" not in board.content
    # Accounts are switched off by support, deleted only by their owner (files and all).
    user = estate.activity.owner
    assert admin_client.get(f"/admin/accounts/user/{user.pk}/delete/").status_code == 403
