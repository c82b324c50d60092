"""The OpenAPI document tells the truth: every operation exists, and answers as documented."""

import datetime
import io
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from organizations.models import Role
from reporting import transcripts
from reporting.record.portability import account_export_stream
from tests.accounts.factories import UserFactory
from tests.api.conftest import bearer_client
from tests.api.schema import operations, path_parameters, response_errors
from tests.certificates.factories import make_pdf
from tests.factories import offer, provider_estate

pytestmark = pytest.mark.django_db

Call = Callable[[Client, dict[str, Any]], Any]
ACTIVITY = {
    "title": "Ethics in practice",
    "provider": "Texas Medical Association",
    "completed_on": "2026-03-02",
    "credit_type": "ama-pra-1",
    "credits": "2.00",
    "topics": ["medical-ethics"],
}
OFFERING = {
    "title": "Ethics in Practice",
    "starts_on": "2027-03-14",
    "ends_on": "2027-03-14",
    "city": "Houston",
    "state": "TX",
    "topics": ["medical-ethics"],
    "designations": [{"credit_type": "ama-pra-1", "max_credits": "3.50"}],
}
CLAIM_WINDOW = {"opens_at": "2027-03-14T08:00:00Z", "closes_at": "2027-04-14T08:00:00Z"}
LICENSE = {
    "board": "TX-DO",
    "number": "D777",
    "issued_on": "2019-01-01",
    "expires_on": "2027-01-31",
}


def _json(method: str, url: str, body: dict[str, Any] | None = None) -> Call:
    def call(client: Client, ids: dict[str, Any]) -> Any:
        return getattr(client, method)(
            url.format(**ids), body or {}, content_type="application/json"
        )

    return call


def _get(url: str) -> Call:
    return lambda client, ids: client.get(url.format(**ids))


# One happy-path call per documented operation; deletions use objects made for them.
HAPPY: dict[tuple[str, str], Call] = {
    ("GET", "/api/v1/profile"): _get("/api/v1/profile"),
    ("PATCH", "/api/v1/profile"): _json("patch", "/api/v1/profile", {"specialty": "Pediatrics"}),
    ("POST", "/api/v1/certificates"): lambda client, ids: client.post(
        "/api/v1/certificates", {"file": io.BytesIO(make_pdf(["Another certificate"]))}
    ),
    ("GET", "/api/v1/certificates"): _get("/api/v1/certificates?page_size=1"),
    ("GET", "/api/v1/certificates/{certificate_id}"): _get("/api/v1/certificates/{certificate}"),
    ("DELETE", "/api/v1/certificates/{certificate_id}"): _json(
        "delete", "/api/v1/certificates/{spare_certificate}"
    ),
    ("GET", "/api/v1/certificates/{certificate_id}/file"): _get(
        "/api/v1/certificates/{certificate}/file"
    ),
    ("GET", "/api/v1/activities"): _get("/api/v1/activities?page_size=2&topic=medical-ethics"),
    ("POST", "/api/v1/activities"): _json("post", "/api/v1/activities", ACTIVITY),
    ("GET", "/api/v1/activities/{activity_id}"): _get("/api/v1/activities/{activity}"),
    ("PATCH", "/api/v1/activities/{activity_id}"): _json(
        "patch", "/api/v1/activities/{activity}", {"notes": "Handout kept."}
    ),
    ("DELETE", "/api/v1/activities/{activity_id}"): _json(
        "delete", "/api/v1/activities/{spare_activity}"
    ),
    ("GET", "/api/v1/boards"): _get("/api/v1/boards"),
    ("GET", "/api/v1/boards/{code}"): _get("/api/v1/boards/TX-MD"),
    ("GET", "/api/v1/licenses"): _get("/api/v1/licenses"),
    ("POST", "/api/v1/licenses"): _json("post", "/api/v1/licenses", LICENSE),
    ("GET", "/api/v1/licenses/{license_id}"): _get("/api/v1/licenses/{license}"),
    ("PATCH", "/api/v1/licenses/{license_id}"): _json(
        "patch", "/api/v1/licenses/{license}", {"number": "Q12346"}
    ),
    ("DELETE", "/api/v1/licenses/{license_id}"): _json("delete", "/api/v1/licenses/{dea}"),
    ("GET", "/api/v1/licenses/{license_id}/compliance"): _get(
        "/api/v1/licenses/{license}/compliance?as_of=2026-11-01"
    ),
    ("POST", "/api/v1/transcripts"): lambda client, ids: client.post(
        "/api/v1/transcripts", {"license": ids["license"]}, content_type="application/json"
    ),
    ("GET", "/api/v1/transcripts"): _get("/api/v1/transcripts"),
    ("GET", "/api/v1/transcripts/{transcript_id}"): _get("/api/v1/transcripts/{transcript}"),
    ("GET", "/api/v1/transcripts/{transcript_id}/file"): _get(
        "/api/v1/transcripts/{transcript}/file"
    ),
    ("GET", "/api/v1/providers"): _get("/api/v1/providers"),
    ("GET", "/api/v1/providers/{provider_slug}/activities"): _get(
        "/api/v1/providers/{provider}/activities"
    ),
    ("POST", "/api/v1/providers/{provider_slug}/activities"): _json(
        "post", "/api/v1/providers/{provider}/activities", OFFERING
    ),
    ("POST", "/api/v1/providers/{provider_slug}/activities/{offering_id}/codes"): _json(
        "post", "/api/v1/providers/{provider}/activities/{offering}/codes", CLAIM_WINDOW
    ),
    ("GET", "/api/v1/providers/{provider_slug}/activities/{offering_id}/claims"): _get(
        "/api/v1/providers/{provider}/activities/{offering}/claims"
    ),
    ("GET", "/api/v1/claims"): _get("/api/v1/claims"),
    ("POST", "/api/v1/claims"): lambda client, ids: client.post(
        "/api/v1/claims",
        {"code": ids["claim_code"], "claim_as": "ama-pra-1", "credits": "1.00", "attested": True},
        content_type="application/json",
    ),
    ("GET", "/api/v1/claims/{claim_id}/evaluation"): _get("/api/v1/claims/{claim}/evaluation"),
    ("POST", "/api/v1/claims/{claim_id}/evaluation"): lambda client, ids: client.post(
        "/api/v1/claims/{claim}/evaluation".format(**ids),
        {"answers": {str(ids["question"]): 5}},
        content_type="application/json",
    ),
    ("GET", "/api/v1/export"): _get("/api/v1/export"),
    # Import needs an empty account: a new one imports Alice's export.
    ("POST", "/api/v1/import"): lambda client, ids: bearer_client(UserFactory()).post(
        "/api/v1/import", {"file": io.BytesIO(ids["alice_export"])}
    ),
    # An office's roster answers an organization's token, for what Alice consented to.
    ("GET", "/api/v1/organization/roster"): lambda client, ids: _office(ids).get(
        "/api/v1/organization/roster?page_size=1"
    ),
    ("GET", "/api/v1/organization/roster/{license_id}"): lambda client, ids: _office(ids).get(
        "/api/v1/organization/roster/{license}".format(**ids)
    ),
}


def _office(ids: dict[str, Any]) -> Client:
    """A client with the token of an office Alice consented to show her license."""
    from organizations.models import Consent, Organization
    from organizations.tokens import organization_token_create
    from reporting.models import License

    license = License.objects.get(pk=ids["license"])
    office, _ = Organization.objects.get_or_create(slug="contract-office", name="Contract office")
    consent, _ = Consent.objects.get_or_create(physician=license.owner, organization=office)
    consent.licenses.add(license)
    _, raw = organization_token_create(organization=office, created_by=license.owner, name="it")
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def schema(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_docs_page_is_served_with_local_assets(client) -> None:
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui-bundle.js" in html
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources
    assert all(not source.startswith(("http:", "https:", "//")) for source in sources), sources


def test_every_documented_operation_exists_and_has_a_happy_path_here(schema) -> None:
    documented = {(method, path) for method, path, _ in operations(schema)}
    assert documented == set(HAPPY), "a new operation needs a happy-path call in HAPPY"
    for method, path, operation in operations(schema):
        concrete = re.sub(r"\{[^}]+\}", "1", path).replace("/boards/1", "/boards/TX-MD")
        if "transcript_id" in path:
            concrete = concrete.replace("/1", "/00000000-0000-0000-0000-000000000001", 1)
        match = resolve(concrete)
        assert match.url_name != "unknown_path", f"{method} {path} resolves to no operation"
        # Every operation documents the docs/api.md error format for what can go wrong.
        for code in ("401", "429"):
            error = operation["responses"][code]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/Error"}, (method, path)
        if method != "GET":
            assert "403" in operation["responses"], (method, path)
        if path_parameters(operation):
            assert "404" in operation["responses"], (method, path)


def _provider_ids(staff) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A provider `staff` works for, one of its activities `staff` already claimed (its
    evaluation is to answer), and another with a code open for claims now."""
    estate = provider_estate(staff, role=Role.STAFF, verification_code="CONTRACT0001")
    offering = offer(
        provider=estate.provider,
        designations={"ama-pra-1": "3.50"},
        topics=("medical-ethics",),
        claims_close=timezone.now() + datetime.timedelta(days=30),
    )
    return {
        "provider": estate.provider.organization.slug,
        "offering": offering.pk,
        "claim_code": offering.codes.get().code,
        "claim": estate.claim.pk,
        "question": estate.question.pk,
    }


def test_a_happy_call_of_every_operation_answers_as_documented(
    alice, bob, schema, alice_api, alice_record, log_activity
) -> None:
    license, dea = alice_record["licenses"]
    transcript = transcripts.transcript_request(owner=alice, license_id=license.pk)
    transcripts.transcript_render(transcript_id=transcript.pk)
    spare_certificate = alice_record["certificates"][1]
    ids = {
        "certificate": alice_record["certificates"][0].pk,
        "spare_certificate": spare_certificate.pk,
        "activity": alice_record["activities"][0].pk,
        "spare_activity": log_activity(alice, completed_on=datetime.date(2026, 2, 1)).pk,
        "license": license.pk,
        "dea": dea.pk,
        "transcript": transcript.pk,
        "alice_export": b"".join(account_export_stream(user=alice)),
        **_provider_ids(alice),
    }
    problems = []
    for method, path, operation in operations(schema):
        response = HAPPY[(method, path)](alice_api, ids)
        if response.streaming:
            # Read to the end: the test client then closes the response (and a file's handle)
            # without closing the test's database connection.
            b"".join(response.streaming_content)
        if not 200 <= response.status_code < 400:
            problems.append(f"{method} {path}: {response.status_code} {response.content[:300]!r}")
            continue
        is_json = response.get("Content-Type", "").startswith("application/json")
        body = response.json() if is_json and response.content else None
        for error in response_errors(schema, operation, response.status_code, body):
            problems.append(f"{method} {path}: {error}")
    assert not problems, "\n".join(problems)


def test_the_check_itself_catches_a_body_that_breaks_the_schema(schema) -> None:
    operation = schema["paths"]["/api/v1/activities/{activity_id}"]["get"]
    wrong = {"id": "seven", "title": "Grand rounds"}
    errors = response_errors(schema, operation, 200, wrong)
    assert any('"seven" is not of type "integer"' in error for error in errors)
    assert any('"credits" is a required property' in error for error in errors)
    assert response_errors(schema, operation, 418, {}) == [
        f"status 418 is not documented ({sorted(operation['responses'])})"
    ]
