"""Support access: site staff read a physician's record only while the physician has a window
open, only with two-factor and a fresh sign-in, read-only, and every look is in the log."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts import support
from accounts.models import RecordAccess, SupportAccess
from tests.reporting.sharing.conftest import signed_in_again

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(alice) -> SupportAccess:  # type: ignore[no-untyped-def]
    return support.support_access_open(physician=alice, reason="My Texas total looks wrong")


def _record(access: SupportAccess) -> str:
    return reverse("sharing:support_record", args=[access.public_id])


# --- The physician's side --------------------------------------------------------------------
def test_a_physician_opens_support_access_for_24_hours_by_default(alice, alice_client):
    page = alice_client.get(reverse("accounts:support")).content.decode()
    assert "No support access is open" in page
    assert '<option value="24" selected>24 hours</option>' in page

    response = alice_client.post(
        reverse("accounts:support"), {"reason": "Ethics hours missing", "hours": "24"}
    )

    assert response.status_code == 302
    access = SupportAccess.objects.get()
    assert (access.physician, access.reason) == (alice, "Ethics hours missing")
    assert access.ends_at - access.opened_at == datetime.timedelta(hours=24)
    assert "Ethics hours missing" in alice_client.get(reverse("accounts:support")).content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "x", "hours": "200"}, "Select a valid choice."),
        ({"reason": "", "hours": "24"}, "This field is required."),
        ({"reason": "x" * 301, "hours": "24"}, "at most 300 characters"),
    ],
)
def test_a_bad_support_access_is_refused_and_nothing_is_stored(alice_client, data, message):
    response = alice_client.post(reverse("accounts:support"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SupportAccess.objects.exists()


def test_the_service_refuses_more_than_seven_days(alice):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        support.support_access_open(
            physician=alice, reason="x", duration=datetime.timedelta(days=7, minutes=1)
        )
    assert not SupportAccess.objects.exists()


def test_nobody_closes_someone_elses_support_access(bob_client, opened):
    response = bob_client.post(reverse("accounts:support_close", args=[opened.pk]))
    assert response.status_code == 404
    opened.refresh_from_db()
    assert opened.is_live()


# --- Support's side ---------------------------------------------------------------------------
def test_staff_with_two_factor_read_the_record_and_the_physician_sees_it(
    alice,
    alice_client,
    staff,
    support_client,
    opened,
    texas_license,
    cme_record,
):
    listing = support_client.get(reverse("sharing:support_list")).content.decode()
    assert _record(opened) in listing
    assert "My Texas total looks wrong" in listing

    response = support_client.get(_record(opened))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Q12345678" in page  # the license and its requirements
    assert f'id="requirements{texas_license.pk}"' in page
    assert "Cardiology update" in page  # the activities
    assert "cardio.pdf" in page  # the certificates' names, never their files
    assert "/download" not in page
    assert "Attest instead" not in page
    assert response["Cache-Control"] == "private, no-store"
    (entry,) = RecordAccess.objects.all()
    assert (entry.physician, entry.viewer, entry.channel) == (alice, staff, "support")
    assert entry.by_label == "Site support (support@example.com)"
    # The physician hears once per window, in CME Track's words, with where to close it.
    (message,) = mail.outbox
    assert message.to == [alice.email]
    assert message.subject == "[CME Track] Site support opened your record"
    assert "Site support (support@example.com) opened your record" in message.body
    assert "/profile/support/" in message.body
    support_client.get(_record(opened))
    assert len(mail.outbox) == 1
    assert RecordAccess.objects.count() == 2
    log = alice_client.get(reverse("accounts:support")).content.decode()
    assert log.count("Site support (support@example.com)") == 2


def test_staff_without_two_factor_find_nothing(staff, opened, texas_license):
    client = signed_in_again(staff)
    assert client.get(reverse("sharing:support_list")).status_code == 404
    assert client.get(_record(opened)).status_code == 404
    assert not RecordAccess.objects.exists()


def test_staff_must_have_signed_in_again_lately(staff, opened, texas_license):
    from tests.security.mfa import enable_totp

    enable_totp(staff)
    client = Client()
    client.force_login(staff)  # a session with no recent sign-in on record
    response = client.get(_record(opened))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not RecordAccess.objects.exists()


def test_a_physician_who_opened_nothing_is_not_found(alice, support_client, texas_license):
    closed = support.support_access_open(physician=alice, reason="x")
    support.support_access_close(physician=alice, pk=closed.pk)
    assert support_client.get(_record(closed)).status_code == 404
    listing = support_client.get(reverse("sharing:support_list")).content.decode()
    assert "No physician has opened their record to support right now." in listing
    assert not RecordAccess.objects.exists()


def test_after_the_time_box_support_finds_nothing(staff, support_client, opened, time_machine):
    time_machine.move_to(opened.ends_at + datetime.timedelta(seconds=1), tick=False)
    client = signed_in_again(staff)  # freshly signed in, with two-factor: still nothing
    assert client.get(_record(opened)).status_code == 404
    assert not RecordAccess.objects.exists()


def test_closing_the_access_ends_supports_next_request(
    alice_client, support_client, opened, texas_license
):
    assert support_client.get(_record(opened)).status_code == 200
    alice_client.post(reverse("accounts:support_close", args=[opened.pk]))
    assert support_client.get(_record(opened)).status_code == 404
    page = alice_client.get(reverse("accounts:support")).content.decode()
    assert "closed by you" in page


def test_a_physician_is_not_support(alice, bob, opened):
    client = signed_in_again(bob)
    assert client.get(reverse("sharing:support_list")).status_code == 404
    assert client.get(_record(opened)).status_code == 404


def test_the_menu_leads_staff_to_support_and_nobody_else(staff, alice_client):
    support_link = f'href="{reverse("sharing:support_list")}"'
    staff_client = Client()
    staff_client.force_login(staff)

    assert support_link in staff_client.get(reverse("accounts:profile")).content.decode()
    assert support_link not in alice_client.get(reverse("accounts:profile")).content.decode()
