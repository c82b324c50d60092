import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import api_token_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_create_api_token_prints_a_working_token_as_its_last_line(alice, client) -> None:
    out = io.StringIO()
    call_command("create_api_token", alice.email, "--name", "credentialing", stdout=out)
    raw = out.getvalue().strip().splitlines()[-1]

    response = client.get("/api/v1/profile", **_bearer(raw))
    assert response.status_code == 200
    assert response.json()["email"] == alice.email
    token = ApiToken.objects.get(user=alice)
    assert token.name == "credentialing"
    assert raw not in token.token_hash  # only the hash is stored
    assert token.last_used_at is not None


def test_a_wrong_token_gets_401_json(alice, client) -> None:
    api_token_create(user=alice, name="real")
    response = client.get("/api/v1/profile", **_bearer("cmt_not-a-real-token"))
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication credentials were missing or invalid."}


def test_no_credentials_get_401_json(client) -> None:
    response = client.get("/api/v1/profile")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/json; charset=utf-8"


def test_an_expired_token_no_longer_works(alice, client) -> None:
    import datetime

    from django.utils import timezone

    _, raw = api_token_create(user=alice, name="old")
    ApiToken.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get("/api/v1/profile", **_bearer(raw)).status_code == 401


def test_a_read_only_token_cannot_write(alice, client) -> None:
    _, raw = api_token_create(user=alice, name="reader", scope=ApiToken.Scope.READ)
    response = client.patch(
        "/api/v1/profile",
        {"specialty": "Cardiology"},
        content_type="application/json",
        **_bearer(raw),
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "This token is read-only."}
    alice.profile.refresh_from_db()
    assert alice.profile.specialty == ""


def test_api_validation_uses_the_same_messages_and_stores_nothing(alice, client) -> None:
    _, raw = api_token_create(user=alice, name="writer")
    response = client.patch(
        "/api/v1/profile", {"npi": "1234567890"}, content_type="application/json", **_bearer(raw)
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert "check digit is wrong" in body["errors"]["npi"][0]
    alice.profile.refresh_from_db()
    assert alice.profile.npi == ""


def test_a_token_only_ever_sees_its_owner(alice, bob, client) -> None:
    _, raw = api_token_create(user=bob, name="bob's")
    assert client.get("/api/v1/profile", **_bearer(raw)).json()["email"] == bob.email


def test_session_api_writes_need_the_csrf_token(alice) -> None:
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    assert client.get("/api/v1/profile").status_code == 200
    response = client.patch("/api/v1/profile", {"specialty": "x"}, content_type="application/json")
    assert response.status_code == 403
    alice.profile.refresh_from_db()
    assert alice.profile.specialty == ""


def _login(client, user) -> None:  # type: ignore[no-untyped-def]
    """Sign in, then confirm the password again as allauth asks before sensitive changes."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302


def test_creating_a_token_in_the_profile_shows_it_once(alice, client) -> None:
    _login(client, alice)
    response = client.post(reverse("accounts:token_create"), {"name": "EHR sync", "scope": "read"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=alice)
    raw = response.context["raw"]
    assert raw in response.content.decode()
    assert token.scope == ApiToken.Scope.READ
    # Never shown again: the profile lists the prefix only.
    page = client.get(reverse("accounts:profile")).content.decode()
    assert token.prefix in page
    assert raw not in page


def test_creating_a_token_needs_a_recent_sign_in(alice, alice_client) -> None:
    # force_login records no authentication: allauth asks for the password again first.
    response = alice_client.post(reverse("accounts:token_create"), {"name": "x", "scope": "read"})
    assert response.status_code == 302
    assert reverse("account_reauthenticate") in response["Location"]
    assert not ApiToken.objects.exists()


def test_a_token_form_without_a_name_says_so(alice, client) -> None:
    _login(client, alice)
    response = client.post(reverse("accounts:token_create"), {"name": "", "scope": "read"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_a_token_stops_it(alice, alice_client, client) -> None:
    token, raw = api_token_create(user=alice, name="tmp")
    alice_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert client.get("/api/v1/profile", **_bearer(raw)).status_code == 401


def test_bob_cannot_revoke_alices_token(alice, bob_client) -> None:
    token, _ = api_token_create(user=alice, name="alice's")
    response = bob_client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_the_openapi_schema_documents_the_profile_operations(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"get", "patch"} <= set(schema["paths"]["/api/v1/profile"])
    assert "BearerToken" in schema["components"]["securitySchemes"]
