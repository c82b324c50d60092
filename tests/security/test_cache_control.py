"""No browser or proxy cache keeps a page or API answer with someone's data.

Every route a signed-in physician (or an API token) reads answers `Cache-Control` with both
`private` and `no-store`; static files and the public pages seen anonymously keep theirs.
"""

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def _is_private(response) -> bool:  # type: ignore[no-untyped-def]
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_every_page_of_a_signed_in_physician_is_private_and_not_stored(
    alice_client, estate
) -> None:
    pages = [
        reverse("reporting:dashboard"),
        reverse("activities:list"),
        reverse("activities:detail", args=[estate.activity.pk]),
        reverse("activities:export"),
        reverse("accounts:profile"),
        reverse("reporting:history"),
        reverse("reporting:license_detail", args=[estate.license.pk]),
        reverse("reporting:transcripts"),
        reverse("certificates:list"),
        reverse("certificates:detail", args=[estate.certificate.pk]),
        reverse("certificates:download", args=[estate.certificate.public_id]),
        reverse("reporting:export"),
    ]
    for path in pages:
        response = alice_client.get(path)
        _body(response)
        assert response.status_code == 200, path
        assert _is_private(response), (path, response.get("Cache-Control"))


def test_every_api_read_is_private_and_not_stored(alice, estate) -> None:
    _, raw = api_token_create(user=alice, name="script")
    api = Client(headers={"authorization": f"Bearer {raw}"})
    reads = [
        "/api/v1/profile",
        "/api/v1/activities",
        f"/api/v1/activities/{estate.activity.pk}",
        "/api/v1/licenses",
        f"/api/v1/licenses/{estate.license.pk}",
        "/api/v1/certificates",
        f"/api/v1/certificates/{estate.certificate.pk}",
        f"/api/v1/certificates/{estate.certificate.pk}/file",
        f"/api/v1/transcripts/{estate.transcript.pk}",
        "/api/v1/export",
    ]
    for path in reads:
        response = api.get(path)
        _body(response)
        assert response.status_code == 200, path
        assert _is_private(response), (path, response.get("Cache-Control"))
    # A wrong token learns nothing either, and its 401 is not kept.
    assert _is_private(Client(headers={"authorization": "Bearer nope"}).get("/api/v1/activities"))


def test_the_public_verification_page_is_not_stored(client, estate) -> None:
    response = client.get(reverse("verify", args=[estate.transcript.verification_code]))
    assert _is_private(response)


def test_static_files_and_the_anonymous_home_page_keep_their_caching(client) -> None:
    assert finders.find("css/app.css")
    for path in ["/", "/static/css/app.css"]:
        response = client.get(path)
        _body(response)
        assert response.status_code == 200, path
        assert "no-store" not in response.get("Cache-Control", ""), path


def test_a_signed_in_physicians_static_files_are_not_marked_private(alice_client) -> None:
    response = alice_client.get("/static/css/app.css")
    _body(response)
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
