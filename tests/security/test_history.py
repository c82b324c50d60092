"""Every change to activities, certificates and licenses is recorded, and the
owner (and staff) can read it; nobody else can."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from certificates.models import Certificate
from reporting.record.history import PAGE_SIZE, history_page
from tests.accounts.factories import UserFactory
from tests.factories import ActivityFactory
from tests.security.conftest import SECRET_TITLE, certificate_of
from tests.security.mfa import enable_totp


def test_an_api_edit_is_recorded_with_who_and_what_changed(alice, alice_client, estate):
    response = alice_client.patch(
        f"/api/v1/activities/{estate.activity.pk}",
        json.dumps({"title": "Opioid prescribing update", "credits": "2.50"}),
        content_type="application/json",
    )
    assert response.status_code == 200

    newest = history_page(owner=alice).object_list[0]
    assert (newest.kind, newest.action, newest.label) == (
        "Activity",
        "Changed",
        "Opioid prescribing update",
    )
    assert newest.by == alice.email
    changes = {change.field: (change.old, change.new) for change in newest.changes}
    assert changes == {
        "title": (SECRET_TITLE, "Opioid prescribing update"),
        "credits": ("1.00", "2.50"),
    }


def test_creations_and_deletions_of_all_three_kinds_are_listed_newest_first(alice, estate):
    certificate_id = estate.certificate.pk
    estate.activity.delete()
    Certificate.objects.get(pk=certificate_id).delete()
    estate.license.number = "N-2"
    estate.license.save()

    entries = history_page(owner=alice).object_list
    seen = [(entry.kind, entry.action) for entry in entries]
    assert seen[:3] == [("License", "Changed"), ("Certificate", "Deleted"), ("Activity", "Deleted")]
    assert {("Activity", "Created"), ("Certificate", "Created"), ("License", "Created")} <= set(
        seen
    )
    assert [entry.when for entry in entries] == sorted(
        (entry.when for entry in entries), reverse=True
    )


def test_the_history_page_shows_the_owner_only_their_own_changes(
    alice_client, bob, bob_client, estate
):
    ActivityFactory(owner=bob, title="Bob's own rounds")
    page = alice_client.get(reverse("reporting:history"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Your history" in text
    assert SECRET_TITLE in text
    assert "Bob&#x27;s own rounds" not in text

    bobs = bob_client.get(reverse("reporting:history")).content.decode()
    assert "Bob&#x27;s own rounds" in bobs
    assert SECRET_TITLE not in bobs
    # Nobody may look at someone else's history.
    peek = bob_client.get(reverse("reporting:history"), {"owner": estate.activity.owner_id})
    assert peek.status_code == 404


@pytest.mark.parametrize("owner", ["alice", "abc", "", "0", "-1", "1e9", "99999999999999999999"])
def test_staff_with_two_factor_cannot_read_anyones_history(alice, estate, owner):
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    enable_totp(staff)
    client = Client()
    client.force_login(staff)
    value = str(alice.pk) if owner == "alice" else owner
    page = client.get(reverse("reporting:history"), {"owner": value})
    assert page.status_code == 404
    assert SECRET_TITLE not in page.content.decode()


@pytest.mark.parametrize("number", ["abc", "-1", "0", "99999999999999999999", "1.5", "%00"])
def test_junk_page_numbers_answer_a_page_never_an_error(alice_client, estate, number):
    page = alice_client.get(reverse("reporting:history"), {"page": number})
    assert page.status_code == 200
    assert SECRET_TITLE in page.content.decode()


@pytest.mark.django_db
def test_history_is_paginated(alice, vocabulary):
    for number in range(PAGE_SIZE + 3):
        ActivityFactory(owner=alice, title=f"Session {number}")
    first, second = history_page(owner=alice), history_page(owner=alice, number=2)
    assert len(first.object_list) == PAGE_SIZE
    assert len(second.object_list) == 3
    assert first.object_list[0].label == f"Session {PAGE_SIZE + 2}"
    assert Activity.history.filter(owner_id=alice.pk).count() == PAGE_SIZE + 3


@pytest.mark.django_db
def test_the_page_links_keep_to_your_own_history(alice, alice_client, vocabulary):
    for number in range(PAGE_SIZE + 1):
        ActivityFactory(owner=alice, title=f"Session {number}")
    own = alice_client.get(reverse("reporting:history")).content.decode()
    assert 'href="?page=2" rel="next"' in own
    assert "owner=" not in own


def test_the_profile_links_to_history_and_account_deletion(alice_client):
    text = alice_client.get(reverse("accounts:profile")).content.decode()
    assert reverse("reporting:history") in text
    assert reverse("accounts:delete") in text


def test_certificate_history_does_not_copy_the_extracted_text(alice, vocabulary):
    certificate = certificate_of(alice, "x" * 5000)
    record = certificate.history.get()
    assert not hasattr(record, "text")
