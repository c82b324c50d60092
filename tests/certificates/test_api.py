"""/api/v1/certificates: the same service and messages as the pages, JSON shaped per docs/api.md."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import ApiToken
from accounts.services import api_token_create
from certificates.models import Certificate
from tests.certificates.conftest import stored_files
from tests.certificates.corpus import CORPUS, BadUpload
from tests.certificates.factories import CertificateFactory, make_pdf

pytestmark = pytest.mark.django_db

CERTIFICATE = [
    "Certificate of Completion",
    "This certifies that Alice Ng, MD has participated in the enduring material titled",
    '"Hypertension Update 2024"',
    "on January 8, 2024 and is awarded 1.5 AMA PRA Category 1 Credits(TM).",
    "Provided by the American College of Cardiology Foundation.",
]


@pytest.fixture
def auth(alice) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, raw = api_token_create(user=alice, name="script")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _post(client, auth, data: bytes, name: str = "certificate.pdf"):  # type: ignore[no-untyped-def]
    return client.post("/api/v1/certificates", {"file": SimpleUploadedFile(name, data)}, **auth)


def test_uploading_answers_201_with_the_facts_and_suggestions(client, auth, alice) -> None:
    data = make_pdf(CERTIFICATE)
    response = _post(client, auth, data, "acc.pdf")

    assert response.status_code == 201
    body = response.json()
    certificate = Certificate.objects.get(owner=alice)
    assert body["id"] == certificate.pk
    assert (body["filename"], body["size"], body["sha256"], body["pages"]) == (
        "acc.pdf",
        len(data),
        certificate.sha256,
        1,
    )
    assert body["created"] is True
    assert body["suggestions"] == {
        "title": "Hypertension Update 2024",
        "provider": "American College of Cardiology Foundation",
        "completed_on": "2024-01-08",
        "credits": "1.50",
        "credit_type": "ama-pra-1",
    }


def test_uploading_the_same_file_again_returns_the_existing_one(client, auth, media) -> None:
    data = make_pdf(CERTIFICATE)
    first = _post(client, auth, data).json()
    again = _post(client, auth, data, "copy.pdf")
    assert again.status_code == 200
    assert again.json()["id"] == first["id"]
    assert again.json()["created"] is False
    assert len(stored_files(media)) == 1


@pytest.mark.parametrize("bad", CORPUS, ids=[bad.id for bad in CORPUS])
def test_bad_uploads_get_the_pages_message_and_status_and_store_nothing(
    client, auth, media, bad: BadUpload
) -> None:
    response = _post(client, auth, bad.data, bad.name)
    assert response.status_code == bad.status
    body = response.json()
    assert bad.message in body["detail"]
    assert body["errors"] == {"file": [body["detail"]]}
    assert Certificate.objects.count() == 0
    assert stored_files(media) == []


def test_too_large_is_413(client, auth, settings, media) -> None:
    settings.CERTIFICATE_MAX_BYTES = 2048
    response = _post(client, auth, make_pdf(CERTIFICATE) + b"%" * 2048)
    assert response.status_code == 413
    assert response.json()["detail"] == "This file is larger than the 0.0 MB limit."
    assert stored_files(media) == []


def test_a_missing_file_field_is_400(client, auth) -> None:
    response = client.post("/api/v1/certificates", {}, **auth)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Invalid input.",
        "errors": {"file": ["This field is required."]},
    }


def test_a_read_only_token_cannot_upload_or_delete(client, alice, media) -> None:
    _, raw = api_token_create(user=alice, name="reader", scope=ApiToken.Scope.READ)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert _post(client, headers, make_pdf(CERTIFICATE)).status_code == 403
    certificate = CertificateFactory(owner=alice)
    response = client.delete(f"/api/v1/certificates/{certificate.pk}", **headers)
    assert response.status_code == 403
    assert Certificate.objects.filter(pk=certificate.pk).exists()


def test_the_list_is_paginated_and_newest_first(client, auth, alice) -> None:
    made = CertificateFactory.create_batch(5, owner=alice)
    first = client.get("/api/v1/certificates?page_size=2", **auth).json()
    assert first["count"] == 5
    assert first["previous"] is None
    assert first["next"].endswith("/api/v1/certificates?page_size=2&page=2")
    assert [row["id"] for row in first["results"]] == [made[4].pk, made[3].pk]
    last = client.get("/api/v1/certificates?page=3&page_size=2", **auth).json()
    assert last["next"] is None
    assert [row["id"] for row in last["results"]] == [made[0].pk]
    assert last["previous"].endswith("page=2&page_size=2")


def test_reading_one_certificate(client, auth) -> None:
    created = _post(client, auth, make_pdf(CERTIFICATE)).json()
    read = client.get(f"/api/v1/certificates/{created['id']}", **auth).json()
    assert read["suggestions"] == created["suggestions"]
    assert read["sha256"] == created["sha256"]


def test_the_file_endpoint_sends_the_file_as_an_attachment(client, auth) -> None:
    data = make_pdf(CERTIFICATE)
    created = _post(client, auth, data, "x.pdf").json()
    response = client.get(f"/api/v1/certificates/{created['id']}/file", **auth)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Disposition"].startswith('attachment; filename="x.pdf"')
    assert response["X-Content-Type-Options"] == "nosniff"


def test_deleting_answers_204_and_removes_row_and_file(
    client, auth, media, django_capture_on_commit_callbacks
) -> None:
    created = _post(client, auth, make_pdf(CERTIFICATE)).json()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(f"/api/v1/certificates/{created['id']}", **auth)
    assert response.status_code == 204
    assert not Certificate.objects.exists()
    assert stored_files(media) == []
    again = client.delete(f"/api/v1/certificates/{created['id']}", **auth)
    assert again.status_code == 404


def test_the_openapi_schema_describes_the_certificate_endpoints(client) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {
        "/api/v1/certificates",
        "/api/v1/certificates/{certificate_id}",
        "/api/v1/certificates/{certificate_id}/file",
    } <= set(paths)
