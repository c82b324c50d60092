"""A physician attests a requirement instead of logging an activity: completed before CME Track,
or exempt for a reason the rule offers. Attested, never counted as credits."""

import datetime
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import reverse

from accounts.models import Profile
from accounts.services import api_token_create
from reporting.licenses.services import (
    attestation_delete,
    attestation_save,
    license_create,
    profile_practice_update,
)
from reporting.models import Attestation, Board, License
from reporting.record import portability
from tests.api.test_portability import _rezip

pytestmark = pytest.mark.django_db

AS_OF = "2026-12-01"
MATE = "us-dea.substance-use-disorders"
MEDICAL_ERRORS = "fl-do.medical-errors"


@pytest.fixture
def licenses(alice, load_rules) -> dict[str, License]:  # type: ignore[no-untyped-def]
    load_rules("FL")
    dea = license_create(
        owner=alice,
        board=Board.objects.get(code="US-DEA"),
        number="AN1234563",
        issued_on=datetime.date(2015, 3, 1),
        expires_on=datetime.date(2027, 2, 28),
        condition_answers={},
    )
    florida = license_create(
        owner=alice,
        board=Board.objects.get(code="FL-DO"),
        number="OS12345",
        issued_on=datetime.date(2012, 4, 1),
        expires_on=datetime.date(2028, 3, 31),
        condition_answers={},
    )
    return {"dea": dea, "florida": florida}


@pytest.fixture
def alice_api(alice) -> Client:  # type: ignore[no-untyped-def]
    _, raw = api_token_create(user=alice, name="tests")
    return Client(headers={"authorization": f"Bearer {raw}"})


def _requirement(api: Client, license: License, code: str) -> dict:
    response = api.get(f"/api/v1/licenses/{license.pk}/compliance?as_of={AS_OF}")
    assert response.status_code == 200, response.content
    return next(r for r in response.json()["requirements"] if r["id"] == code)


def _attest_url(license: License, code: str) -> str:
    return reverse("reporting:attestation_edit", args=[license.pk, code])


# --- What an attestation does to the verdict ------------------------------------------------
def test_attested_past_training_meets_the_requirement_without_counting_as_credits(
    alice, alice_api, licenses
) -> None:
    before = _requirement(alice_api, licenses["dea"], MATE)
    assert before["status"] in {"not_yet_due", "short"}
    assert before["attested"] is False

    attestation_save(
        user=alice,
        license=licenses["dea"],
        requirement_code=MATE,
        kind="completed",
        completed_on=datetime.date(2023, 9, 14),
    )
    after = _requirement(alice_api, licenses["dea"], MATE)
    assert after["status"] == "met"
    assert after["attested"] is True
    assert after["earned"] == "0.00"  # an attestation is not credits
    assert after["activities"] == []
    assert after["explanation"] == (
        "Opioid and substance use disorder treatment (DEA MATE Act), 8 h — "
        "met: you attested that you completed it on 14 Sep 2023."
    )


def test_an_attested_exemption_makes_the_requirement_not_required(
    alice, alice_api, licenses
) -> None:
    attestation_save(
        user=alice,
        license=licenses["florida"],
        requirement_code=MEDICAL_ERRORS,
        kind="exempt",
        completed_on=datetime.date(2020, 1, 1),  # an exemption keeps no completion date
        reason="Retired from clinical practice in Florida",
    )
    line = _requirement(alice_api, licenses["florida"], MEDICAL_ERRORS)
    assert line["status"] == "not_applicable"
    assert line["attested"] is True
    assert line["earned"] == "0.00"
    assert "Retired from clinical practice in Florida" in line["explanation"]
    stored = Attestation.objects.get()
    assert stored.completed_on is None


# --- The page -------------------------------------------------------------------------------
def test_the_license_page_offers_to_attest_and_then_shows_it_attested(
    alice, alice_client, licenses
) -> None:
    page_url = reverse("reporting:license_detail", args=[licenses["dea"].pk])
    page = alice_client.get(page_url).content.decode()
    assert f'href="{_attest_url(licenses["dea"], MATE)}">Attest instead' in page

    form = alice_client.get(_attest_url(licenses["dea"], MATE)).content.decode()
    assert "I completed this before I used CME Track" in form
    assert "I am exempt because" in form

    response = alice_client.post(
        _attest_url(licenses["dea"], MATE), {"kind": "completed", "completed_on": "2023-09-14"}
    )
    assert response.status_code == 302
    assert response["Location"] == page_url
    page = alice_client.get(page_url).content.decode()
    assert "attested" in page
    assert "Change or remove the attestation" in page
    stored = Attestation.objects.get(license=licenses["dea"])
    assert (stored.requirement_code, stored.kind) == (MATE, "completed")
    assert stored.completed_on == datetime.date(2023, 9, 14)


def test_editing_replaces_the_attestation_and_keeps_its_history(
    alice, alice_client, licenses
) -> None:
    url = _attest_url(licenses["florida"], MEDICAL_ERRORS)
    alice_client.post(url, {"kind": "completed", "completed_on": "2025-02-01"})
    edit = alice_client.get(url)
    assert edit.context["form"].initial["kind"] == "completed"
    alice_client.post(url, {"kind": "exempt", "reason": "Not practising in Florida"})
    stored = Attestation.objects.get()
    assert (stored.kind, stored.reason, stored.completed_on) == (
        "exempt",
        "Not practising in Florida",
        None,
    )
    assert stored.history.count() == 2


def test_removing_an_attestation_asks_first(alice, alice_client, alice_api, licenses) -> None:
    attestation_save(
        user=alice,
        license=licenses["dea"],
        requirement_code=MATE,
        kind="completed",
        completed_on=datetime.date(2023, 9, 14),
    )
    url = reverse("reporting:attestation_delete", args=[licenses["dea"].pk, MATE])
    confirm = alice_client.get(url).content.decode()
    assert "Remove your attestation for" in confirm
    assert Attestation.objects.exists()  # asking is not removing
    alice_client.post(url)
    assert not Attestation.objects.exists()
    assert _requirement(alice_api, licenses["dea"], MATE)["attested"] is False
    assert alice_client.get(url).status_code == 404  # nothing left to remove


# --- Bad input: a clear message, nothing stored --------------------------------------------------
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "completed", "completed_on": "2099-01-01"}, "cannot be in the future"),
        ({"kind": "completed"}, "Give the date you completed it."),
        ({"kind": "exempt", "reason": "   "}, "Say why you are exempt"),
        ({"completed_on": "2023-01-01"}, "Choose whether you completed it or are exempt."),
        ({"kind": "waived"}, "Select a valid choice"),
        ({"kind": "completed", "completed_on": "1901-01-01"}, "after 1950"),
    ],
)
def test_bad_attestations_are_refused_with_a_message(alice_client, licenses, data, message) -> None:
    response = alice_client.post(_attest_url(licenses["dea"], MATE), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Attestation.objects.exists()


@pytest.mark.parametrize(
    ("license_name", "code", "message"),
    [
        ("dea", "us-dea.no-such-rule", "rules for this cycle have no requirement"),
        ("dea", MEDICAL_ERRORS, "rules for this cycle have no requirement"),  # another board's
    ],
)
def test_the_service_refuses_a_requirement_the_licenses_rules_do_not_have(
    alice, licenses, license_name, code, message
) -> None:
    with pytest.raises(ValidationError) as raised:
        attestation_save(
            user=alice,
            license=licenses[license_name],
            requirement_code=code,
            kind="completed",
            completed_on=datetime.date(2023, 1, 1),
        )
    assert message in raised.value.message_dict["requirement_code"][0]
    assert not Attestation.objects.exists()


def test_an_unknown_requirement_has_no_attestation_page(alice_client, licenses) -> None:
    url = _attest_url(licenses["dea"], "us-dea.no-such-rule")
    assert alice_client.get(url).status_code == 404
    assert alice_client.post(url, {"kind": "exempt", "reason": "x"}).status_code == 404
    assert not Attestation.objects.exists()


def test_bob_cannot_attest_for_alices_license(bob, licenses) -> None:
    with pytest.raises(Http404):
        attestation_save(
            user=bob,
            license=licenses["dea"],
            requirement_code=MATE,
            kind="completed",
            completed_on=datetime.date(2023, 1, 1),
        )
    assert not Attestation.objects.exists()


@pytest.mark.parametrize("name", ["attestation_edit", "attestation_delete"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_bob_gets_404_for_alices_attestations(alice, bob, bob_client, licenses, name, method):  # type: ignore[no-untyped-def]
    attestation_save(
        user=alice,
        license=licenses["dea"],
        requirement_code=MATE,
        kind="completed",
        completed_on=datetime.date(2023, 9, 14),
    )
    url = reverse(f"reporting:{name}", args=[licenses["dea"].pk, MATE])
    response = getattr(bob_client, method)(url, {"kind": "exempt", "reason": "HACKED"})
    assert response.status_code == 404
    stored = Attestation.objects.get()
    assert (stored.kind, stored.reason) == ("completed", "")
    with pytest.raises(Http404):
        attestation_delete(user=bob, license=licenses["dea"].pk, requirement_code=MATE)
    assert Attestation.objects.count() == 1


# --- The export and import ------------------------------------------------------------------
def _export(user) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(portability.account_export_stream(user=user))


def test_attestations_and_practice_facts_round_trip_through_the_export(
    alice, bob, licenses
) -> None:
    profile_practice_update(
        user=alice, answers={"direct_patient_care": True, "treats_children": False}
    )
    attestation_save(
        user=alice,
        license=licenses["dea"],
        requirement_code=MATE,
        kind="completed",
        completed_on=datetime.date(2023, 9, 14),
        reason="Eight hours at the state society's course",
    )
    data = _export(alice)
    archive = zipfile.ZipFile(io.BytesIO(data))
    [row] = json.loads(archive.read("attestations.json"))
    assert row["board"] == "US-DEA"
    assert row["requirement_code"] == MATE
    assert row["completed_on"] == "2023-09-14"
    profile = json.loads(archive.read("profile.json"))
    assert profile["practice_facts"] == {"direct_patient_care": True, "treats_children": False}

    portability.account_import(user=bob, upload=io.BytesIO(data))
    copy = Attestation.objects.get(license__owner=bob)
    assert copy.license.board.code == "US-DEA"
    assert (copy.requirement_code, copy.kind, copy.completed_on, copy.reason) == (
        MATE,
        "completed",
        datetime.date(2023, 9, 14),
        "Eight hours at the state society's course",
    )
    assert Profile.objects.get(user=bob).practice_facts == {
        "direct_patient_care": True,
        "treats_children": False,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"requirement_code": "us-dea.no-such-rule"}, "have no requirement 'us-dea.no-such-rule'"),
        ({"license": 999999}, "which is not in licenses.json"),
        ({"kind": "exempt", "reason": ""}, "Say why you are exempt"),
        ({"completed_on": "2099-01-01"}, "cannot be in the future"),
    ],
)
def test_import_refuses_a_bad_attestation_and_stores_nothing(
    alice, bob, licenses, change, message
) -> None:
    attestation_save(
        user=alice,
        license=licenses["dea"],
        requirement_code=MATE,
        kind="completed",
        completed_on=datetime.date(2023, 9, 14),
    )
    data = _export(alice)
    rows = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("attestations.json"))
    rows[0].update(change)
    bad = _rezip(data, replace={"attestations.json": json.dumps(rows).encode()}, fix_manifest=True)
    with pytest.raises(portability.ImportRefused) as refused:
        portability.account_import(user=bob, upload=io.BytesIO(bad))
    assert any(message in m for m in refused.value.message_dict["attestations.json"])
    assert not License.objects.filter(owner=bob).exists()
    assert not Attestation.objects.filter(license__owner=bob).exists()


def test_import_refuses_unknown_practice_facts(alice, bob, licenses) -> None:
    data = _export(alice)
    profile = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("profile.json"))
    profile["practice_facts"] = {"pain_clinic": True, "direct_patient_care": "yes"}
    bad = _rezip(data, replace={"profile.json": json.dumps(profile).encode()}, fix_manifest=True)
    with pytest.raises(portability.ImportRefused) as refused:
        portability.account_import(user=bob, upload=io.BytesIO(bad))
    messages = " ".join(refused.value.message_dict["profile.json"])
    assert "unknown question(s) pain_clinic" in messages
    assert not License.objects.filter(owner=bob).exists()
    assert Profile.objects.get(user=bob).practice_facts == {}


def test_an_export_without_attestations_still_imports(alice, bob, licenses) -> None:
    data = _export(alice)
    source = zipfile.ZipFile(io.BytesIO(data))
    manifest = json.loads(source.read("manifest.json"))
    del manifest["files"]["attestations.json"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            if name not in {"attestations.json", "manifest.json"}:
                target.writestr(name, source.read(name))
        target.writestr("manifest.json", json.dumps(manifest))
    summary = portability.account_import(user=bob, upload=io.BytesIO(out.getvalue()))
    assert summary.licenses == 2


def test_attestations_appear_in_the_owners_history_page(alice, alice_client, bob_client, licenses):  # type: ignore[no-untyped-def]
    url = _attest_url(licenses["dea"], MATE)
    alice_client.post(url, {"kind": "completed", "completed_on": "2023-09-14"})
    alice_client.post(url, {"kind": "exempt", "reason": "Not registered to prescribe"})
    page = alice_client.get(reverse("reporting:history")).content.decode()
    assert "Attestation" in page
    # Named as the license page names the requirement, never by its code.
    assert "Opioid and substance use disorder treatment" in page
    assert MATE not in page
    assert "Not registered to prescribe" in page  # the change, field by field
    bobs = bob_client.get(reverse("reporting:history")).content.decode()
    assert "Opioid and substance use disorder treatment" not in bobs
