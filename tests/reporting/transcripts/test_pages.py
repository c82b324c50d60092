"""The transcripts page, its htmx status fragment, downloads, retry, verification and calendar."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from cmetrack.celery import app
from reporting import transcripts
from reporting.deadlines.calendar import CalendarEvent, ics_calendar
from reporting.models import CalendarFeed, Transcript

pytestmark = pytest.mark.django_db


def _cycle_value(license) -> str:  # type: ignore[no-untyped-def]
    return f"{license.pk}:{license.expires_on.isoformat()}"


def _handover(license, kind: str = "transcript") -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The Generate form's choice and what a board reads first, as alice has them on file."""
    profile = license.owner.profile
    return {
        "cycle": _cycle_value(license),
        "kind": kind,
        "full_name": profile.full_name,
        "degree": profile.degree,
        "npi": profile.npi,
        "license_number": license.number,
    }


def _ready(alice, kind: str = Transcript.Kind.TRANSCRIPT) -> Transcript:  # type: ignore[no-untyped-def]
    requested = transcripts.transcript_request(
        owner=alice, license_id=alice.licenses.get().pk, kind=kind
    )
    return transcripts.transcript_render(transcript_id=requested.pk)


@pytest.fixture
def dead_broker():  # type: ignore[no-untyped-def]
    """Celery pointed at a port where nothing listens: the broker is down."""
    saved = app.conf.broker_url, app.conf.task_always_eager
    app.conf.update(broker_url="redis://127.0.0.1:9/0", task_always_eager=False)
    app._pool = None
    app.amqp._producer_pool = None
    yield
    app.conf.update(broker_url=saved[0], task_always_eager=saved[1])
    app._pool = None
    app.amqp._producer_pool = None


def test_generate_queues_the_pdf_then_the_page_offers_the_download(
    alice, alice_client, cme_record, eager_celery, django_capture_on_commit_callbacks
) -> None:
    page = alice_client.get(reverse("reporting:transcripts"))
    # Every choice names its license and the whole cycle, first day included, unopened.
    assert 'type="radio" name="cycle"' in page.content.decode()
    assert (
        "TX-MD (license Q12345678): 1 Sep 2025 to 31 Aug 2027 (current cycle)"
        in page.content.decode()
    )
    ready = alice_client.get(
        reverse("reporting:transcript_request"),
        {"cycle": _cycle_value(alice.licenses.get()), "kind": "transcript"},
    )
    assert b"Ready to hand over?" in ready.content
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("reporting:transcript_request"), _handover(alice.licenses.get())
        )
    assert response.status_code == 302
    transcript = Transcript.objects.get(owner=alice)
    assert transcript.status == Transcript.Status.READY, transcript.error
    fragment = alice_client.get(reverse("reporting:transcript_status", args=[transcript.pk]))
    assert b"Download PDF" in fragment.content
    assert b"hx-trigger" not in fragment.content  # polling stops once it is ready
    download = alice_client.get(reverse("reporting:transcript_download", args=[transcript.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_pending_transcript_polls_its_status_every_two_seconds(
    alice, alice_client, cme_record
) -> None:
    transcript = transcripts.transcript_request(owner=alice, license_id=alice.licenses.get().pk)
    page = alice_client.get(reverse("reporting:transcripts")).content.decode()
    status_url = reverse("reporting:transcript_status", args=[transcript.pk])
    assert f'hx-get="{status_url}" hx-trigger="every 2s"' in page
    assert "Queued" in page
    early = alice_client.get(reverse("reporting:transcript_download", args=[transcript.pk]))
    assert early.status_code == 409


def test_with_the_broker_down_the_request_stays_queued_and_the_sweep_sends_it_later(
    alice, alice_client, cme_record, dead_broker, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post(
            reverse("reporting:transcript_request"), _handover(alice.licenses.get()), follow=True
        )
    assert response.status_code == 200
    assert b"Queued" in response.content
    transcript = Transcript.objects.get(owner=alice)
    assert transcript.status == Transcript.Status.QUEUED
    app.conf.task_always_eager = True  # the broker is back (in-process here)
    assert transcripts.transcripts_requeue_stale() == 0  # too fresh to need a resend
    with time_machine.travel(transcript.requested_at + datetime.timedelta(minutes=16)):
        assert transcripts.transcripts_requeue_stale() == 1
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.READY


def test_a_failed_render_shows_the_reason_and_retry_makes_it(
    alice, alice_client, cme_record, eager_celery, django_capture_on_commit_callbacks
) -> None:
    transcript = transcripts.transcript_request(owner=alice, license_id=alice.licenses.get().pk)
    transcripts.transcript_fail(transcript_id=transcript.pk, reason="The disk was full.")
    page = alice_client.get(reverse("reporting:transcripts"))
    assert b"The disk was full." in page.content
    assert b"Retry" in page.content
    with django_capture_on_commit_callbacks(execute=True):
        alice_client.post(reverse("reporting:transcript_retry", args=[transcript.pk]))
    transcript.refresh_from_db()
    assert transcript.status == Transcript.Status.READY
    assert transcript.error == ""


def test_rendering_twice_keeps_one_file_and_a_ready_transcript_is_not_redone(
    alice, cme_record
) -> None:
    transcript = _ready(alice)
    again = transcripts.transcript_render(transcript_id=transcript.pk)
    assert (again.sha256, again.file.name, again.attempts) == (
        transcript.sha256,
        transcript.file.name,
        1,
    )
    folder = transcript.file.storage.path(transcript.file.name).rsplit("/", 1)[0]
    assert len(transcript.file.storage.listdir(folder)[1]) == 1


def test_bob_gets_404_for_every_page_of_alices_transcript(alice, bob_client, cme_record) -> None:
    transcript = _ready(alice)
    for name in ["transcript_status", "transcript_download"]:
        assert bob_client.get(reverse(f"reporting:{name}", args=[transcript.pk])).status_code == 404
    assert (
        bob_client.post(reverse("reporting:transcript_retry", args=[transcript.pk])).status_code
        == 404
    )
    asked = bob_client.get(
        reverse("reporting:transcript_request"),
        {"cycle": _cycle_value(alice.licenses.get()), "kind": "transcript"},
    )
    assert asked.status_code == 400
    assert b"Q12345678" not in asked.content
    response = bob_client.post(
        reverse("reporting:transcript_request"),
        {**_handover(alice.licenses.get()), "full_name": "Bob Osei"},
    )
    assert response.status_code == 400
    assert Transcript.objects.count() == 1
    assert alice.email.encode() not in bob_client.get(reverse("reporting:transcripts")).content


def test_the_verify_page_shows_only_what_confirms_the_document(alice, client, cme_record) -> None:
    transcript = _ready(alice)
    html = client.get(reverse("verify", args=[transcript.verification_code])).content.decode()
    # Who, which license and which cycle, as the PDF prints them; never what it does not print.
    for shown in ["Alice Ng", "Texas Medical Board", "Q12345678", "28.50", transcript.sha256]:
        assert shown in html
    for hidden in ["1234567893", "Cardiology update", alice.email]:
        assert hidden not in html


def test_unknown_and_unfinished_codes_are_404(alice, client, cme_record) -> None:
    pending = transcripts.transcript_request(owner=alice, license_id=alice.licenses.get().pk)
    assert client.get(reverse("verify", args=[pending.verification_code])).status_code == 404
    assert client.get(reverse("verify", args=["x" * 22])).status_code == 404
    assert len(pending.verification_code) >= 22  # 128 random bits


def test_the_private_calendar_feed_lists_deadlines_and_can_be_replaced(
    alice, alice_client, client, texas_license
) -> None:
    alice_client.post(reverse("reporting:calendar_feed_regenerate"))
    token = CalendarFeed.objects.get(owner=alice).token
    url = reverse("reporting:calendar_feed", args=[token])
    assert url in alice_client.get(reverse("reporting:transcripts")).content.decode()
    feed = client.get(url)
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    text = feed.content.decode()
    assert "DTSTART;VALUE=DATE:20270831" in text
    assert "TX-MD license …5678 expires" in text
    assert "Q12345678" not in text
    alice_client.post(reverse("reporting:calendar_feed_regenerate"))
    assert client.get(url).status_code == 404


def test_calendar_text_is_escaped_and_folded_at_75_octets() -> None:
    text = ics_calendar(
        [CalendarEvent("u1@x", datetime.date(2027, 1, 2), "A; b, c\\ " + "é" * 60)],
        now=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    unfolded = re.sub("\r\n ", "", text)
    assert "SUMMARY:A\\; b\\, c\\\\ " + "é" * 60 in unfolded
