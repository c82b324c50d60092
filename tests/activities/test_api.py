import pytest

from accounts.models import ApiToken
from accounts.services import api_token_create
from activities.models import Activity
from tests.certificates.factories import CertificateFactory
from tests.factories import ActivityFactory, credit_type, topic

pytestmark = pytest.mark.django_db

URL = "/api/v1/activities"


def _bearer(user, scope: str = ApiToken.Scope.READ_WRITE) -> dict[str, str]:  # type: ignore[no-untyped-def]
    _, raw = api_token_create(user=user, name="test", scope=scope)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _payload(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Safe Opioid Prescribing 2026",
        "provider": "State Medical Association",
        "completed_on": "2026-01-08",
        "credit_type": "ama-pra-1",
        "credits": "1.50",
        "format": "enduring",
        "topics": ["opioid-prescribing", "pain-management"],
    }
    data.update(overrides)
    return data


def test_creating_returns_the_activity_with_slugs_and_string_credits(alice, client) -> None:
    response = client.post(
        URL, _payload(id=999, owner=12345), content_type="application/json", **_bearer(alice)
    )
    assert response.status_code == 201
    body = response.json()
    activity = Activity.objects.get()
    assert body == {
        "id": activity.pk,
        "title": "Safe Opioid Prescribing 2026",
        "provider": "State Medical Association",
        "started_on": "2026-01-08",
        "completed_on": "2026-01-08",
        "credit_type": "ama-pra-1",
        "credits": "1.50",
        "format": "enduring",
        "topics": ["opioid-prescribing", "pain-management"],
        "certificate": None,
        "notes": "",
    }
    assert activity.owner == alice  # writing owner or id is ignored
    assert activity.pk != 999


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"credits": "0"}, "credits", "Enter more than 0 credits."),
        ({"credits": "1.30"}, "credits", "AMA PRA Category 1 credits are claimed in steps of 0.25"),
        ({"credits": "101"}, "credits", "One activity can carry at most 100 credits."),
        (
            {"completed_on": "2026-05-01"},
            "completed_on",
            "The completion date cannot be in the future.",
        ),
        (
            {"started_on": "2026-01-09"},
            "completed_on",
            "The completion date cannot be before the start date.",
        ),
        (
            {"provider": ""},
            "provider",
            "AMA PRA Category 1 credit needs the accredited provider's name",
        ),
        (
            {"credit_type": "gold"},
            "credit_type",
            "Unknown credit type “gold”; use one of ama-pra-1",
        ),
        ({"topics": ["astrology"]}, "topics", "Unknown topic “astrology”."),
        ({"format": "podcast"}, "format", "is not a valid choice"),
    ],
)
def test_invalid_input_is_400_with_the_forms_messages_and_nothing_stored(
    alice, client, overrides: dict[str, object], field: str, message: str
) -> None:
    response = client.post(
        URL, _payload(**overrides), content_type="application/json", **_bearer(alice)
    )
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid input."
    assert message in body["errors"][field][0]
    assert not Activity.objects.exists()


def test_a_pa_is_told_to_log_category_1_as_other(alice, client) -> None:
    alice.profile.degree = "PA"
    alice.profile.save()
    response = client.post(URL, _payload(), content_type="application/json", **_bearer(alice))
    assert response.status_code == 400
    assert "As a PA you receive attendance credit" in response.json()["errors"]["credit_type"][0]
    assert not Activity.objects.exists()


def test_my_certificate_can_be_linked_but_never_someone_elses(alice, bob, client) -> None:
    mine = CertificateFactory(owner=alice)
    theirs = CertificateFactory(owner=bob)
    headers = _bearer(alice)
    response = client.post(
        URL, _payload(certificate=theirs.pk), content_type="application/json", **headers
    )
    assert response.status_code == 400
    assert response.json()["errors"]["certificate"] == [
        "No certificate with this id in your record."
    ]
    assert not Activity.objects.exists()
    response = client.post(
        URL, _payload(certificate=mine.pk), content_type="application/json", **headers
    )
    assert response.json()["certificate"] == mine.pk


def test_listing_pages_and_filters(alice, bob, client) -> None:
    import datetime

    for day in range(1, 31):
        ActivityFactory(owner=alice, completed_on=datetime.date(2025, 12, day))
    ActivityFactory(
        owner=alice,
        title="Ethics",
        credit_type=credit_type("ama-pra-2"),
        topics=[topic("medical-ethics")],
    )
    ActivityFactory(owner=bob, title="Bob only")
    headers = _bearer(alice)
    body = client.get(URL, **headers).json()
    assert body["count"] == 31
    assert len(body["results"]) == 25
    assert body["previous"] is None
    assert body["next"] == "http://testserver/api/v1/activities?page=2"
    second = client.get(body["next"], **headers).json()
    assert len(second["results"]) == 6
    assert second["previous"] == "http://testserver/api/v1/activities?page=1"
    assert "Bob only" not in {row["title"] for row in body["results"] + second["results"]}
    assert client.get(URL, {"credit_type": "ama-pra-2"}, **headers).json()["count"] == 1
    assert client.get(URL, {"topic": "medical-ethics"}, **headers).json()["count"] == 1
    dated = client.get(
        URL, {"completed_after": "2025-12-10", "completed_before": "2025-12-19"}, **headers
    )
    assert dated.json()["count"] == 10
    assert client.get(URL, {"page": 9}, **headers).status_code == 404


def test_reading_patching_and_deleting_my_activity(alice, client) -> None:
    activity = ActivityFactory(owner=alice, topics=[topic("medical-ethics")])
    headers = _bearer(alice)
    assert client.get(f"{URL}/{activity.pk}", **headers).json()["topics"] == ["medical-ethics"]
    response = client.patch(
        f"{URL}/{activity.pk}",
        {"credits": "2.25", "topics": ["implicit-bias"], "owner": 1, "id": 5},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200
    assert (response.json()["credits"], response.json()["topics"], response.json()["id"]) == (
        "2.25",
        ["implicit-bias"],
        activity.pk,
    )
    activity.refresh_from_db()
    assert activity.title.startswith("Grand Rounds")  # untouched
    assert client.delete(f"{URL}/{activity.pk}", **headers).status_code == 204
    assert not Activity.objects.exists()


def test_a_refused_patch_changes_nothing(alice, client) -> None:
    activity = ActivityFactory(owner=alice)
    response = client.patch(
        f"{URL}/{activity.pk}",
        {"credits": "0", "title": "New"},
        content_type="application/json",
        **_bearer(alice),
    )
    assert response.status_code == 400
    assert response.json()["errors"]["credits"] == ["Enter more than 0 credits."]
    activity.refresh_from_db()
    assert (activity.credits, activity.title.startswith("Grand Rounds")) == (1, True)


def test_bob_gets_404_for_alices_activity(alice, bob, client) -> None:
    activity = ActivityFactory(owner=alice, title="Alice's")
    headers = _bearer(bob)
    url = f"{URL}/{activity.pk}"
    assert client.get(url, **headers).status_code == 404
    response = client.patch(url, {"title": "Mine now"}, content_type="application/json", **headers)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}
    assert client.delete(url, **headers).status_code == 404
    activity.refresh_from_db()
    assert activity.title == "Alice's"
    assert client.get(URL, **headers).json()["count"] == 0


def test_a_read_only_token_cannot_write_activities(alice, client) -> None:
    activity = ActivityFactory(owner=alice)
    headers = _bearer(alice, ApiToken.Scope.READ)
    assert client.get(URL, **headers).status_code == 200
    assert (
        client.post(URL, _payload(), content_type="application/json", **headers).status_code == 403
    )
    assert client.delete(f"{URL}/{activity.pk}", **headers).status_code == 403
    assert Activity.objects.count() == 1


def test_the_api_needs_credentials(client) -> None:
    assert client.get(URL).status_code == 401
