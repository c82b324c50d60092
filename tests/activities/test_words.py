"""Titles over the limit are refused with a message (never cut), and the CSV import reads
topics by the names the screens show."""

import pytest
from django.urls import reverse

from activities import spreadsheets
from activities.models import Activity
from reporting.engine.vocabulary import CREDIT_TYPE_NAMES, TOPIC_NAMES
from tests.activities.test_api import URL, _bearer, _payload
from tests.activities.test_csv import _csv, _upload
from tests.activities.test_pages import _form

pytestmark = pytest.mark.django_db

LONG_TITLE = "Grand rounds: " + "x" * 336  # 350 characters
TOO_LONG = "Ensure this value has at most 300 characters (it has 350)."


def test_the_add_form_says_the_title_is_too_long_and_stores_nothing(alice_client) -> None:
    response = alice_client.post(reverse("activities:create"), _form(title=LONG_TITLE))
    assert response.status_code == 200
    assert TOO_LONG in response.content.decode()
    assert not Activity.objects.exists()


def test_no_title_input_cuts_a_pasted_title_silently(alice_client) -> None:
    for name in ("activities:create", "activities:quick", "activities:list"):
        html = alice_client.get(reverse(name)).content.decode()
        assert 'maxlength="300"' not in html, name


def test_the_quick_form_says_the_title_is_too_long_and_stores_nothing(alice_client) -> None:
    response = alice_client.post(
        reverse("activities:quick"),
        {
            "title": LONG_TITLE,
            "completed_on": "2026-01-08",
            "credits": "1",
            "credit_type": _form()["credit_type"],
        },
    )
    assert TOO_LONG in response.content.decode()
    assert not Activity.objects.exists()


def test_the_api_says_the_title_is_too_long_and_stores_nothing(alice, client) -> None:
    response = client.post(
        URL, _payload(title=LONG_TITLE), content_type="application/json", **_bearer(alice)
    )
    assert response.status_code == 400
    assert response.json()["errors"]["title"] == [TOO_LONG]
    assert not Activity.objects.exists()


def test_the_csv_import_says_the_title_is_too_long_and_stores_nothing(alice) -> None:
    row = f"{LONG_TITLE},State Medical Association,,2026-01-05,ama-pra-1,1.50,live,,\n"
    preview = spreadsheets.activity_import_preview(owner=alice, data=_csv(row))
    assert [row.errors.get("title") for row in preview.rows] == [[TOO_LONG]]
    assert not Activity.objects.exists()


def test_the_csv_import_reads_topics_by_the_names_the_screens_show(alice, alice_client) -> None:
    row = (
        "Opioid update,State Medical Association,,2026-01-05,AMA PRA Category 1,1.50,live,"
        "Opioid prescribing; pain management;HIV/AIDS,\n"
    )
    preview = spreadsheets.activity_import_preview(owner=alice, data=_csv(row))
    [parsed] = preview.rows
    assert parsed.errors == {}
    assert sorted(topic.slug for topic in parsed.topics) == [
        "hiv-aids",
        "opioid-prescribing",
        "pain-management",
    ]
    assert not Activity.objects.exists()  # a preview stores nothing


def test_an_unknown_topic_name_is_named_back_and_nothing_is_stored(alice, alice_client) -> None:
    row = "Opioid update,State Medical Association,,2026-01-05,ama-pra-1,1.50,live,Astrology,\n"
    response = _upload(alice_client, _csv(row))
    assert "Unknown topic “Astrology”." in response.content.decode()
    assert not Activity.objects.exists()


def test_the_import_page_lists_names_not_codes(alice_client) -> None:
    html = alice_client.get(reverse("activities:import")).content.decode()
    assert "Opioid prescribing" in html
    assert "AOA Category 1-A" in html
    assert "opioid-prescribing" not in html
    assert "aoa-1a" not in html


def test_the_rows_are_named_as_the_vocabulary_names_them() -> None:
    from activities.models import CreditType, Topic

    assert dict(CreditType.objects.values_list("slug", "name")) == {
        slug: CREDIT_TYPE_NAMES[slug] for slug in CreditType.objects.values_list("slug", flat=True)
    }
    assert dict(Topic.objects.values_list("slug", "name")) == {
        slug: TOPIC_NAMES[slug] for slug in Topic.objects.values_list("slug", flat=True)
    }
