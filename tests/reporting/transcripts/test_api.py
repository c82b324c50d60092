"""/api/v1/transcripts (docs/api.md): 202 on request, 409 until ready, 404 for anyone else's."""

import pytest
from django.test import Client

from accounts.services import api_token_create
from reporting import transcripts
from reporting.models import Transcript

pytestmark = pytest.mark.django_db
URL = "/api/v1/transcripts"


@pytest.fixture
def alice_api(alice) -> Client:  # type: ignore[no-untyped-def]
    _, raw = api_token_create(user=alice, name="test")
    return Client(headers={"authorization": f"Bearer {raw}"})


@pytest.fixture
def bob_api(bob) -> Client:  # type: ignore[no-untyped-def]
    _, raw = api_token_create(user=bob, name="bob")
    return Client(headers={"authorization": f"Bearer {raw}"})


def test_a_request_is_accepted_then_the_file_is_409_until_ready(
    alice, alice_api, cme_record
) -> None:
    license = alice.licenses.get()
    response = alice_api.post(
        URL, {"license": license.pk, "kind": "audit_packet"}, content_type="application/json"
    )
    assert response.status_code == 202
    body = response.json()
    assert body["status"] == "queued"
    assert alice_api.get(f"{URL}/{body['id']}/file").json() == {
        "detail": "The transcript is queued, not ready yet."
    }
    assert alice_api.get(f"{URL}/{body['id']}/file").status_code == 409
    transcripts.transcript_render(transcript_id=body["id"])
    read = alice_api.get(f"{URL}/{body['id']}").json()
    assert read["status"] == "ready"
    assert read["kind"] == "audit_packet"
    assert read["sha256"] == Transcript.objects.get().sha256
    file = alice_api.get(f"{URL}/{body['id']}/file")
    assert file.status_code == 200
    assert file["Content-Disposition"].startswith("attachment;")
    assert b"".join(file.streaming_content).startswith(b"%PDF")


def test_the_list_is_paginated(alice, alice_api, texas_license) -> None:
    for _ in range(3):
        transcripts.transcript_request(owner=alice, license_id=texas_license.pk)
    page = alice_api.get(f"{URL}?page_size=2").json()
    assert page["count"] == 3
    assert len(page["results"]) == 2
    assert page["next"].endswith("page=2")
    assert page["previous"] is None


def test_bad_input_is_400_with_the_field(alice_api, texas_license) -> None:
    bad_cycle = alice_api.post(
        URL,
        {"license": texas_license.pk, "cycle_end": "2026-01-01"},
        content_type="application/json",
    )
    assert bad_cycle.status_code == 400
    assert "cycle_end" in bad_cycle.json()["errors"]
    bad_kind = alice_api.post(
        URL, {"license": texas_license.pk, "kind": "pdf"}, content_type="application/json"
    )
    assert bad_kind.status_code == 400


def test_bob_cannot_see_request_or_download_alices_transcripts(alice, bob_api, cme_record) -> None:
    license = alice.licenses.get()
    transcript = transcripts.transcript_request(owner=alice, license_id=license.pk)
    transcripts.transcript_render(transcript_id=transcript.pk)
    assert bob_api.get(f"{URL}/{transcript.pk}").status_code == 404
    assert bob_api.get(f"{URL}/{transcript.pk}/file").status_code == 404
    assert bob_api.get(URL).json()["count"] == 0
    stolen = bob_api.post(URL, {"license": license.pk}, content_type="application/json")
    assert stolen.status_code == 400
    assert Transcript.objects.count() == 1


def test_with_s3_storage_the_file_is_a_short_lived_signed_redirect(
    alice, alice_api, cme_record, s3_storage
) -> None:
    client, bucket = s3_storage
    transcript = transcripts.transcript_request(owner=alice, license_id=alice.licenses.get().pk)
    transcripts.transcript_render(transcript_id=transcript.pk)
    response = alice_api.get(f"{URL}/{transcript.pk}/file")
    assert response.status_code == 302
    assert "X-Amz-Expires=60" in response["Location"]
    assert "response-content-disposition=attachment" in response["Location"]
    stored = client.list_objects_v2(Bucket=bucket)["Contents"]
    assert [item["Key"] for item in stored] == [Transcript.objects.get().file.name]
