"""The organization API: an office's token reads its roster, and nothing else reads it."""

import datetime
import re
import uuid

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import RecordAccess
from accounts.services import api_token_create
from organizations.models import Consent, OrganizationToken
from organizations.roster import roster_rows
from organizations.tokens import organization_token_create, organization_token_revoke
from tests import factories
from tests.organizations.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime.datetime(2026, 6, 1, 15, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def office_token(memorial, olivia) -> str:  # type: ignore[no-untyped-def]
    _, raw = organization_token_create(
        organization=memorial, created_by=olivia, name="credentialing system"
    )
    return raw


def bearer(raw: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_the_roster_lists_the_consented_licenses_in_words(
    alice, alice_licenses, memorial, office_token
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"], alice_licenses["CA"])

    response = bearer(office_token).get("/api/v1/organization/roster")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["next"] is None
    deadlines = [row["next_deadline"] for row in body["results"]]
    assert deadlines == sorted(deadlines)  # the nearest deadline first
    first = next(row for row in body["results"] if row["license_id"] == alice_licenses["TX"].pk)
    assert first["license"] == "Texas license Q12345"
    assert first["physician_email"] == "alice@example.com"
    assert first["physician_name"] == "Alice Ng"
    assert first["state"] == "TX"
    assert first["status"] in {"complete", "on_track", "behind", "overdue", "needs_answers"}
    assert first["status_label"]
    assert first["next_deadline"] <= "2026-08-31"
    assert first["scope"] == "status"
    assert {row["license"] for row in body["results"]} == {
        "Texas license Q12345",
        "California license A99999",
    }


def test_the_roster_filters_like_the_page(alice, alice_licenses, memorial, office_token) -> None:
    factories.consent_grant(alice, memorial)
    client = bearer(office_token)

    due = client.get("/api/v1/organization/roster", {"due_within_days": 1}).json()
    california = client.get("/api/v1/organization/roster", {"state": "ca"}).json()
    by_state = client.get("/api/v1/organization/roster", {"sort": "state"}).json()

    # Texas renews on 31 Aug 2026: not due within a day; what is already overdue is.
    expected = roster_rows(memorial, as_of=TODAY, due_within_days=1)
    assert [row["license"] for row in due["results"]] == [row.license_label for row in expected]
    assert "Texas license Q12345" not in {row["license"] for row in due["results"]}
    assert due["count"] >= 1
    assert [row["license"] for row in california["results"]] == ["California license A99999"]
    assert [row["state"] for row in by_state["results"]] == ["CA", "FL", "TX"]


def test_the_roster_is_paged_with_links(alice, alice_licenses, memorial, office_token) -> None:
    factories.consent_grant(alice, memorial)
    client = bearer(office_token)

    first = client.get("/api/v1/organization/roster", {"page_size": 2}).json()
    second = client.get(first["next"]).json()

    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert first["previous"] is None
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert client.get("/api/v1/organization/roster", {"page": 9}).status_code == 404


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "fine"}, "status"),
        ({"due_within_days": -1}, "due_within_days"),
        ({"sort": "salary"}, "sort"),
    ],
)
def test_bad_filters_are_400_naming_the_field(memorial, office_token, params, field) -> None:
    response = bearer(office_token).get("/api/v1/organization/roster", params)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not RecordAccess.objects.exists()


def test_each_row_read_is_in_the_physicians_access_log(
    alice, alice_licenses, memorial, office_token
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"])

    bearer(office_token).get("/api/v1/organization/roster")

    entry = RecordAccess.objects.get(physician=alice)
    assert entry.channel == RecordAccess.Channel.ORGANIZATION
    assert entry.what == "Roster (API): status of Texas license Q12345"
    assert "Memorial Hospital" in entry.by_label
    assert "credentialing system" in entry.by_label


def test_the_detail_is_the_licenses_compliance(
    alice, alice_licenses, memorial, office_token
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"], scope=Consent.Scope.TRANSCRIPTS)
    license_id = alice_licenses["TX"].pk

    response = bearer(office_token).get(f"/api/v1/organization/roster/{license_id}")

    assert response.status_code == 200
    body = response.json()
    assert body["license"] == license_id
    assert body["board"] == "TX-MD"
    assert body["requirements"]
    assert body["status"] in {"complete", "on_track", "behind", "overdue", "needs_answers"}
    entry = RecordAccess.objects.get(physician=alice)
    assert entry.what == "Texas license Q12345: compliance (API)"


def test_a_status_only_consent_does_not_name_the_activities_counted(
    alice, alice_licenses, memorial, office_token, log_activity
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"])
    log_activity(alice, completed_on=datetime.date(2025, 3, 1), credits="10.00")

    body = bearer(office_token).get(f"/api/v1/organization/roster/{alice_licenses['TX'].pk}")

    assert body.status_code == 200
    assert all(requirement["activities"] == [] for requirement in body.json()["requirements"])


def test_a_license_outside_the_consent_is_404_like_a_missing_one(
    alice, bob, alice_licenses, memorial, office_token
) -> None:
    factories.consent_grant(alice, memorial, alice_licenses["TX"])
    bobs = factories.texas_license(bob, number="B1")
    client = bearer(office_token)

    for license_id in (alice_licenses["CA"].pk, bobs.pk, 987654):
        response = client.get(f"/api/v1/organization/roster/{license_id}")
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    assert not RecordAccess.objects.exists()


def test_a_revoked_consent_is_404_on_the_next_request(
    alice, alice_licenses, memorial, office_token
) -> None:
    consent = factories.consent_grant(alice, memorial, alice_licenses["TX"])
    client = bearer(office_token)
    path = f"/api/v1/organization/roster/{alice_licenses['TX'].pk}"
    assert client.get(path).status_code == 200

    Consent.objects.filter(pk=consent.pk).update(revoked_at=timezone.now())

    assert client.get(path).status_code == 404
    assert client.get("/api/v1/organization/roster").json()["count"] == 0


def test_an_expired_consent_shows_nothing(alice, alice_licenses, memorial, office_token) -> None:
    factories.consent_grant(alice, memorial, expires_on=TODAY - datetime.timedelta(days=1))

    assert bearer(office_token).get("/api/v1/organization/roster").json()["count"] == 0


def test_another_offices_token_sees_only_its_own_roster(
    alice, alice_licenses, memorial, olivia
) -> None:
    factories.consent_grant(alice, memorial)
    other = factories.OrganizationFactory()
    _, raw = organization_token_create(organization=other, created_by=olivia, name="other")

    assert bearer(raw).get("/api/v1/organization/roster").json()["count"] == 0
    detail = bearer(raw).get(f"/api/v1/organization/roster/{alice_licenses['TX'].pk}")
    assert detail.status_code == 404


def test_a_providers_token_reads_no_roster(alice, alice_licenses, olivia) -> None:
    provider = factories.OrganizationFactory(kind="provider")
    factories.consent_grant(alice, provider)
    _, raw = organization_token_create(organization=provider, created_by=olivia, name="lms")

    assert bearer(raw).get("/api/v1/organization/roster").status_code == 404


def test_a_personal_token_does_not_open_organization_endpoints(
    alice, alice_licenses, memorial, olivia
) -> None:
    factories.consent_grant(alice, memorial)
    _, personal = api_token_create(user=olivia, name="olivia's script")
    session = Client()
    session.force_login(olivia)

    for client in (bearer(personal), session, Client()):
        assert client.get("/api/v1/organization/roster").status_code == 401
        detail = client.get(f"/api/v1/organization/roster/{alice_licenses['TX'].pk}")
        assert detail.status_code == 401
    assert not RecordAccess.objects.exists()


@pytest.mark.parametrize(
    "path",
    ["/api/v1/profile", "/api/v1/licenses", "/api/v1/activities", "/api/v1/export"],
)
def test_an_organization_token_opens_no_personal_endpoint(
    alice, alice_licenses, memorial, office_token, path
) -> None:
    factories.consent_grant(alice, memorial, scope=Consent.Scope.EVERYTHING)

    response = bearer(office_token).get(path)

    assert response.status_code == 401
    assert b"alice" not in response.content


def test_an_organization_token_writes_nothing(
    alice, alice_licenses, memorial, office_token
) -> None:
    factories.consent_grant(alice, memorial, scope=Consent.Scope.EVERYTHING)
    client = bearer(office_token)

    for method in ("post", "patch", "delete"):
        response = getattr(client, method)(
            f"/api/v1/licenses/{alice_licenses['TX'].pk}",
            data={"number": "PWNED"},
            content_type="application/json",
        )
        assert response.status_code in (401, 405)
        roster = getattr(client, method)("/api/v1/organization/roster")
        assert roster.status_code == 405
    assert alice_licenses["TX"].__class__.objects.get(pk=alice_licenses["TX"].pk).number == "Q12345"


def test_a_revoked_or_expired_token_is_refused(memorial, olivia) -> None:
    token, raw = organization_token_create(organization=memorial, created_by=olivia, name="old")
    organization_token_revoke(organization=memorial, pk=token.pk)
    _, expired = organization_token_create(
        organization=memorial,
        created_by=olivia,
        name="short",
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )

    assert bearer(raw).get("/api/v1/organization/roster").status_code == 401
    assert bearer(expired).get("/api/v1/organization/roster").status_code == 401


def test_a_used_token_shows_when_it_was_last_used(memorial, office_token) -> None:
    bearer(office_token).get("/api/v1/organization/roster")

    assert OrganizationToken.objects.get().last_used_at == timezone.now()


def test_an_organization_token_is_rate_limited(settings, memorial, office_token) -> None:
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    settings.API_RATE_LIMIT_PER_IP_PER_MINUTE = 100
    client = bearer(office_token)

    answers = [client.get("/api/v1/organization/roster").status_code for _ in range(3)]

    assert answers == [200, 200, 429]
    assert int(client.get("/api/v1/organization/roster")["Retry-After"]) > 0


def test_the_schema_describes_the_organization_endpoints(client) -> None:
    schema = client.get("/api/v1/openapi.json").json()

    roster = schema["paths"]["/api/v1/organization/roster"]["get"]
    detail = schema["paths"]["/api/v1/organization/roster/{license_id}"]["get"]
    assert "consented license" in roster["description"]
    assert {p["name"] for p in roster["parameters"]} >= {
        "state",
        "status",
        "due_within_days",
        "sort",
        "page",
        "page_size",
    }
    assert "404" in detail["responses"]
    assert roster["security"] != schema["paths"]["/api/v1/licenses"]["get"]["security"]


def test_an_organization_token_opens_no_other_operation_of_the_api(
    alice, alice_licenses, memorial, office_token
) -> None:
    from django.urls import get_resolver

    from tests.security.test_access_matrix import fill, parameters, routes

    factories.consent_grant(alice, memorial, scope=Consent.Scope.EVERYTHING)
    client = bearer(office_token)
    tried = 0
    for route, pattern in routes(get_resolver().url_patterns):
        if (
            route == "api/v1/"
            or not route.startswith("api/v1/")
            or pattern.name
            in (
                "organization_roster",
                "organization_roster_license",
                "openapi-json",
                "openapi-view",
            )
        ):
            continue
        path = fill(
            route,
            {
                name: str(uuid.uuid4()) if re.search(rf"<uuid\w*:{name}>", route) else "1"
                for name in parameters(route)
            },
        )
        for method in ("get", "post", "patch", "delete"):
            response = getattr(client, method)(path)
            tried += 1
            assert response.status_code in (401, 405), f"{method} {path}"
    assert tried > 40
