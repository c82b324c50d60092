"""A credentialing clerk in Chromium opens the link printed on a transcript and drops the PDF
they received onto the page: the issued one is confirmed, a changed one refused."""

import base64
import io
import re

import pytest
from pypdf import PdfReader

from reporting import transcripts
from reporting.models import Transcript

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CONFIRMED = "This is the document we issued on"
REFUSED = "This file is not the document issued under this code."

# A real drop: a DataTransfer holding the file, dispatched as the browser does when a file is
# dragged from the desktop (dragenter, dragover, then drop) onto the element under the pointer.
DROP = """([selector, name, data]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: "application/pdf" }));
  const target = document.querySelector(selector);
  const init = { bubbles: true, cancelable: true, dataTransfer: transfer };
  for (const type of ["dragenter", "dragover", "drop"]) {
    target.dispatchEvent(new DragEvent(type, init));
  }
}"""


def _issued(alice) -> tuple[Transcript, bytes]:  # type: ignore[no-untyped-def]
    requested = transcripts.transcript_request(owner=alice, license_id=alice.licenses.get().pk)
    transcript = transcripts.transcript_render(transcript_id=requested.pk)
    assert transcript is not None
    with transcript.file.open("rb") as handle:
        return transcript, handle.read()


def _printed_link(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    match = re.search(r"https?://\S+?/verify/[\w-]+", text)
    assert match, "the PDF prints no verification link"
    return match.group(0)


def _drop(page, selector: str, name: str, pdf: bytes) -> None:  # type: ignore[no-untyped-def]
    with page.expect_navigation():
        page.evaluate(DROP, [selector, name, base64.b64encode(pdf).decode()])


def test_a_clerk_drops_the_issued_pdf_and_then_a_changed_one(
    alice, cme_record, settings, live_server, page
) -> None:  # type: ignore[no-untyped-def]
    settings.SITE_URL = live_server.url
    transcript, pdf = _issued(alice)
    link = _printed_link(pdf)
    assert link == f"{live_server.url}/verify/{transcript.verification_code}"

    page.goto(link)
    assert page.get_by_role("heading", name="Verify a CME document").is_visible()
    assert "Texas Medical Board (TX-MD)" in page.locator(".verify-facts").inner_text()

    _drop(page, "[data-drop-zone]", "cme-transcript.pdf", pdf)
    result = page.locator("#check-result")
    assert CONFIRMED in result.inner_text()
    assert result.get_attribute("class") == "verify-result verify-issued"
    assert page.evaluate("document.activeElement.id") == "check-result"

    # One byte changed in the middle; dropped beside the zone, on the page's heading.
    middle = len(pdf) // 2
    tampered = pdf[:middle] + bytes([pdf[middle] ^ 1]) + pdf[middle + 1 :]
    _drop(page, "h1", "cme-transcript.pdf", tampered)
    result = page.locator("#check-result")
    assert REFUSED in result.inner_text()
    assert CONFIRMED not in page.content()
    assert result.get_attribute("role") == "alert"


def test_without_javascript_the_labelled_input_and_button_do_the_same(
    alice, cme_record, live_server, browser, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    transcript, pdf = _issued(alice)
    received = tmp_path / "received.pdf"
    received.write_bytes(pdf)
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"/verify/{transcript.verification_code}")
        page.get_by_label("The PDF you received").set_input_files(received)
        page.get_by_role("button", name="Check this file").click()
        assert CONFIRMED in page.locator("#check-result").inner_text()

        received.write_bytes(pdf + b"\n% appended after issue\n")
        page.get_by_label("The PDF you received").set_input_files(received)
        page.get_by_role("button", name="Check this file").click()
        assert REFUSED in page.locator("#check-result").inner_text()
    finally:
        context.close()
