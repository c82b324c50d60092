"""Hostile input gets a clear refusal (400/403/413), never a 500, and
nothing is stored. Groups already covered elsewhere are referenced in docs/security.md:
A1 lockout (tests/accounts/test_auth.py), uploads D19-D27 (tests/certificates/, a 43-file
corpus), transcript SSRF E28-E29 (tests/reporting/transcripts/test_pdf.py).
"""

import json
import time

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Profile
from activities.models import Activity
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

GOOD_ACTIVITY = {
    "title": "Sepsis update",
    "completed_on": "2026-01-10",
    "credit_type": "ama-pra-1",
    "credits": "1.00",
    "provider": "Riverside General Hospital",
}
BAD_ACTIVITIES = [
    ("credits", "-1"),
    ("credits", "0"),
    ("credits", "NaN"),
    ("credits", "Infinity"),
    ("credits", "-Infinity"),
    ("credits", "1e309"),
    ("credits", "10000"),
    ("credits", "1.333"),
    ("credits", "abc"),
    ("completed_on", "2026-02-30"),
    ("completed_on", "2999-01-01"),
    ("completed_on", "yesterday"),
    ("credit_type", "password"),
    ("title", ""),
    ("title", "x" * 5000),
]
BAD_NPIS = [
    "123456789",  # 9 digits
    "12345678901",  # 11 digits
    "12345abcde",
    "1234567890",  # check digit
    "".join(chr(0xFF10 + int(d)) for d in "1234567893"),  # full-width digits
    "1234567893; DROP TABLE",
    "' OR 1=1 --",
]
figures = {"tried": 0, "accepted": 0, "server_errors": 0}


def counted(response, stored: bool) -> None:  # type: ignore[no-untyped-def]
    figures["tried"] += 1
    figures["accepted"] += int(stored)
    figures["server_errors"] += int(response.status_code >= 500)


def test_the_good_activity_the_attacks_start_from_is_accepted(alice, alice_client, vocabulary):
    # Control: each attack below changes one field of this body, so a 400 means that field.
    response = alice_client.post(
        "/api/v1/activities", json.dumps(GOOD_ACTIVITY), content_type="application/json"
    )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(("field", "value"), BAD_ACTIVITIES)
def test_a_bad_activity_value_is_a_400_on_the_api_and_nothing_is_stored(
    alice_client, vocabulary, field, value
):
    body = {**GOOD_ACTIVITY, field: value}
    response = alice_client.post(
        "/api/v1/activities", json.dumps(body), content_type="application/json"
    )
    stored = Activity.objects.exists()
    counted(response, stored)
    assert response.status_code == 400, response.content
    assert response.json()["detail"]
    assert field in response.json()["errors"], response.json()
    assert not stored


@pytest.mark.parametrize(("field", "value"), BAD_ACTIVITIES)
def test_a_bad_activity_value_is_a_form_error_on_the_page_and_nothing_is_stored(
    alice_client, vocabulary, field, value
):
    page = alice_client.get(reverse("activities:create"))
    form = page.context["form"]
    data = {k: v for k, v in GOOD_ACTIVITY.items() if k != "credit_type"}
    data["credit_type"] = str(form.fields["credit_type"].queryset.get(slug="ama-pra-1").pk)
    data["format"] = "live"
    data[field] = value
    response = alice_client.post(reverse("activities:create"), data)
    stored = Activity.objects.exists()
    counted(response, stored)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not stored


@pytest.mark.parametrize("npi", BAD_NPIS)
def test_a_bad_npi_is_refused_by_the_api_and_the_profile_page(alice, alice_client, npi):
    api = alice_client.patch(
        "/api/v1/profile", json.dumps({"npi": npi}), content_type="application/json"
    )
    counted(api, Profile.objects.filter(user=alice, npi=npi).exists())
    assert api.status_code == 400
    assert api.json()["errors"]["npi"]

    page = alice_client.post(
        reverse("accounts:profile"), {"full_name": "Alice Ng", "degree": "MD", "npi": npi}
    )
    counted(page, Profile.objects.filter(user=alice, npi=npi).exists())
    assert page.status_code == 200
    assert page.context["form"].errors["npi"]
    assert Profile.objects.get(user=alice).npi == ""


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "/\\evil.example/", "https:evil.example"],
)
def test_login_never_redirects_off_site(alice, target):
    client = Client()
    response = client.post(
        f"{reverse('account_login')}?next={target}",
        {"login": alice.email, "password": PASSWORD, "next": target},
    )
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/")
    assert not location.startswith(("//", "/\\"))
    assert "evil.example" not in location


def test_a_cross_site_post_without_a_token_or_with_a_foreign_origin_is_403(alice, vocabulary):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("activities:create"), {**GOOD_ACTIVITY})
    assert response.status_code == 403
    client.get(reverse("activities:create"))
    token = client.cookies["csrftoken"].value
    foreign = client.post(
        reverse("activities:create"),
        {**GOOD_ACTIVITY, "csrfmiddlewaretoken": token},
        headers={"Origin": "https://evil.example"},
        secure=True,
    )
    assert foreign.status_code == 403
    session_api = client.post(
        "/api/v1/activities", json.dumps(GOOD_ACTIVITY), content_type="application/json"
    )
    assert session_api.status_code in (401, 403)
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "query",
    [
        {"sort": "password"},
        {"sort": "owner__email"},
        {"ordering": "owner__password"},
        {"sort": "-owner__email__startswith"},
        {"q": "'; DROP TABLE activities_activity; --"},
        {"q": "%_%\\"},
    ],
)
def test_unknown_sort_keys_and_sql_metacharacters_are_harmless(
    alice, bob, alice_client, vocabulary, query
):
    from tests.factories import ActivityFactory

    ActivityFactory(owner=alice, title="Mine")
    ActivityFactory(owner=bob, title="Bob's")
    page = alice_client.get(reverse("activities:list"), query)
    api = alice_client.get("/api/v1/activities", query)
    for response in (page, api):
        counted(response, False)
        assert response.status_code in (200, 400)
    assert "Bob" not in page.content.decode()
    assert Activity.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "body", "statuses"),
    [
        ("20 MB JSON", b'{"title": "' + b"x" * (20 * 1024 * 1024) + b'"}', (400, 413)),
        ("10k-deep nesting", b'{"title": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", (400,)),
        ("10k keys", json.dumps({f"k{n}": n for n in range(10_000)}).encode(), (400,)),
        ("bad UTF-8", b'{"title": "\xff\xfe\xfa"}', (400,)),
    ],
)
def test_hostile_json_is_refused_within_a_second(alice_client, vocabulary, name, body, statuses):
    started = time.monotonic()
    response = alice_client.post("/api/v1/activities", body, content_type="application/json")
    took = time.monotonic() - started
    counted(response, Activity.objects.exists())
    assert response.status_code in statuses, (name, response.status_code)
    assert took < 1.0, f"{name} took {took:.2f} s"
    assert not Activity.objects.exists()


def test_crlf_in_a_title_never_splits_a_header(alice, alice_client, vocabulary):
    body = {**GOOD_ACTIVITY, "title": "Rounds\r\nSet-Cookie: stolen=1\r\n"}
    alice_client.post("/api/v1/activities", json.dumps(body), content_type="application/json")
    export = alice_client.get(reverse("activities:export"))
    assert export.status_code == 200
    assert "stolen" not in export.cookies
    assert all("\n" not in value for value in export.headers.values())


def test_zz_record_bad_input_figures():
    # Runs last in this module (pytest keeps file order): the totals for docs/security.md.
    from tests.security.test_access_matrix import record_figures

    record_figures("bad-input", dict(figures))
    assert figures["accepted"] == 0
    assert figures["server_errors"] == 0
