"""The audit packet: the transcript, then each counted activity's certificate, one bookmark each.

PDF certificates are appended page by page with pypdf; PNG/JPEG certificates are scaled onto a
page the size of the transcript's. A certificate that cannot be read becomes a page that says
so, rather than sinking the whole packet. The packet keeps transcript.csv as an attachment but
does not claim PDF/A: the certificates inside are whatever the user uploaded.
"""

import io
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import escape
from PIL import Image, UnidentifiedImageError
from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.errors import PdfReadError

from reporting.transcripts.pdf import html_to_pdf

logger = logging.getLogger(__name__)
Reader = Callable[[], bytes]
MARGIN_POINTS = 36  # half an inch around a certificate image
# A packet stops growing here (each certificate is at most 200 pages, but a record can hold
# thousands): what is left out gets a notice page, and the worker's memory stays bounded.
MAX_PACKET_PAGES = 1500


@dataclass(frozen=True)
class PacketCertificate:
    heading: str  # the outline entry: date and activity title
    content_type: str
    read: Reader


def _image_page(data: bytes, width: float, height: float) -> PageObject:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        rgb = image.convert("RGB")
    buffer = io.BytesIO()
    rgb.save(buffer, format="PDF", resolution=72.0)
    source = PdfReader(buffer).pages[0]
    w, h = float(source.mediabox.width), float(source.mediabox.height)
    scale = min((width - 2 * MARGIN_POINTS) / w, (height - 2 * MARGIN_POINTS) / h)
    page = PageObject.create_blank_page(width=width, height=height)
    x, y = (width - w * scale) / 2, (height - h * scale) / 2
    page.merge_transformed_page(source, Transformation().scale(scale, scale).translate(x, y))
    return page


def _notice_pages(heading: str, reason: str) -> PdfReader:
    html = (
        "<h1>Certificate not included</h1>"
        f"<p>{escape(heading)}</p><p>{escape(reason)}</p>"
        "<p>The original file is still in your CME Track record.</p>"
    )
    return PdfReader(io.BytesIO(html_to_pdf(html, pdf_variant=None)))


def _leave_out(writer: PdfWriter, count: int, first_page: int) -> None:
    """One notice page for the `count` certificates that do not fit in the packet."""
    writer.append(
        _notice_pages(
            f"{count} more certificate{'s' if count != 1 else ''}",
            f"The packet reached its limit of {MAX_PACKET_PAGES} pages; make a packet of a "
            "shorter cycle, or download these certificates on their own.",
        )
    )
    writer.add_outline_item(title="Certificates not included", page_number=first_page)


def audit_packet(
    *, transcript_pdf: bytes, certificates: Sequence[PacketCertificate], csv_text: str
) -> bytes:
    """One PDF: the transcript, then every certificate, with an outline entry for each."""
    writer = PdfWriter()
    transcript = PdfReader(io.BytesIO(transcript_pdf))
    box = transcript.pages[0].mediabox
    width, height = float(box.width), float(box.height)
    writer.append(transcript, import_outline=False)
    writer.add_outline_item(title="Transcript", page_number=0)
    for index, certificate in enumerate(certificates):
        first_page = len(writer.pages)
        try:
            data = certificate.read()
            if certificate.content_type == "application/pdf":
                reader = PdfReader(io.BytesIO(data))
                if reader.is_encrypted:
                    raise PdfReadError("the PDF is encrypted")
                if first_page + len(reader.pages) > MAX_PACKET_PAGES:
                    _leave_out(writer, len(certificates) - index, first_page)
                    break
                writer.append(reader, import_outline=False)
            else:
                if first_page + 1 > MAX_PACKET_PAGES:
                    _leave_out(writer, len(certificates) - index, first_page)
                    break
                writer.add_page(_image_page(data, width, height))
        except (PdfReadError, UnidentifiedImageError, OSError, ValueError):
            # The packet goes to a board: the reason in plain words, the details (file paths,
            # library messages) only in our log.
            logger.warning("audit packet: a certificate could not be read", exc_info=True)
            writer.append(
                _notice_pages(
                    certificate.heading,
                    "It could not be read: the stored file is missing, damaged or encrypted.",
                )
            )
        writer.add_outline_item(title=f"Certificate: {certificate.heading}", page_number=first_page)
    writer.add_attachment("transcript.csv", csv_text.encode("utf-8"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
