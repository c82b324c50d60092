"""Addresses people saved or were sent keep working after pages moved to their own rooms."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_old_account_deletion_address_sends_you_to_the_profile_for_good(
    alice_client: Client, method: str
) -> None:
    response = getattr(alice_client, method)("/dashboard/account/delete")
    assert response.status_code == 301
    assert response["Location"] == reverse("accounts:delete") == "/profile/delete"


def test_the_old_account_deletion_address_deletes_nothing(alice_client: Client, alice) -> None:  # type: ignore[no-untyped-def]
    alice_client.post("/dashboard/account/delete", {"email": alice.email})
    alice.refresh_from_db()  # still there: a redirect never acts on what was posted


def test_the_calendar_feed_address_people_subscribed_to_still_serves(alice_client: Client) -> None:
    alice_client.post(reverse("reporting:calendar_feed_regenerate"))
    from reporting.models import CalendarFeed

    token = CalendarFeed.objects.get().token
    feed = Client().get(f"/dashboard/calendar/{token}.ics")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    assert reverse("reporting:calendar_feed", args=[token]) == f"/dashboard/calendar/{token}.ics"


def test_the_verification_address_printed_on_transcripts_still_serves() -> None:
    assert reverse("verify", args=["ABCD"]) == "/verify/ABCD"
    # An unknown code answers the verification page's own "not found", never a redirect.
    assert Client().get("/verify/ABCD").status_code == 404
