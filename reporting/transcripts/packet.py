"""The audit packet: the transcript, then each counted activity's certificate behind a caption
page naming the activity, its date and credits; one bookmark each.

PDF certificates are appended page by page with pypdf; PNG/JPEG certificates are scaled onto a
page the size of the transcript's. A certificate that cannot be read becomes a page that says
so, rather than sinking the whole packet. Page numbers are stamped on every page once the
packet is whole, so "Page X of Y" counts the certificates too. The packet keeps transcript.csv
as an attachment but does not claim PDF/A: the certificates inside are whatever the user
uploaded.
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
    # The caption page's facts, in words: the activity, when, how many credits of what type,
    # and the requirements it counted toward.
    title: str = ""
    provider: str = ""
    completed: str = ""
    credits: str = ""
    counted_toward: tuple[str, ...] = ()
    # What an auditor may ask about this claim (no designation statement, another name on the
    # certificate, ...): printed so the physician sees it before the board does. Never blocking.
    questions: tuple[str, ...] = ()


CAPTION_CSS = """
@page { margin: 25mm 20mm; }
html { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; font-size: 10.5pt; color: #111; }
.caption { break-after: page; }
.caption:last-child { break-after: auto; }
.kicker { font-size: 9pt; color: #555; text-transform: uppercase; letter-spacing: 0.08em; }
h1 { font-size: 17pt; margin: 2mm 0 6mm; }
dl { display: grid; grid-template-columns: 38mm 1fr; gap: 2mm 4mm; margin: 0; }
dt { font-weight: bold; }
dd { margin: 0; }
ul { margin: 0; padding-left: 5mm; }
.next { margin-top: 10mm; color: #555; }
.questions { margin-top: 6mm; padding: 3mm 4mm; border-left: 1mm solid #b26b00;
  background: #fff6e5; }
.questions p { margin: 0 0 1.5mm; font-weight: bold; }
"""
FOOTER_CSS = """
html {{ font-family: "DejaVu Sans", "Liberation Sans", sans-serif; }}
@page {{
  margin: 18mm 15mm 20mm;
  @bottom-left {{ content: "{left}"; font-size: 7.5pt; color: #555; }}
  @bottom-right {{ content: "Page " counter(page) " of " counter(pages); font-size: 7.5pt;
                   color: #555; }}
}}
div {{ break-after: page; }}
div:last-child {{ break-after: auto; }}
"""


def _caption_html(certificates: Sequence[PacketCertificate]) -> str:
    count = len(certificates)
    pages = []
    for number, item in enumerate(certificates, start=1):
        toward = "".join(f"<li>{escape(name)}</li>" for name in item.counted_toward)
        pages.append(
            '<section class="caption">'
            f'<p class="kicker">Certificate {number} of {count}</p>'
            f"<h1>{escape(item.title or item.heading)}</h1><dl>"
            + (f"<dt>Provider</dt><dd>{escape(item.provider)}</dd>" if item.provider else "")
            + f"<dt>Completed</dt><dd>{escape(item.completed)}</dd>"
            f"<dt>Credits</dt><dd>{escape(item.credits)}</dd>"
            + (f"<dt>Counted toward</dt><dd><ul>{toward}</ul></dd>" if toward else "")
            + "</dl>"
            + (
                '<div class="questions"><p>An auditor may ask</p><ul>'
                + "".join(f"<li>{escape(question)}</li>" for question in item.questions)
                + "</ul></div>"
                if item.questions
                else ""
            )
            + '<p class="next">The certificate on file for this activity follows.</p>'
            "</section>"
        )
    return "".join(pages)


def _captions(certificates: Sequence[PacketCertificate], page_size: str) -> PdfReader:
    """One caption page per certificate, all rendered at once."""
    return PdfReader(
        io.BytesIO(
            html_to_pdf(
                _caption_html(certificates),
                stylesheets=[CAPTION_CSS, f"@page {{ size: {page_size}; }}"],
                pdf_variant=None,
            )
        )
    )


def _css_string(text: str) -> str:
    """`text` inside a CSS string: no quote, backslash or line break can end it early."""
    return "".join(ch if ch.isalnum() or ch in " .,-:;()·@" else f"\\{ord(ch):x} " for ch in text)


def stamp_page_numbers(writer: PdfWriter, *, footer: str, page_size: str) -> None:
    """Print "Page X of Y" (and `footer` on the left) on every page of the finished packet.

    One small PDF of blank pages with only those footers, laid over each page's bottom corners;
    a certificate of another size gets its footer at its own bottom-right corner.
    """
    total = len(writer.pages)
    css = FOOTER_CSS.format(left=_css_string(footer)) + f"@page {{ size: {page_size}; }}"
    overlay = PdfReader(
        io.BytesIO(html_to_pdf("<div></div>" * total, stylesheets=[css], pdf_variant=None))
    )
    for page, stamp in zip(writer.pages, overlay.pages, strict=True):
        box, over = page.mediabox, stamp.mediabox
        dx = float(box.right) - float(over.right)
        dy = float(box.bottom) - float(over.bottom)
        page.merge_transformed_page(stamp, Transformation().translate(dx, dy))


def _certificate_pages(
    certificate: PacketCertificate, width: float, height: float
) -> list[PageObject]:
    """The certificate's pages; a notice page instead if it cannot be read."""
    try:
        data = certificate.read()
        if certificate.content_type == "application/pdf":
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise PdfReadError("the PDF is encrypted")
            return list(reader.pages)
        return [_image_page(data, width, height)]
    except (PdfReadError, UnidentifiedImageError, OSError, ValueError):
        # The packet goes to a board: the reason in plain words, the details (file paths,
        # library messages) only in our log.
        logger.warning("audit packet: a certificate could not be read", exc_info=True)
        notice = _notice_pages(
            certificate.heading,
            "It could not be read: the stored file is missing, damaged or encrypted.",
        )
        return list(notice.pages)


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
    *,
    transcript_pdf: bytes,
    certificates: Sequence[PacketCertificate],
    csv_text: str,
    footer: str = "",
    page_size: str = "letter",
) -> bytes:
    """One PDF: the transcript, then every certificate behind its caption page, with an outline
    entry for each, and "Page X of Y" of the whole packet on every page.

    The transcript must be rendered without page numbers of its own (they would count only
    its pages)."""
    writer = PdfWriter()
    transcript = PdfReader(io.BytesIO(transcript_pdf))
    box = transcript.pages[0].mediabox
    width, height = float(box.width), float(box.height)
    writer.append(transcript, import_outline=False)
    writer.add_outline_item(title="Transcript", page_number=0)
    captions = _captions(certificates, page_size) if certificates else None
    for index, certificate in enumerate(certificates):
        first_page = len(writer.pages)
        pages = _certificate_pages(certificate, width, height)
        if first_page + 1 + len(pages) > MAX_PACKET_PAGES:
            _leave_out(writer, len(certificates) - index, first_page)
            break
        if captions is not None:
            writer.add_page(captions.pages[index])
        for page in pages:
            writer.add_page(page)
        writer.add_outline_item(title=f"Certificate: {certificate.heading}", page_number=first_page)
    stamp_page_numbers(writer, footer=footer, page_size=page_size)
    writer.add_attachment("transcript.csv", csv_text.encode("utf-8"))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
