"""One error format everywhere under /api/, rate limits with Retry-After, ETags on reads."""

import datetime
import json

import pytest
from django.test import Client

from accounts.services import api_token_create
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db

JSON = "application/json; charset=utf-8"


# --- Errors are JSON ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    ["/api/v1/nothing-here", "/api/v1/activities/not-a-number", "/api/v2/activities", "/api/"],
)
def test_an_unknown_api_path_is_a_json_404(alice_api, path) -> None:
    response = alice_api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == JSON
    assert response.json() == {"detail": "Not found."}


def test_a_body_over_the_upload_limit_is_a_json_413(alice_api, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    body = {"title": "x" * 2000, "completed_on": "2026-01-01", "credit_type": "ama-pra-1"}
    response = alice_api.post("/api/v1/activities", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == JSON
    assert response.json() == {"detail": "The request body is too large."}


def test_a_server_error_is_json_without_details(
    alice, alice_record, alice_api, media, caplog
) -> None:
    # A real failure: the certificate's stored file has gone missing behind the database's back.
    pdf = alice_record["certificates"][0]
    (media / pdf.file.name).unlink()
    response = alice_api.get(f"/api/v1/certificates/{pdf.pk}/file")
    assert response.status_code == 500
    assert response["Content-Type"] == JSON
    assert response.json() == {"detail": "Something went wrong on our side; it has been logged."}
    assert "FileNotFoundError" not in response.content.decode()
    assert any("API error on GET" in record.message for record in caplog.records)


def test_method_not_allowed_is_json(alice_api) -> None:
    response = alice_api.put("/api/v1/boards", {}, content_type="application/json")
    assert response.status_code == 405
    assert response.json()["detail"]


# --- Rate limits -------------------------------------------------------------------------------
def test_a_token_over_its_limit_gets_429_with_retry_after(alice, settings) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    settings.API_RATE_LIMIT_PER_IP_PER_MINUTE = 100
    first, second = bearer_client(alice), bearer_client(alice)
    assert [first.get("/api/v1/profile").status_code for _ in range(3)] == [200, 200, 200]
    refused = first.get("/api/v1/profile")
    assert refused.status_code == 429
    assert refused["Content-Type"] == JSON
    assert refused.json() == {"detail": "Too many requests."}
    assert 1 <= int(refused["Retry-After"]) <= 60
    # The limit is the token's: another token of the same person still works.
    assert second.get("/api/v1/profile").status_code == 200


def test_one_address_over_its_limit_gets_429_whatever_the_token(alice, bob, settings) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 100
    settings.API_RATE_LIMIT_PER_IP_PER_MINUTE = 4
    clients = [bearer_client(alice), bearer_client(bob)]
    statuses = [clients[n % 2].get("/api/v1/profile").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 200]
    refused = clients[1].get("/api/v1/profile")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    # Another address is counted on its own.
    _, raw = api_token_create(user=bob, name="elsewhere")
    elsewhere = Client(headers={"authorization": f"Bearer {raw}"}, REMOTE_ADDR="198.51.100.7")
    assert elsewhere.get("/api/v1/profile").status_code == 200


def test_the_window_resets_after_a_minute(alice, settings, time_machine) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 1
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, 30, tzinfo=datetime.UTC))
    client = bearer_client(alice)
    assert client.get("/api/v1/profile").status_code == 200
    refused = client.get("/api/v1/profile")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "30"
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 1, 0, tzinfo=datetime.UTC))
    assert client.get("/api/v1/profile").status_code == 200


# --- ETags -------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/api/v1/boards", "/api/v1/boards/TX-MD", "compliance"])
def test_board_and_compliance_reads_answer_304_to_a_matching_etag(
    alice_api, alice_record, path
) -> None:
    if path == "compliance":
        path = f"/api/v1/licenses/{alice_record['licenses'][0].pk}/compliance?as_of=2026-11-01"
    first = alice_api.get(path)
    etag = first["ETag"]
    assert etag.startswith('"')  # a strong validator: a quoted SHA-256
    assert len(etag) == 66
    again = alice_api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert alice_api.get(path, HTTP_IF_NONE_MATCH='"stale"').status_code == 200


def test_the_compliance_etag_changes_when_the_record_does(
    alice, alice_api, alice_record, log_activity
) -> None:
    path = f"/api/v1/licenses/{alice_record['licenses'][0].pk}/compliance?as_of=2026-11-01"
    etag = alice_api.get(path)["ETag"]
    log_activity(alice, completed_on=datetime.date(2026, 10, 1), credits="3.00")
    changed = alice_api.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert json.loads(changed.content)["license"] == alice_record["licenses"][0].pk


# --- Pagination --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path", ["/api/v1/activities", "/api/v1/certificates", "/api/v1/transcripts"]
)
def test_every_list_that_grows_is_paginated(alice_api, alice_record, path) -> None:
    body = alice_api.get(f"{path}?page_size=1").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert len(body["results"]) <= 1


# --- Found by schemathesis ---------------------------------------------------------------------
def test_a_null_for_a_text_profile_field_is_a_400_not_a_500(alice, alice_api) -> None:
    response = alice_api.patch(
        "/api/v1/profile", {"full_name": None, "npi": None}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {
        "full_name": ["This field cannot be null."],
        "npi": ["This field cannot be null."],
    }
    assert (
        alice_api.patch(
            "/api/v1/profile", {"birth_date": None}, content_type="application/json"
        ).json()["birth_date"]
        is None
    )


def test_a_nul_character_is_a_400_not_a_database_error(alice_api) -> None:
    body = {"title": "Grand\x00rounds", "completed_on": "2026-01-01", "credit_type": "ama-pra-1"}
    response = alice_api.post(
        "/api/v1/activities",
        {**body, "credits": "1.00", "topics": ["x\x00"]},
        content_type="application/json",
    )
    assert response.status_code == 400
    # ninja words every refusal of its body parser the same way.
    assert response.json() == {"detail": "Cannot parse request body"}
    assert not alice_api.get("/api/v1/activities").json()["results"]
    query = alice_api.get("/api/v1/activities", {"topic": "ethics\x00"})
    assert query.status_code == 400
    assert query.json()["errors"] == {"topic": ["Text cannot contain NUL (\\x00) characters."]}


def test_a_multipart_body_without_a_boundary_is_a_400(alice_api) -> None:
    response = alice_api.generic(
        "POST", "/api/v1/certificates", b"--x--", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request body could not be read as multipart/form-data."
    }


def test_a_wrong_path_with_a_session_cookie_and_no_csrf_token_is_still_a_json_404(
    alice_client,
) -> None:
    response = alice_client.delete("/api/v1/activities/null,null")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
