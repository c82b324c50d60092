"""Share links: a physician shares one license with someone who has no account; every look is
logged, and an ended, revoked or unknown link reveals nothing."""

import datetime
import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import RecordAccess
from activities.models import Activity
from reporting.models import ShareLink
from tests.factories import LicenseFactory
from tests.reporting.sharing.conftest import make_link

pytestmark = pytest.mark.django_db

ENDED = "This link has ended or does not exist"


def _page(raw: str) -> str:
    return reverse("sharing:shared", args=[raw])


def _body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- The physician's side --------------------------------------------------------------------
def test_a_physician_creates_a_link_and_sees_its_address_once(alice_client, texas_license):
    response = alice_client.post(
        reverse("reporting:share_links"),
        {"license": texas_license.pk, "label": "Memorial Hospital", "days": "30"},
    )

    assert response.status_code == 200
    link = ShareLink.objects.get()
    address = response.context["address"]
    raw = address.rsplit("/", 1)[1]
    assert address in response.content.decode()
    assert len(raw) >= 32  # 192 random bits
    assert link.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert (link.label, link.license, link.include_certificates) == (
        "Memorial Hospital",
        texas_license,
        False,
    )
    assert (
        datetime.timedelta(days=29)
        < link.expires_at - link.created_at
        <= datetime.timedelta(days=30)
    )
    listing = alice_client.get(reverse("reporting:share_links")).content.decode()
    assert "Memorial Hospital" in listing
    assert raw not in listing


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("days", "91", "A link lasts at most 90 days."),
        ("days", "0", "A link lasts at least 1 day."),
        ("label", "", "This field is required."),
        ("access_code", "12", "Use at least 4 characters, or leave it empty."),
    ],
)
def test_a_bad_link_is_refused_with_the_reason_and_nothing_is_stored(
    alice_client, texas_license, field, value, message
):
    data = {"license": texas_license.pk, "label": "Memorial", "days": "30", field: value}
    response = alice_client.post(reverse("reporting:share_links"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ShareLink.objects.exists()


def test_nobody_shares_someone_elses_license(bob, bob_client, texas_license):
    LicenseFactory(owner=bob, board=texas_license.board)  # so that bob has the form
    response = bob_client.post(
        reverse("reporting:share_links"),
        {"license": texas_license.pk, "label": "Stolen", "days": "30"},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not ShareLink.objects.exists()


def test_the_list_shows_each_links_views_and_ends_one_on_request(alice_client, texas_license):
    link, raw = make_link(texas_license)
    Client().get(_page(raw))
    Client().get(_page(raw))

    listing = alice_client.get(reverse("reporting:share_links")).content.decode()
    row = listing.split(f'id="share-link-{link.pk}"')[1].split("</li>")[0]
    assert "viewed 2 times" in row

    response = alice_client.post(reverse("reporting:share_link_revoke", args=[link.pk]))
    assert response.status_code == 302
    assert Client().get(_page(raw)).status_code == 404


def test_nobody_ends_someone_elses_link(bob_client, texas_license):
    link, raw = make_link(texas_license)
    response = bob_client.post(reverse("reporting:share_link_revoke", args=[link.pk]))
    assert response.status_code == 404
    link.refresh_from_db()
    assert link.revoked_at is None
    assert Client().get(_page(raw)).status_code == 200


# --- The holder's side -----------------------------------------------------------------------
def test_the_holder_reads_the_license_compliance_without_an_account(
    alice, texas_license, cme_record, ready_transcript
):
    link, raw = make_link(texas_license)

    response = Client().get(_page(raw))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Q12345678" in page
    assert "Texas Medical Board" in page
    assert "Cardiology update" in page  # the activities that counted, as on her own page
    assert 'id="requirements"' in page
    # Read-only: nothing that edits, attests or answers on her behalf.
    assert reverse("reporting:license_edit", args=[texas_license.pk]) not in page
    assert "Attest instead" not in page
    assert reverse("accounts:profile") not in page
    assert reverse("sharing:shared_transcript", args=[raw]) in page
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Referrer-Policy"] == "no-referrer"
    (entry,) = RecordAccess.objects.all()
    assert (entry.physician, entry.viewer, entry.channel) == (alice, None, "share_link")
    assert entry.by_label == "Share link 'Memorial Hospital'"
    assert entry.what == "Texas Medical Board license Q12345678: compliance"
    link.refresh_from_db()
    assert link.views == 1


def test_the_holder_downloads_the_transcript_and_the_download_is_logged(
    texas_license, ready_transcript
):
    _, raw = make_link(texas_license)
    response = Client().get(reverse("sharing:shared_transcript", args=[raw]))
    assert response.status_code == 200
    assert _body(response).startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    assert RecordAccess.objects.get().what.endswith(": transcript PDF")


def test_without_a_ready_transcript_the_page_says_so_and_the_download_is_not_found(
    texas_license,
):
    _, raw = make_link(texas_license)
    page = Client().get(_page(raw)).content.decode()
    assert "No transcript has been made for this cycle yet." in page
    response = Client().get(reverse("sharing:shared_transcript", args=[raw]))
    assert response.status_code == 404
    assert ENDED in response.content.decode()


def test_certificates_are_offered_only_when_the_physician_included_them(texas_license, cme_record):
    counted = Activity.objects.get(title="Cardiology update").certificate
    _, without = make_link(texas_license)
    _, with_them = make_link(texas_license, include_certificates=True)

    assert "cardio.pdf" not in Client().get(_page(without)).content.decode()
    refused = Client().get(reverse("sharing:shared_certificate", args=[without, counted.public_id]))
    assert refused.status_code == 404

    assert "cardio.pdf" in Client().get(_page(with_them)).content.decode()
    response = Client().get(
        reverse("sharing:shared_certificate", args=[with_them, counted.public_id])
    )
    assert response.status_code == 200
    assert _body(response).startswith(b"%PDF")
    assert RecordAccess.objects.filter(what__endswith="certificate cardio.pdf").count() == 1


def test_a_certificate_that_did_not_count_for_the_license_is_not_shared(
    alice, texas_license, cme_record
):
    from tests.certificates.factories import make_pdf
    from tests.reporting.transcripts.conftest import store_certificate

    old = Activity.objects.get(title="Last cycle's course")
    elsewhere = store_certificate(alice, make_pdf(["Old course"]), "application/pdf", "old.pdf")
    Activity.objects.filter(pk=old.pk).update(certificate=elsewhere)
    _, raw = make_link(texas_license, include_certificates=True)

    assert "old.pdf" not in Client().get(_page(raw)).content.decode()
    response = Client().get(reverse("sharing:shared_certificate", args=[raw, elsewhere.public_id]))
    assert response.status_code == 404


def test_an_expired_a_revoked_and_an_unknown_link_give_the_same_404(
    alice, texas_license, ready_transcript, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC), tick=False)
    _, expired = make_link(texas_license, days=1)
    revoked_link, revoked = make_link(texas_license)
    revoked_link.revoked_at = revoked_link.created_at
    revoked_link.save()
    time_machine.shift(datetime.timedelta(days=1, minutes=1))

    bodies = set()
    for raw in (expired, revoked, "x" * 32):
        for path in (
            _page(raw),
            reverse("sharing:shared_transcript", args=[raw]),
        ):
            response = Client().get(path)
            assert response.status_code == 404, path
            assert response["Cache-Control"] == "private, no-store"
            assert "Q12345678" not in response.content.decode()
            # The same page but for the per-response CSRF mask base.html carries.
            bodies.add(re.sub(rb'"X-CSRFToken": "[^"]*"', b"", response.content))
    assert len(bodies) == 1
    assert ENDED in bodies.pop().decode()
    assert not RecordAccess.objects.exists()


# --- Access codes -----------------------------------------------------------------------------
def test_a_link_with_a_code_opens_only_after_the_code(alice, texas_license, ready_transcript):
    link, raw = make_link(texas_license, access_code="tulip-42")
    assert link.access_code_hash
    assert "tulip-42" not in link.access_code_hash
    holder = Client()

    asked = holder.get(_page(raw))
    assert asked.status_code == 200
    assert "Enter the access code" in asked.content.decode()
    assert "Q12345678" not in asked.content.decode()
    assert holder.get(reverse("sharing:shared_transcript", args=[raw])).status_code == 404

    wrong = holder.post(_page(raw), {"code": "tulip-43"})
    assert wrong.status_code == 400
    assert "That code is not right." in wrong.content.decode()
    assert not RecordAccess.objects.exists()

    right = holder.post(_page(raw), {"code": "tulip-42"})
    assert right.status_code == 302
    assert "Q12345678" in holder.get(_page(raw)).content.decode()
    download = holder.get(reverse("sharing:shared_transcript", args=[raw]))
    assert _body(download).startswith(b"%PDF")
    # Another browser still needs the code.
    assert "Q12345678" not in Client().get(_page(raw)).content.decode()


def test_wrong_codes_are_limited_per_link_even_from_new_browsers(texas_license):
    _, raw = make_link(texas_license, access_code="tulip-42")
    for _ in range(5):
        assert Client().post(_page(raw), {"code": "guess"}).status_code == 400

    locked = Client().post(_page(raw), {"code": "tulip-42"})

    assert locked.status_code == 429
    assert "Too many wrong codes." in locked.content.decode()
    assert "Q12345678" not in locked.content.decode()
    assert not RecordAccess.objects.exists()
