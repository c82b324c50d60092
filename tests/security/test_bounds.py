# ruff: noqa: F811 - pytest fixtures imported from other test packages are parameters here
"""Dates no clinician could mean are refused everywhere they enter, and batch jobs survive
one that slipped in anyway (written straight into the table, as an old row or a bug would)."""

import datetime
import hashlib
import io
import json
import zipfile

import pytest
import time_machine
from django.urls import reverse

from activities.models import Activity
from reporting.compliance.evaluation import licenses_reevaluate
from reporting.deadlines.reminders import license_reminders_send
from reporting.models import Board, License, ReminderLog
from tests.api.conftest import (  # noqa: F401 - shared fixtures
    alice_api,
    alice_record,
    bearer_client,
    record_counts,
)
from tests.factories import LicenseFactory
from tests.reporting.conftest import load_rules, log_activity  # noqa: F401
from tests.reporting.transcripts.conftest import cme_record, texas_license  # noqa: F401

pytestmark = pytest.mark.django_db
YEAR_ONE = datetime.date(1, 1, 1)
RANGE_MESSAGE = "between 1900-01-01 and 2100-12-31"


def _license_json(**overrides: object) -> dict[str, object]:
    body: dict[str, object] = {
        "board": "TX-MD",
        "number": "Q99999",
        "issued_on": "2015-06-01",
        "expires_on": "2027-08-31",
        "conditions": ["direct_patient_care"],
    }
    body.update(overrides)
    return body


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("issued_on", "0001-01-01"),
        ("expires_on", "9999-12-31"),
        ("cycle_start", "0001-01-01"),
    ],
)
def test_the_api_refuses_a_license_date_out_of_range_and_stores_nothing(
    bob, load_rules, field, value
) -> None:
    load_rules("TX")
    api = bearer_client(bob)
    body = _license_json(**{field: value})
    if field == "cycle_start":
        body["cycle_end"] = "2027-08-31"
    response = api.post("/api/v1/licenses", body, content_type="application/json")
    assert response.status_code == 400
    assert RANGE_MESSAGE in response.json()["errors"][field][0]
    assert not License.objects.filter(owner=bob).exists()


def test_the_form_refuses_a_year_one_license(bob, bob_client, load_rules) -> None:
    load_rules("TX")
    form = {
        "board": Board.objects.get(code="TX-MD").pk,
        "number": "Q99999",
        "issued_on": "0001-01-01",
        "expires_on": "2027-08-31",
        "conditions": ["direct_patient_care"],
    }
    response = bob_client.post(reverse("reporting:license_create"), form)
    assert response.status_code == 200
    assert RANGE_MESSAGE in response.content.decode()
    assert not License.objects.filter(owner=bob).exists()


def test_the_import_refuses_a_year_one_license_and_imports_nothing(
    bob, alice_api, alice_record
) -> None:
    export = b"".join(alice_api.get("/api/v1/export").streaming_content)
    source = zipfile.ZipFile(io.BytesIO(export))
    licenses = json.loads(source.read("licenses.json"))
    licenses[0]["issued_on"] = "0001-01-01"
    manifest = json.loads(source.read("manifest.json"))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "licenses.json":
                content = json.dumps(licenses).encode()
                manifest["files"][name] = {
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "size": len(content),
                }
            if name != "manifest.json":
                target.writestr(name, content)
        target.writestr("manifest.json", json.dumps(manifest))
    response = bearer_client(bob).post("/api/v1/import", {"file": io.BytesIO(out.getvalue())})
    assert response.status_code == 400
    assert RANGE_MESSAGE in json.dumps(response.json()["errors"])
    assert record_counts(bob) == (0, 0, 0)


@pytest.mark.parametrize(
    ("field", "value"),
    [("started_on", "0001-01-01"), ("completed_on", "1899-12-31")],
)
def test_the_api_refuses_an_activity_date_out_of_range(bob, alice_record, field, value) -> None:
    body = {
        "title": "Grand rounds",
        "completed_on": "2026-03-01",
        "credit_type": "ama-pra-1",
        "credits": "1.00",
        "provider": "Texas Medical Association",
        field: value,
    }
    response = bearer_client(bob).post("/api/v1/activities", body, content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Activity.objects.filter(owner=bob).exists()


def test_a_birth_date_in_year_one_is_refused_and_not_stored(bob, bob_client) -> None:
    response = bob_client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Bob Ray",
            "degree": "MD",
            "birth_date": "0001-01-01",
            "paper_size": "letter",
        },
    )
    assert response.status_code == 200
    assert "Please enter a date of birth after 1900." in response.content.decode()
    bob.profile.refresh_from_db()
    assert bob.profile.birth_date is None


# --- Batch jobs: one bad row is logged and counted; everyone else is still served ------------
@pytest.fixture
def bobs_broken_license(bob, texas_license) -> License:  # type: ignore[no-untyped-def]
    """Bob's license, then a year-1 first licensure written past every validator."""
    license = LicenseFactory(
        owner=bob,
        board=texas_license.board,
        number="B0B",
        issued_on=datetime.date(2010, 1, 1),
        expires_on=texas_license.expires_on,
    )
    License.objects.filter(pk=license.pk).update(issued_on=YEAR_ONE)
    return license


def test_reevaluation_judges_everyone_else_and_counts_the_broken_license(
    alice, cme_record, bobs_broken_license, caplog
) -> None:
    License.objects.filter(owner=alice).update(is_compliant=None)
    License.objects.filter(pk=bobs_broken_license.pk).update(is_compliant=True)
    result = licenses_reevaluate(as_of=datetime.date(2027, 8, 1))
    assert result == 1
    assert result.failed == 1
    alices = License.objects.get(owner=alice)
    assert alices.is_compliant is not None  # judged, not skipped
    assert alices.compliance_checked_at is not None
    bobs = License.objects.get(pk=bobs_broken_license.pk)
    assert bobs.is_compliant is None  # unknown, never a stale "compliant"
    assert "skipped <License: TX-MD B0B>" in caplog.text


def test_reminders_reach_everyone_else_and_count_the_broken_license(
    alice, cme_record, bobs_broken_license, mailoutbox, caplog
) -> None:
    day = datetime.datetime(2027, 8, 1, 13, tzinfo=datetime.UTC)
    with time_machine.travel(day):
        result = license_reminders_send(today=day.date())
    assert result == 1
    assert result.failed == 1
    assert [message.to for message in mailoutbox] == [[alice.email]]
    assert ReminderLog.objects.filter(license__owner=alice).count() == 1
    assert not ReminderLog.objects.filter(license=bobs_broken_license).exists()
    assert "license_reminders: 1 license(s) skipped" in caplog.text
