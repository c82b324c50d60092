"""An audit packet cannot grow without end: past its page ceiling the rest is a notice page.

Real WeasyPrint for the transcript, real pypdf for the certificates (each a real multi-page PDF).
"""

import io

from pypdf import PdfReader

from reporting.transcripts import packet
from reporting.transcripts.pdf import html_to_pdf
from tests.certificates.test_resource_bounds import many_pages_pdf


def certificate(pages: int, heading: str) -> packet.PacketCertificate:
    data = many_pages_pdf(pages)
    return packet.PacketCertificate(
        heading=heading, content_type="application/pdf", read=lambda: data
    )


def test_a_packet_stops_at_its_page_ceiling_and_says_what_it_left_out(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(packet, "MAX_PACKET_PAGES", 30)
    certificates = [certificate(8, f"2026-01-0{n} Grand rounds {n}") for n in range(1, 9)]

    pdf = packet.audit_packet(
        transcript_pdf=html_to_pdf("<h1>CME transcript</h1>", pdf_variant=None),
        certificates=certificates,
        csv_text="title\n",
    )

    reader = PdfReader(io.BytesIO(pdf))
    # The transcript page and three certificates whole, each behind its caption page (28
    # pages); the fourth would pass 30, so it and the four after it are named on one notice page.
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) == 29
    assert "5 more certificates" in text
    assert "The packet reached its limit of 30 pages" in text
    titles = [item.title for item in reader.outline]
    assert titles[-1] == "Certificates not included"
