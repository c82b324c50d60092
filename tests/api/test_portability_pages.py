"""The profile page's export button and the import page, on the same services as the API."""

import io

import pytest
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from tests.api.conftest import record_counts

pytestmark = pytest.mark.django_db


def _download(client: Client) -> bytes:
    response = client.get(reverse("reporting:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return b"".join(response.streaming_content)


def test_the_profile_page_links_the_export_and_the_import(alice_client) -> None:
    page = alice_client.get(reverse("accounts:profile")).content.decode()
    assert reverse("reporting:export") in page
    assert "Download all my data" in page
    assert reverse("reporting:import") in page


def test_export_then_import_through_the_pages(alice, bob, alice_client, bob_client, alice_record):
    data = _download(alice_client)
    page = bob_client.get(reverse("reporting:import"))
    assert page.status_code == 200
    assert "only be imported into an empty account" not in page.content.decode()
    upload = io.BytesIO(data)
    upload.name = "export.zip"
    response = bob_client.post(reverse("reporting:import"), {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("reporting:dashboard")
    assert "Imported 2 licenses, 12 activities and 2 certificates." in response.content.decode()
    assert record_counts(bob) == record_counts(alice)


def test_the_import_page_lists_what_is_wrong_and_imports_nothing(
    alice_client, alice, alice_record
) -> None:
    data = _download(alice_client)
    upload = io.BytesIO(data)
    upload.name = "export.zip"
    response = alice_client.post(reverse("reporting:import"), {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nothing was imported." in html
    assert "This account already has 12 activities, 2 licenses and 2 certificates." in html
    assert Activity.objects.filter(owner=alice).count() == 12


def test_the_pages_need_a_sign_in(client) -> None:
    for name in ("reporting:export", "reporting:import"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
