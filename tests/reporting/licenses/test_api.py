import pytest

from accounts.services import api_token_create
from reporting.models import License

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice_api(alice, client, load_rules):  # type: ignore[no-untyped-def]
    load_rules("TX", "CA")
    _, raw = api_token_create(user=alice, name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


@pytest.fixture
def bob_api(bob, load_rules):  # type: ignore[no-untyped-def]
    from django.test import Client

    _, raw = api_token_create(user=bob, name="bob")
    return Client(headers={"authorization": f"Bearer {raw}"})


LICENSE = {
    "board": "TX-MD",
    "number": "Q12345",
    "issued_on": "2015-06-01",
    "expires_on": "2027-08-31",
    "conditions": ["direct_patient_care"],
}


def _create(client, **overrides):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/licenses", {**LICENSE, **overrides}, content_type="application/json"
    )


def test_boards_list_the_rules_in_force(alice_api) -> None:
    boards = {b["code"]: b for b in alice_api.get("/api/v1/boards").json()}
    assert boards["TX-DO"]["degrees"] == ["DO", "MD"]
    total = next(r for r in boards["TX-MD"]["requirements"] if r["id"] == "tx-md.total")
    assert total["credits"] == "48.00"
    assert alice_api.get("/api/v1/boards/ca-md").json()["code"] == "CA-MD"
    assert alice_api.get("/api/v1/boards/ZZ-MD").status_code == 404


def test_license_crud(alice, alice_api) -> None:
    created = _create(alice_api)
    assert created.status_code == 201
    body = created.json()
    assert body["board"] == "TX-MD"
    assert body["cycle_start"] is None
    license_id = body["id"]
    patched = alice_api.patch(
        f"/api/v1/licenses/{license_id}", {"number": "R1"}, content_type="application/json"
    )
    assert patched.json()["number"] == "R1"
    assert [lic["id"] for lic in alice_api.get("/api/v1/licenses").json()] == [license_id]
    assert alice_api.delete(f"/api/v1/licenses/{license_id}").status_code == 204
    assert not License.objects.exists()


def test_an_unknown_board_code_is_a_400_with_the_valid_codes(alice_api) -> None:
    response = _create(alice_api, board="XX-MD")
    assert response.status_code == 400
    message = response.json()["errors"]["board"][0]
    assert "Unknown board code 'XX-MD'" in message
    assert "TX-MD" in message
    assert "US-DEA" in message
    assert not License.objects.exists()


def test_an_unknown_condition_is_a_400_with_the_valid_codes(alice_api) -> None:
    response = _create(alice_api, conditions=["is_nice"])
    assert response.status_code == 400
    message = response.json()["errors"]["conditions"][0]
    assert "Unknown condition code(s): is_nice" in message
    assert "dea_registrant" in message
    assert not License.objects.exists()


def test_owner_cannot_be_written(alice, bob, alice_api) -> None:
    response = _create(alice_api, owner=bob.pk, id=999)
    assert response.status_code == 201
    license = License.objects.get()
    assert license.owner == alice
    assert license.pk != 999 or response.json()["id"] == license.pk


def test_compliance_reports_each_requirement(alice_api) -> None:
    license_id = _create(alice_api).json()["id"]
    body = alice_api.get(f"/api/v1/licenses/{license_id}/compliance?as_of=2027-09-15").json()
    assert body["board"] == "TX-MD"
    assert body["cycle"] == {"start": "2025-08-31", "end": "2027-08-31"}
    assert body["compliant"] is False
    assert body["rule_set"]["confidence"] == "high"
    assert body["rule_set"]["sources"]
    ethics = next(r for r in body["requirements"] if r["id"] == "tx-md.medical-ethics")
    assert ethics == {
        **ethics,
        "kind": "topic",
        "topic": "medical-ethics",
        "required": "2.00",
        "earned": "0.00",
        "remaining": "2.00",
        "status": "short",
        "advisory": False,
        "activities": [],
    }


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("patch", ""), ("delete", ""), ("get", "/compliance")],
)
def test_bob_gets_404_for_alices_license(alice_api, bob_api, method, suffix) -> None:
    license_id = _create(alice_api).json()["id"]
    response = getattr(bob_api, method)(
        f"/api/v1/licenses/{license_id}{suffix}",
        {"number": "HACKED"},
        content_type="application/json",
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert License.objects.get(pk=license_id).number == "Q12345"
    assert bob_api.get("/api/v1/licenses").json() == []


def test_compliance_as_of_must_be_a_date(alice_api) -> None:
    license_id = _create(alice_api).json()["id"]
    response = alice_api.get(f"/api/v1/licenses/{license_id}/compliance?as_of=2027-02-30")
    assert response.status_code == 400
    assert "as_of" in response.json()["errors"]


def test_dates_are_checked_like_the_form(alice_api) -> None:
    response = _create(alice_api, expires_on="2001-01-01")
    assert response.status_code == 400
    assert "must come after the date first licensed" in response.json()["errors"]["expires_on"][0]


# --- The verdict fields docs/api.md adds --------------------------------------------------------
def test_on_the_renewal_date_an_unmet_requirement_is_short_and_the_license_overdue(
    alice_api,
) -> None:
    # docs/api.md: "a requirement whose due_on is D (the renewal date, say) and that is unmet as of
    # D is short, and the license is not compliant".
    license_id = _create(alice_api).json()["id"]
    on_the_day = alice_api.get(f"/api/v1/licenses/{license_id}/compliance?as_of=2027-08-31")
    body = on_the_day.json()
    ethics = next(r for r in body["requirements"] if r["id"] == "tx-md.medical-ethics")
    assert (ethics["status"], ethics["due_on"]) == ("short", "2027-08-31")
    assert body["compliant"] is False
    assert body["status"] == "overdue"
    assert body["ended"] is True
    day_before = alice_api.get(f"/api/v1/licenses/{license_id}/compliance?as_of=2027-08-30")
    assert day_before.json()["compliant"] is True
    assert day_before.json()["status"] in {"behind", "on_track"}


def test_conditions_sent_answer_the_rest_no_and_conditions_left_out_ask(alice_api) -> None:
    answered = _create(alice_api).json()
    assert answered["unanswered"] == []
    assert "direct_patient_care" in answered["conditions"]
    silent = {key: value for key, value in LICENSE.items() if key != "conditions"}
    created = alice_api.post("/api/v1/licenses", silent, content_type="application/json")
    assert created.status_code == 201
    assert "direct_patient_care" in created.json()["unanswered"]
    body = alice_api.get(f"/api/v1/licenses/{created.json()['id']}/compliance?as_of=2026-06-01")
    report = body.json()
    assert report["status"] == "needs_answers"
    assert "direct_patient_care" in report["unanswered"]
    trafficking = next(r for r in report["requirements"] if r["id"] == "tx-md.human-trafficking")
    # Judged as if it applied, never silently "not required".
    assert trafficking["status"] != "not_applicable"
    assert trafficking["needs_answers"] == ["direct_patient_care"]


def test_a_dea_registration_answers_dea_registrant_for_every_license(alice_api) -> None:
    texas = _create(alice_api, conditions=[]).json()
    assert "dea_registrant" not in texas["conditions"]
    alice_api.post(
        "/api/v1/licenses",
        {
            "board": "US-DEA",
            "number": "AN1234563",
            "issued_on": "2016-01-01",
            "expires_on": "2028-01-31",
            "conditions": [],
        },
        content_type="application/json",
    )
    again = alice_api.get(f"/api/v1/licenses/{texas['id']}").json()
    assert "dea_registrant" in again["conditions"]
    assert again["derived_conditions"] == ["dea_registrant"]


def test_each_requirement_names_its_topics_label_and_attestation(alice_api) -> None:
    license_id = _create(alice_api).json()["id"]
    body = alice_api.get(f"/api/v1/licenses/{license_id}/compliance?as_of=2026-06-01").json()
    ethics = next(r for r in body["requirements"] if r["id"] == "tx-md.medical-ethics")
    assert ethics["topic"] == "medical-ethics"
    assert set(ethics["topics"]) == {"medical-ethics", "professional-responsibility"}
    assert ethics["attested"] is False
    assert ethics["label"]
    assert body["unanswered"] == []
    assert body["cannot_judge"] == []


def test_the_schema_documents_the_additive_verdict_fields(alice_api) -> None:
    schema = alice_api.get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    assert {"status", "ended", "unanswered", "cannot_judge"} <= set(
        components["ComplianceOut"]["properties"]
    )
    assert {"topics", "attested", "needs_answers", "label"} <= set(
        components["RequirementResultOut"]["properties"]
    )
    assert {"derived_conditions", "unanswered"} <= set(components["LicenseOut"]["properties"])
