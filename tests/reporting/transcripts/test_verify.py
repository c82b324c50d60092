"""The public verification page: the issued document's facts, and the drop-the-PDF check."""

import datetime
import hashlib
import io
import subprocess
from pathlib import Path

import pytest
import time_machine
import zxingcpp
from django.conf import settings
from django.core.checks import run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from certificates.models import Certificate
from reporting import transcripts
from reporting.models import Transcript
from reporting.transcripts.verification import HashingUploadHandler, Received
from tests.certificates.factories import make_png

pytestmark = pytest.mark.django_db

ISSUED = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=datetime.UTC)
REFUSED = "This file is not the document issued under this code."


def _issued(alice) -> Transcript:  # type: ignore[no-untyped-def]
    with time_machine.travel(ISSUED, tick=False):
        requested = transcripts.transcript_request(owner=alice, license_id=alice.licenses.get().pk)
        return transcripts.transcript_render(transcript_id=requested.pk)


def _pdf_bytes(transcript: Transcript) -> bytes:
    with transcript.file.open("rb") as handle:
        return handle.read()


def _check(client: Client, transcript: Transcript, data: bytes, name: str = "received.pdf"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("verify", args=[transcript.verification_code]),
        {"document": SimpleUploadedFile(name, data, content_type="application/pdf")},
    )


def _stored_files() -> list[Path]:
    return [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]


def test_the_issued_pdf_is_confirmed_with_the_day_it_was_issued(alice, cme_record) -> None:
    transcript = _issued(alice)
    response = _check(Client(), transcript, _pdf_bytes(transcript))
    assert response.status_code == 200
    assert "This is the document we issued on 1 Jul 2026." in response.content.decode()
    assert REFUSED not in response.content.decode()


def test_a_pdf_changed_by_one_byte_is_refused(alice, cme_record) -> None:
    transcript = _issued(alice)
    original = _pdf_bytes(transcript)
    middle = len(original) // 2
    tampered = original[:middle] + bytes([original[middle] ^ 1]) + original[middle + 1 :]
    response = _check(Client(), transcript, tampered)
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSED in html
    assert "This is the document we issued" not in html


def test_another_document_of_ours_is_refused_under_this_code(alice, cme_record) -> None:
    first, second = _issued(alice), _issued(alice)
    assert REFUSED in _check(Client(), first, _pdf_bytes(second)).content.decode()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.pdf", "This file is empty. Choose the PDF you received and try again."),
        (make_png(40, 30), "scan.pdf", "This file is not a PDF."),
        (b"%PDF-1.7\n" + b"0" * (1024 * 1024), "huge.pdf", "larger than the 1 MB limit. No"),
    ],
    ids=["empty", "not-a-pdf", "oversized"],
)
def test_an_unusable_upload_gets_a_clear_message_and_nothing_is_stored(
    alice, cme_record, settings, data, name, message
) -> None:  # type: ignore[no-untyped-def]
    settings.TRANSCRIPT_VERIFY_MAX_BYTES = 1024 * 1024
    transcript = _issued(alice)
    files_before = _stored_files()
    rows_before = (Transcript.objects.count(), Certificate.objects.count())

    response = _check(Client(), transcript, data, name=name)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert REFUSED not in html
    assert "This is the document we issued" not in html
    assert _stored_files() == files_before
    assert (Transcript.objects.count(), Certificate.objects.count()) == rows_before


def test_a_form_sent_without_a_file_asks_for_one(alice, cme_record) -> None:
    transcript = _issued(alice)
    response = Client().post(reverse("verify", args=[transcript.verification_code]), {})
    assert response.status_code == 400
    assert "Choose the PDF you received, then check it." in response.content.decode()


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(
    alice, cme_record, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TRANSCRIPT_VERIFY_MAX_BYTES = 1024 * 1024
    transcript = _issued(alice)
    files_before = _stored_files()
    response = _check(Client(), transcript, b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert "This file is larger than the 1 MB limit." in response.content.decode()
    assert _stored_files() == files_before


def test_the_upload_is_hashed_as_it_streams_and_never_spooled_to_disk(
    alice, cme_record, settings, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Larger than Django keeps in memory: its usual handlers would write it to a temporary file."""
    spooled: list[str] = []
    spool = TemporaryFileUploadHandler.new_file

    def spool_and_remember(handler, *args, **kwargs):  # type: ignore[no-untyped-def]
        spool(handler, *args, **kwargs)
        spooled.append(handler.file.name)

    monkeypatch.setattr(TemporaryFileUploadHandler, "new_file", spool_and_remember)
    transcript = _issued(alice)
    larger = _pdf_bytes(transcript) + b"\n%" + b"x" * (3 * 1024 * 1024)
    assert len(larger) > settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    files_before = _stored_files()

    response = _check(Client(), transcript, larger)

    assert REFUSED in response.content.decode()
    assert spooled == []
    assert _stored_files() == files_before


def test_unknown_and_unfinished_codes_are_404_for_the_check_too(alice, cme_record) -> None:
    pending = transcripts.transcript_request(owner=alice, license_id=alice.licenses.get().pk)
    client = Client()
    for code in [pending.verification_code, "x" * 22]:
        url = reverse("verify", args=[code])
        assert client.get(url).status_code == 404
        upload = SimpleUploadedFile("a.pdf", b"%PDF-1.7\n", content_type="application/pdf")
        assert client.post(url, {"document": upload}).status_code == 404


def test_an_anonymous_clerk_posts_with_the_pages_csrf_token_and_a_forged_post_is_refused(
    alice, cme_record
) -> None:
    transcript = _issued(alice)
    url = reverse("verify", args=[transcript.verification_code])
    clerk = Client(enforce_csrf_checks=True)
    page = clerk.get(url)
    token = page.context["csrf_token"]
    pdf = _pdf_bytes(transcript)
    upload = SimpleUploadedFile("received.pdf", pdf, content_type="application/pdf")
    confirmed = clerk.post(url, {"document": upload, "csrfmiddlewaretoken": str(token)})
    assert confirmed.status_code == 200
    assert "This is the document we issued on 1 Jul 2026." in confirmed.content.decode()

    forged = Client(enforce_csrf_checks=True).post(
        url, {"document": SimpleUploadedFile("received.pdf", pdf)}
    )
    assert forged.status_code == 403


def test_checks_are_rate_limited_per_address(alice, cme_record, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "verify_document": "3/m/ip"}
    transcript = _issued(alice)
    pdf = _pdf_bytes(transcript)
    client = Client()
    for _ in range(3):
        assert _check(client, transcript, pdf).status_code == 200
    limited = _check(client, transcript, pdf)
    assert limited.status_code == 429
    assert "Too many checks from your address" in limited.content.decode()
    assert limited["Retry-After"] == "60"
    assert client.get(reverse("verify", args=[transcript.verification_code])).status_code == 200


def test_the_page_shows_who_which_license_and_cycle_totals_and_status_as_issued(
    alice, cme_record
) -> None:
    transcript = _issued(alice)
    # Later changes to the profile and the license do not rewrite what was issued.
    alice.profile.full_name = "Alice Ng-Renamed"
    alice.profile.save()
    alice.licenses.update(number="NEW-NUMBER")

    html = Client().get(reverse("verify", args=[transcript.verification_code])).content.decode()

    assert "Alice Ng" in html
    assert "Alice Ng-Renamed" not in html
    assert "MD (Doctor of Medicine)" in html
    assert "Texas Medical Board (TX-MD)" in html
    assert "Q12345678" in html
    assert "NEW-NUMBER" not in html
    assert "1 Sep 2025 to 31 Aug 2027" in html
    assert "28.50 from 4 activities" in html
    status = transcript.snapshot["status"]
    words = {"on_track": "On track", "behind": "Behind the pace", "complete": "Complete"}
    assert status in words, status
    assert f"<dt>Status when issued</dt><dd>{words[status]}</dd>" in html
    assert transcript.snapshot["status_line"] in html
    for slug in ["on_track", "ama-pra-1", "TX-MD license Q"]:
        assert slug not in html


def test_a_document_recorded_before_the_full_number_was_kept_shows_its_last_four(
    alice, cme_record
) -> None:
    transcript = _issued(alice)
    snapshot = {
        key: value
        for key, value in transcript.snapshot.items()
        if key not in {"license_number", "status", "status_line"}
    }
    Transcript.objects.filter(pk=transcript.pk).update(snapshot=snapshot)
    html = Client().get(reverse("verify", args=[transcript.verification_code])).content.decode()
    assert "ending in 5678" in html
    assert "Status when issued" not in html


# --- The address printed on the PDF --------------------------------------------------------------
def test_the_pdf_prints_and_encodes_the_configured_site_url(
    alice, cme_record, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = "https://cme.example.org/"
    transcript = _issued(alice)
    expected = f"https://cme.example.org/verify/{transcript.verification_code}"
    pdf = _pdf_bytes(transcript)

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert expected in text.replace("\n", "")
    assert "127.0.0.1" not in text

    (tmp_path / "t.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", tmp_path / "t.pdf", tmp_path / "p"],
        check=True,
        timeout=60,
    )
    [image_path] = tmp_path.glob("p*.png")
    codes = zxingcpp.read_barcodes(Image.open(image_path))
    assert [code.text for code in codes if code.format == zxingcpp.BarcodeFormat.QRCode] == [
        expected
    ]


def test_check_deploy_warns_about_a_site_url_that_is_not_https(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    for value, warned in [
        ("http://127.0.0.1:8000", True),
        ("", True),
        ("https://cme.example.org", False),
    ]:
        settings.SITE_URL = value
        ids = {message.id for message in run_checks(include_deployment_checks=True)}
        assert ("reporting.W001" in ids) is warned, value


def test_the_stored_hash_is_the_sha256_of_the_stored_file(alice, cme_record) -> None:
    transcript = _issued(alice)
    assert transcript.sha256 == hashlib.sha256(_pdf_bytes(transcript)).hexdigest()


def test_the_hashing_handler_keeps_the_hash_and_first_kilobyte_and_no_file(rf) -> None:  # type: ignore[no-untyped-def]
    data = b"%PDF-1.7\n" + bytes(range(256)) * 5000
    request = rf.post("/verify/x", {"document": SimpleUploadedFile("a.pdf", data)})
    request.upload_handlers = [HashingUploadHandler(request)]

    received = request.FILES["document"]

    assert isinstance(received, Received)
    assert (received.name, received.size) == ("a.pdf", len(data))
    assert received.sha256 == hashlib.sha256(data).hexdigest()
    assert received.head == data[:1024]
    assert received.file is None
    request.close()  # as the server does when the response is sent
