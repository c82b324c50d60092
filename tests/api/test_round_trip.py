"""Export, delete the account, import into a fresh one: the same compliance for every license."""

import io
from typing import Any

import pytest
from django.test import Client

from accounts.models import User
from activities.models import Activity
from tests.accounts.factories import UserFactory
from tests.api.conftest import bearer_client

pytestmark = pytest.mark.django_db

AS_OF = "2026-11-01"


def _compliance_by_license(client: Client) -> dict[tuple[str, str], dict[str, Any]]:
    """Each license's compliance, with database ids swapped for what the clinician sees."""
    titles = dict(Activity.objects.values_list("pk", "title"))
    results = {}
    for license in client.get("/api/v1/licenses").json():
        response = client.get(f"/api/v1/licenses/{license['id']}/compliance?as_of={AS_OF}")
        assert response.status_code == 200
        body = response.json()
        body.pop("license")
        for requirement in body["requirements"]:
            requirement["activities"] = sorted(titles[pk] for pk in requirement["activities"])
        results[(license["board"], license["number"])] = body
    return results


def test_export_delete_import_gives_identical_compliance_for_every_license(
    alice, alice_api, alice_record
) -> None:
    before = _compliance_by_license(alice_api)
    assert set(before) == {("TX-MD", "Q12345"), ("US-DEA", "AN1234563")}
    texas = before[("TX-MD", "Q12345")]
    # The comparison means something: credits were counted, and the ethics hours are met.
    assert texas["rule_set"] is not None
    ethics = next(r for r in texas["requirements"] if r["topic"] == "medical-ethics")
    assert ethics["status"] == "met"
    assert ethics["activities"] == ["Grand rounds 3"]
    assert any(r["earned"] != "0.00" for r in texas["requirements"])

    export = alice_api.get("/api/v1/export")
    data = b"".join(export.streaming_content)
    # Deleting the user row removes everything that cascades from it, as leaving does.
    User.objects.filter(pk=alice.pk).delete()
    assert not Activity.objects.exists()

    fresh = UserFactory(email="alice.new@example.com")
    client = bearer_client(fresh)
    response = client.post("/api/v1/import", {"file": io.BytesIO(data)})
    assert response.status_code == 201, response.json()

    after = _compliance_by_license(client)
    assert after == before
