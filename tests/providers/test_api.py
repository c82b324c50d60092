"""`/api/v1/providers/…` and `/api/v1/claims`: staff reach their own provider only, learners their
own claims only, and bad input says why with nothing stored."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from accounts.models import ApiToken
from organizations.models import Role
from providers.models import Claim, ClaimCode, Offering
from tests.accounts.factories import UserFactory
from tests.api.conftest import bearer_client
from tests.factories import MembershipFactory, cme_provider, offer

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2027, 3, 14, 15, tzinfo=datetime.UTC)
ACTIVITY = {
    "title": "Ethics in Practice",
    "learning_format": "live",
    "starts_on": "2027-03-14",
    "ends_on": "2027-03-14",
    "city": "Houston",
    "state": "TX",
    "topics": ["medical-ethics"],
    "designations": [{"credit_type": "ama-pra-1", "max_credits": "3.50"}],
}


@pytest.fixture
def alice_api(alice) -> Client:  # type: ignore[no-untyped-def]
    return bearer_client(alice)


@pytest.fixture
def bob_api(bob) -> Client:  # type: ignore[no-untyped-def]
    return bearer_client(bob)


@pytest.fixture(autouse=True)
def _now(time_machine):  # type: ignore[no-untyped-def]
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def gulf(alice):  # type: ignore[no-untyped-def]
    """Alice is on the staff of the Gulf Coast Medical Society, a CME provider."""
    provider = cme_provider(name="Gulf Coast Medical Society", slug="gulf-coast")
    MembershipFactory(organization=provider.organization, user=alice, role=Role.STAFF)
    return provider


@pytest.fixture
def lone_star(bob):  # type: ignore[no-untyped-def]
    """Bob is on the staff of another provider."""
    provider = cme_provider(name="Lone Star Academy", slug="lone-star-academy")
    MembershipFactory(organization=provider.organization, user=bob, role=Role.STAFF)
    return provider


@pytest.fixture
def ethics(gulf):  # type: ignore[no-untyped-def]
    """Gulf Coast's ethics course with a shared code, open for claims today."""
    return offer(
        provider=gulf,
        title="Ethics in Practice",
        designations={"ama-pra-1": "3.50"},
        topics=("medical-ethics",),
        claims_close=NOW + datetime.timedelta(days=30),
    )


def _code(offering: Offering) -> str:
    return offering.codes.get().code


def _post(client: Client, url: str, body: dict) -> object:  # type: ignore[type-arg]
    return client.post(url, body, content_type="application/json")


def _physician(user, degree: str = "MD") -> Client:  # type: ignore[no-untyped-def]
    user.profile.degree = degree
    user.profile.full_name = "Carla Diaz"
    user.profile.save()
    return bearer_client(user)


# --- A provider's staff ------------------------------------------------------------------------


def test_staff_list_the_providers_they_are_on(alice_api, gulf, lone_star) -> None:
    body = alice_api.get("/api/v1/providers").json()
    assert [p["slug"] for p in body["results"]] == [gulf.organization.slug]
    assert body["count"] == 1


def test_staff_create_an_activity_with_its_designations_and_topics(alice_api, gulf) -> None:
    response = _post(alice_api, f"/api/v1/providers/{gulf.organization.slug}/activities", ACTIVITY)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["designations"] == [{"credit_type": "ama-pra-1", "max_credits": "3.50"}]
    assert body["topics"] == ["medical-ethics"]
    assert body["location"] == "Houston, TX"
    offering = Offering.objects.get(pk=body["id"])
    assert offering.provider == gulf
    assert offering.designations.get().max_credits == Decimal("3.50")


def test_credits_off_the_quarter_hour_grid_are_refused_and_nothing_is_stored(
    alice_api, gulf
) -> None:
    body = {**ACTIVITY, "designations": [{"credit_type": "ama-pra-1", "max_credits": "3.30"}]}
    response = _post(alice_api, f"/api/v1/providers/{gulf.organization.slug}/activities", body)
    assert response.status_code == 400
    messages = response.json()["errors"]["designations"]
    assert any("steps of 0.25" in message for message in messages), messages
    assert not Offering.objects.exists()


def test_unknown_codes_are_named_and_nothing_is_stored(alice_api, gulf) -> None:
    body = {
        **ACTIVITY,
        "topics": ["ethics-ish"],
        "designations": [{"credit_type": "cat-one", "max_credits": "1.00"}],
    }
    response = _post(alice_api, f"/api/v1/providers/{gulf.organization.slug}/activities", body)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["topics"] == ["Unknown topic “ethics-ish”."]
    assert errors["designations"][0].startswith("Unknown credit type “cat-one”; use one of")
    assert not Offering.objects.exists()


def test_an_activity_without_any_designation_is_refused(alice_api, gulf) -> None:
    body = {**ACTIVITY, "designations": []}
    response = _post(alice_api, f"/api/v1/providers/{gulf.organization.slug}/activities", body)
    assert response.status_code == 400
    assert "Designate at least one kind of credit" in response.json()["errors"]["designations"][0]
    assert not Offering.objects.exists()


def test_a_read_only_viewer_cannot_create_an_activity(bob, gulf) -> None:
    MembershipFactory(organization=gulf.organization, user=bob, role=Role.VIEWER)
    response = _post(
        bearer_client(bob), f"/api/v1/providers/{gulf.organization.slug}/activities", ACTIVITY
    )
    assert response.status_code == 404
    assert not Offering.objects.exists()


def test_a_read_only_token_cannot_write(alice, gulf) -> None:
    client = bearer_client(alice, scope=ApiToken.Scope.READ)
    response = _post(client, f"/api/v1/providers/{gulf.organization.slug}/activities", ACTIVITY)
    assert response.status_code == 403
    assert not Offering.objects.exists()


def test_staff_list_their_providers_activities_a_page_at_a_time(alice_api, gulf) -> None:
    for n in range(3):
        offer(provider=gulf, title=f"Course {n}", designations={"ama-pra-1": "1.00"})
    url = f"/api/v1/providers/{gulf.organization.slug}/activities?page_size=2"
    first = alice_api.get(url).json()
    assert first["count"] == 3
    assert len(first["results"]) == 2
    assert "page=2" in first["next"]
    assert len(alice_api.get(first["next"]).json()["results"]) == 1


def test_staff_issue_a_claim_code(alice_api, gulf, ethics) -> None:
    url = f"/api/v1/providers/{gulf.organization.slug}/activities/{ethics.pk}/codes"
    response = _post(
        alice_api,
        url,
        {"opens_at": "2027-03-14T08:00:00Z", "closes_at": "2027-04-14T08:00:00Z"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "shared"
    code = ClaimCode.objects.get(pk=body["id"])
    assert body["code"].replace("-", "") == code.code
    assert code.offering == ethics


def test_a_code_that_closes_before_it_opens_is_refused_and_nothing_is_stored(
    alice_api, gulf, ethics
) -> None:
    url = f"/api/v1/providers/{gulf.organization.slug}/activities/{ethics.pk}/codes"
    response = _post(
        alice_api,
        url,
        {"opens_at": "2027-04-14T08:00:00Z", "closes_at": "2027-03-14T08:00:00Z"},
    )
    assert response.status_code == 400
    assert response.json()["errors"]["closes_at"] == ["Claims must close after they open."]
    assert ethics.codes.count() == 1  # the one it was made with


def test_a_code_for_another_activitys_session_is_refused(alice_api, gulf, ethics) -> None:
    other = offer(provider=gulf, title="Other", designations={"ama-pra-1": "1.00"})
    session = other.sessions.create(title="Day 1", held_on=other.starts_on)
    url = f"/api/v1/providers/{gulf.organization.slug}/activities/{ethics.pk}/codes"
    response = _post(
        alice_api,
        url,
        {
            "opens_at": "2027-03-14T08:00:00Z",
            "closes_at": "2027-04-14T08:00:00Z",
            "session": session.pk,
        },
    )
    assert response.status_code == 400
    assert response.json()["errors"]["session"] == ["Choose one of this activity's sessions."]
    assert ethics.codes.count() == 1


def test_staff_list_the_claims_of_their_activity_a_page_at_a_time(alice_api, gulf, ethics) -> None:
    for name in ("Ann", "Ben", "Cy"):
        learner = UserFactory(profile__full_name=f"{name} Learner", profile__degree="MD")
        response = _post(
            bearer_client(learner),
            "/api/v1/claims",
            {"code": _code(ethics), "claim_as": "ama-pra-1", "credits": "3.00", "attested": True},
        )
        assert response.status_code == 201, response.content
    url = f"/api/v1/providers/{gulf.organization.slug}/activities/{ethics.pk}/claims?page_size=2"
    first = alice_api.get(url).json()
    assert first["count"] == 3
    assert [c["first_name"] for c in first["results"]] == ["Ann", "Ben"]
    assert first["results"][0]["credits"] == "3.00"
    assert first["results"][0]["credit_type"] == "ama-pra-1"
    assert "activity" not in first["results"][0]  # the learner's own record is theirs
    assert [c["first_name"] for c in alice_api.get(first["next"]).json()["results"]] == ["Cy"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "activities", None),
        ("post", "activities", ACTIVITY),
        ("get", "activities/{offering}/claims", None),
        (
            "post",
            "activities/{offering}/codes",
            {"opens_at": "2027-03-14T08:00:00Z", "closes_at": "2027-04-14T08:00:00Z"},
        ),
    ],
)
def test_another_providers_staff_get_404_and_change_nothing(  # type: ignore[no-untyped-def]
    bob_api, gulf, lone_star, ethics, method, path, body
) -> None:
    before = (Offering.objects.count(), ClaimCode.objects.count())
    for slug in (gulf.organization.slug, lone_star.organization.slug):
        url = f"/api/v1/providers/{slug}/{path.format(offering=ethics.pk)}"
        if slug == lone_star.organization.slug and "{offering}" not in path:
            continue  # Bob's own provider's list and create are his
        response = bob_api.get(url) if method == "get" else _post(bob_api, url, body)
        assert response.status_code == 404, (url, response.content)
        assert response.json() == {"detail": "Not found."}
    assert (Offering.objects.count(), ClaimCode.objects.count()) == before


def test_a_learner_who_is_on_no_staff_gets_404_for_a_providers_claims(
    bob_api, gulf, ethics
) -> None:
    url = f"/api/v1/providers/{gulf.organization.slug}/activities/{ethics.pk}/claims"
    assert bob_api.get(url).status_code == 404


# --- Learners ----------------------------------------------------------------------------------


def test_a_physician_claims_with_the_code_and_sees_the_claim(bob, ethics) -> None:
    client = _physician(bob)
    response = _post(
        client,
        "/api/v1/claims",
        {
            "code": _code(ethics).lower(),
            "claim_as": "ama-pra-1",
            "credits": "3.00",
            "attested": True,
            "report_consent": True,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["credits"] == "3.00"
    assert body["title"] == "Ethics in Practice"
    assert body["provider"] == "Gulf Coast Medical Society"
    claim = Claim.objects.get(pk=body["id"])
    assert claim.learner == bob
    assert claim.report_consent
    assert client.get("/api/v1/claims").json()["results"][0]["id"] == claim.pk


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"code": "NOPE-NOPE"}, "code", "We do not know this code"),
        ({"credits": "3.10"}, "credits", "steps of 0.25"),
        ({"credits": "4.00"}, "credits", "at most 3.50"),
        ({"credits": "three"}, "credits", "as a number"),
        ({"attested": False}, "attested", "Tick the attestation"),
        ({"claim_as": "aoa-1a"}, "claim_as", "Choose one of the kinds of credit"),
    ],
)
def test_a_bad_claim_says_why_and_stores_nothing(bob, ethics, body, field, words) -> None:  # type: ignore[no-untyped-def]
    claim = {"code": _code(ethics), "claim_as": "ama-pra-1", "credits": "3.00", "attested": True}
    response = _post(_physician(bob), "/api/v1/claims", {**claim, **body})
    assert response.status_code == 400
    messages = response.json()["errors"][field]
    assert any(words in message for message in messages), messages
    assert not Claim.objects.exists()


def test_a_closed_code_says_when_it_closed_and_stores_nothing(bob, ethics, time_machine) -> None:
    time_machine.move_to(NOW + datetime.timedelta(days=31), tick=False)
    response = _post(
        _physician(bob),
        "/api/v1/claims",
        {"code": _code(ethics), "claim_as": "ama-pra-1", "credits": "3.00", "attested": True},
    )
    assert response.status_code == 400
    assert "Claims with this code closed on" in response.json()["errors"]["code"][0]
    assert not Claim.objects.exists()


def test_a_second_claim_of_the_same_activity_is_refused(bob, ethics) -> None:
    client = _physician(bob)
    claim = {"code": _code(ethics), "claim_as": "ama-pra-1", "credits": "1.00", "attested": True}
    assert _post(client, "/api/v1/claims", claim).status_code == 201
    response = _post(client, "/api/v1/claims", claim)
    assert response.status_code == 400
    assert "You already claimed 1.00 credits" in response.json()["errors"]["__all__"][0]
    assert Claim.objects.count() == 1


def test_a_nurse_practitioner_asking_for_category_1_is_pointed_to_participation(
    bob, ethics
) -> None:
    response = _post(
        _physician(bob, degree="NP"),
        "/api/v1/claims",
        {"code": _code(ethics), "claim_as": "ama-pra-1", "credits": "3.00", "attested": True},
    )
    assert response.status_code == 400
    message = response.json()["errors"]["claim_as"][0]
    assert "only for physicians (MD, DO)" in message
    assert "certificate of participation" in message
    assert not Claim.objects.exists()


def test_codes_guessed_in_a_loop_are_refused_for_a_while(bob, ethics, settings) -> None:
    settings.CLAIM_CODE_ATTEMPTS_PER_USER = 3
    client = _physician(bob)
    guess = {"claim_as": "ama-pra-1", "credits": "1.00", "attested": True}
    for n in range(3):
        assert _post(client, "/api/v1/claims", {**guess, "code": f"GUESS{n}"}).status_code == 400
    response = _post(client, "/api/v1/claims", {**guess, "code": _code(ethics)})
    assert response.status_code == 429
    assert "Too many claim codes were tried" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    assert not Claim.objects.exists()


def test_a_learner_lists_only_their_own_claims(alice, bob, ethics) -> None:
    claim = {"code": _code(ethics), "claim_as": "ama-pra-1", "credits": "1.00", "attested": True}
    assert _post(_physician(alice), "/api/v1/claims", claim).status_code == 201
    bobs = _physician(bob)
    assert bobs.get("/api/v1/claims").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_the_schema_documents_the_provider_endpoints(client) -> None:  # type: ignore[no-untyped-def]
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    claim = paths["/api/v1/claims"]["post"]
    assert "0.25" in claim["description"]
    assert "429" in claim["responses"]
    assert set(paths) >= {
        "/api/v1/providers",
        "/api/v1/providers/{provider_slug}/activities",
        "/api/v1/providers/{provider_slug}/activities/{offering_id}/codes",
        "/api/v1/providers/{provider_slug}/activities/{offering_id}/claims",
    }


def test_a_provider_that_asks_for_two_factor_asks_it_of_scripts_too(alice_api, gulf) -> None:
    gulf.organization.require_mfa = True
    gulf.organization.save()
    response = _post(alice_api, f"/api/v1/providers/{gulf.organization.slug}/activities", ACTIVITY)
    assert response.status_code == 403
    assert "asks its members to use two-factor authentication" in response.json()["detail"]
    assert not Offering.objects.exists()
