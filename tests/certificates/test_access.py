"""Bob must never see, fetch or delete Alice's certificates: every route answers 404."""

import io
import zipfile

import pytest
from django.urls import reverse

from accounts.services import api_token_create
from certificates.models import Certificate
from tests.certificates.conftest import stored_files
from tests.certificates.factories import make_pdf
from tests.certificates.helpers import store

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices(alice) -> Certificate:  # type: ignore[no-untyped-def]
    return store(alice, make_pdf(["Certificate of Completion", "Alice's private CME"]), "alice.pdf")


def _key(name: str, certificate: Certificate) -> object:
    """Downloads are addressed by the random public id; the pages by pk."""
    return certificate.public_id if name == "certificates:download" else certificate.pk


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "certificates:detail"),
        ("get", "certificates:download"),
        ("get", "certificates:delete"),
        ("post", "certificates:delete"),
    ],
)
def test_bob_gets_404_for_alices_certificate_pages(
    bob_client, alices, media, method: str, name: str
) -> None:
    response = getattr(bob_client, method)(reverse(name, args=[_key(name, alices)]))
    assert response.status_code == 404
    assert b"alice.pdf" not in response.content
    assert Certificate.objects.filter(pk=alices.pk).exists()
    assert stored_files(media) == [alices.file.name]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/certificates/{pk}"),
        ("get", "/api/v1/certificates/{pk}/file"),
        ("delete", "/api/v1/certificates/{pk}"),
    ],
)
def test_bob_gets_404_for_alices_certificate_in_the_api(
    bob, client, alices, media, method: str, path: str
) -> None:
    _, raw = api_token_create(user=bob, name="bob's script")
    response = getattr(client, method)(
        path.format(pk=alices.pk), HTTP_AUTHORIZATION=f"Bearer {raw}"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert Certificate.objects.filter(pk=alices.pk).exists()
    assert stored_files(media) == [alices.file.name]


def test_bob_lists_and_zips_only_his_own_certificates(bob, bob_client, alices) -> None:
    store(bob, make_pdf(["Certificate of Completion", "Bob's own CME"]), "bob.pdf")

    listing = bob_client.get(reverse("certificates:list")).content.decode()
    assert "bob.pdf" in listing
    assert "alice.pdf" not in listing

    api = bob_client.get("/api/v1/certificates").json()
    assert [row["filename"] for row in api["results"]] == ["bob.pdf"]

    response = bob_client.get(reverse("certificates:zip"))
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert archive.namelist() == ["bob.pdf"]


def test_the_same_file_uploaded_by_bob_is_his_own_copy(bob, alices, media) -> None:
    # Deduplication is per person: Bob is not told that Alice has this file.
    data = alices.file.open("rb").read()
    alices.file.close()
    bobs = store(bob, data, "mine.pdf")
    assert bobs.pk != alices.pk
    assert bobs.owner == bob
    assert len(stored_files(media)) == 2


def test_anonymous_visitors_are_sent_to_sign_in(client, alices) -> None:
    for name in ("certificates:detail", "certificates:download", "certificates:delete"):
        response = client.get(reverse(name, args=[_key(name, alices)]))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    assert client.get("/api/v1/certificates").status_code == 401
