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
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


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
