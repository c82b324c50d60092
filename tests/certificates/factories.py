"""Small, valid certificate files built in code, and a Certificate factory for other apps' tests.

`make_pdf(["line", ...])` is a hand-written one-page PDF (Helvetica, WinAnsi, so "™" works) that
pypdf reads text from; `pdf_from_objects` lets the corpus build hostile variants of it.
"""

import hashlib
import io
import zlib
from collections.abc import Sequence

import factory
from django.core.files.base import ContentFile
from PIL import Image

from certificates.models import Certificate
from tests.accounts.factories import UserFactory


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_stream(body: bytes, *, dictionary: bytes = b"", compress: bool = False) -> bytes:
    """The body of a stream object (everything between "N 0 obj" and "endobj")."""
    if compress:
        body = zlib.compress(body)
        dictionary += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(body), dictionary, body)


def pdf_from_objects(objects: Sequence[bytes], *, trailer: bytes = b"") -> bytes:
    """A PDF whose objects 1..n are `objects` (1 is the catalog), with a correct xref table."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R%s >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(objects) + 1, trailer, xref)
    )
    return out.getvalue()


def page_content(lines: Sequence[str], *, size: int = 12) -> bytes:
    commands = [b"BT /F1 %d Tf %d TL 72 720 Td" % (size, size + 6)]
    for line in lines:
        commands.append(_pdf_string(line) + b" Tj T*")
    commands.append(b"ET")
    return b"\n".join(commands)


def make_pdf(
    text_lines: Sequence[str] = ("Certificate of Completion",),
    *,
    catalog_extra: bytes = b"",
    page_extra: bytes = b"",
    extra_objects: Sequence[bytes] = (),
    compress: bool = True,
    trailer: bytes = b"",
) -> bytes:
    """A valid one-page Letter PDF showing `text_lines`; extra objects are numbered from 5."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R%s >>" % catalog_extra,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >> >> >>%s >>" % page_extra,
        pdf_stream(page_content(text_lines), compress=compress),
        *extra_objects,
    ]
    return pdf_from_objects(objects, trailer=trailer)


def make_image(
    kind: str = "PNG",
    width: int = 64,
    height: int = 48,
    color: tuple[int, int, int] = (30, 90, 160),
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format=kind)
    return out.getvalue()


def make_png(
    width: int = 64, height: int = 48, color: tuple[int, int, int] = (30, 90, 160)
) -> bytes:
    return make_image("PNG", width, height, color)


def make_jpeg(
    width: int = 64, height: int = 48, color: tuple[int, int, int] = (30, 90, 160)
) -> bytes:
    return make_image("JPEG", width, height, color)


class CertificateFactory(factory.django.DjangoModelFactory):
    """A stored certificate row without going through validation (use the service for that)."""

    class Meta:
        model = Certificate

    class Params:
        data = factory.Sequence(lambda n: make_pdf([f"Certificate number {n}"]))

    owner = factory.SubFactory(UserFactory)
    filename = factory.Sequence(lambda n: f"certificate-{n}.pdf")
    content_type = Certificate.ContentType.PDF
    size = factory.LazyAttribute(lambda o: len(o.data))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.data).hexdigest())
    pages = 1
    text = ""
    file = factory.LazyAttribute(lambda o: ContentFile(o.data, name=o.filename))
