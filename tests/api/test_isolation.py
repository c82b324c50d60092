"""Bob gets 404 for each of Alice's objects, through every operation the schema documents."""

import datetime
from typing import Any

import pytest
from django.forms.models import model_to_dict

from activities.models import Activity
from certificates.models import Certificate
from providers.models import Claim, ClaimCode, EvaluationAnswer, Offering
from reporting import transcripts
from reporting.models import License, Transcript
from tests.api.schema import operations, path_parameters
from tests.factories import provider_estate

pytestmark = pytest.mark.django_db

# Path parameters that name something everyone may read (a board's rules), not a user's row.
PUBLIC_PARAMETERS = {"code"}
# A plausible body for each write, so a 404 cannot hide behind a 400 for an empty body.
BODIES: dict[str, dict[str, Any]] = {
    "activities": {"title": "Mine now", "credits": "1.00"},
    "licenses": {"number": "STOLEN"},
    # Valid for both a provider's new activity and a new claim code.
    "providers": {
        "title": "Mine now",
        "starts_on": "2027-03-14",
        "ends_on": "2027-03-14",
        "online": True,
        "designations": [{"credit_type": "ama-pra-1", "max_credits": "1.00"}],
        "opens_at": "2027-03-14T08:00:00Z",
        "closes_at": "2027-04-14T08:00:00Z",
    },
    # Answers to the evaluation of Alice's claim: a well-formed body, so the ownership check
    # answers (the question left unanswered would be a 400, never a 404, were it missing).
    "claims": {"answers": {}},
}


def _snapshot() -> dict[str, list[dict[str, Any]]]:
    return {
        model.__name__: [model_to_dict(row) for row in model.objects.order_by("pk")]
        for model in (
            Activity,
            Certificate,
            License,
            Transcript,
            Offering,
            ClaimCode,
            Claim,
            EvaluationAnswer,
        )
    }


def test_bob_gets_404_for_every_one_of_alices_objects_by_every_method(
    client, alice, alice_record, bob_api
) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    license = alice_record["licenses"][0]
    transcript = transcripts.transcript_request(owner=alice, license_id=license.pk)
    gulf = provider_estate(alice, verification_code="ALICESCLAIM1")
    alices = {
        "activity_id": alice_record["activities"][2].pk,
        "certificate_id": alice_record["certificates"][0].pk,
        "license_id": license.pk,
        "transcript_id": transcript.pk,
        "provider_slug": gulf.provider.organization.slug,
        "offering_id": gulf.offering.pk,
        "claim_id": gulf.claim.pk,
    }
    before = _snapshot()
    tried, failures = 0, []
    for method, path, operation in operations(schema):
        parameters = path_parameters(operation)
        owned = [name for name in parameters if name not in PUBLIC_PARAMETERS]
        if not owned:
            continue
        unknown = set(owned) - set(alices)
        assert not unknown, f"{method} {path}: give Alice an object for {unknown}"
        url = path.format(**alices)
        if method == "GET":
            response = bob_api.get(url, {"as_of": datetime.date(2026, 11, 1).isoformat()})
        else:
            body = BODIES.get(path.split("/")[3], {})
            response = getattr(bob_api, method.lower())(url, body, content_type="application/json")
        tried += 1
        if path.startswith("/api/v1/organization/"):
            # An office's endpoints take only the office's own token: a personal one is no
            # credential there (their consent checks: tests/organizations/test_api.py).
            if response.status_code != 401:
                failures.append(f"{method} {url}: {response.status_code} with a personal token")
            continue
        if response.status_code != 404 or response.json() != {"detail": "Not found."}:
            failures.append(f"{method} {url}: {response.status_code} {response.content[:200]!r}")
    assert not failures, "\n".join(failures)
    assert tried >= 12  # read, change and delete of activities, certificates, licenses, ...
    assert _snapshot() == before
