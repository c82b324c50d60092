"""Hostile and broken uploads, built in code so every one is reviewable here.

Each entry: (id, file name, bytes builder, expected HTTP status, expected message fragment).
The big ones (bombs) are cached: they cost a second to build and are used by several tests.
"""

import functools
import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter

from certificates.validation.images import DAMAGED_IMAGE
from certificates.validation.pdf import (
    ACTIVE_PDF,
    ATTACHMENTS_PDF,
    BOMB_PDF,
    DAMAGED_PDF,
    TOO_COMPLEX_PDF,
    XFA_PDF,
)
from tests.certificates.factories import (
    make_jpeg,
    make_pdf,
    make_png,
    page_content,
    pdf_stream,
)

GIGABYTE = 1024**3


@dataclass(frozen=True)
class BadUpload:
    id: str
    name: str
    build: Callable[[], bytes]
    status: int
    message: str

    @property
    def data(self) -> bytes:
        return self.build()


# --- Bombs ------------------------------------------------------------------------------------
@functools.cache
def _deflate_zeros(total: int) -> bytes:
    """A zlib stream of `total` zero bytes, built in milliseconds rather than seconds.

    After a full flush the compressor's state is reset, so every further 1 MiB block of zeros
    compresses to the same bytes: compress two, repeat the second, finish with the checksum.
    """
    block = bytes(1024 * 1024)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: we write the wrapper
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)
    adler32 = ((total % 65521) << 16) | 1  # Adler-32 of n zero bytes: a = 1, b = n mod 65521
    blocks = total // len(block)
    body = first + repeated * (blocks - 1) + end
    return b"\x78\xda" + body + struct.pack(">I", adler32)


@functools.cache
def flate_bomb_pdf() -> bytes:
    """~1 MB PDF whose page content inflates to 1 GiB of zeros."""
    inflated = _deflate_zeros(GIGABYTE)
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (
        len(inflated),
        inflated,
    )
    return _pdf_with_content_object(stream)


@functools.cache
def nested_flate_bomb_pdf() -> bytes:
    """A few KB: Flate inside Flate, inflating to 1 GiB in the second stage."""
    inner = _deflate_zeros(GIGABYTE)
    outer = zlib.compress(inner, 9)
    stream = b"<< /Length %d /Filter [/FlateDecode /FlateDecode] >>\nstream\n%s\nendstream" % (
        len(outer),
        outer,
    )
    return _pdf_with_content_object(stream)


@functools.cache
def image_flate_bomb_pdf() -> bytes:
    """An image XObject (which gets the larger budget) inflating to 1 GiB."""
    outer = zlib.compress(_deflate_zeros(GIGABYTE), 9)
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 32768 /Height 32768 /ColorSpace /DeviceGray "
        b"/BitsPerComponent 8 /Length %d /Filter [/FlateDecode /FlateDecode] >>\n"
        b"stream\n%s\nendstream" % (len(outer), outer)
    )
    return make_pdf(["A page with a huge image"], page_extra=b"", extra_objects=[image])


def _pdf_with_content_object(stream_object: bytes) -> bytes:
    from tests.certificates.factories import pdf_from_objects

    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
            stream_object,
        ]
    )


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@functools.cache
def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A 1-bit PNG of width x height (30000 x 30000 = 900 megapixels) in ~110 KB."""
    row = bytes(1 + (width + 7) // 8)  # filter byte + packed pixels, all black
    rows_per_block = 1000
    # As for the flate bomb: identical blocks after a full flush compress to identical bytes.
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(row * rows_per_block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(row * rows_per_block) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = first + repeated * (height // rows_per_block - 1) + compressor.flush(zlib.Z_FINISH)
    checksum = zlib.adler32(row * rows_per_block)
    for _ in range(height // rows_per_block - 1):
        checksum = zlib.adler32(row * rows_per_block, checksum)
    idat = b"\x78\xda" + body + struct.pack(">I", checksum)
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def jpeg_with_size(width: int, height: int) -> bytes:
    """A tiny real JPEG whose frame header claims width x height."""
    data = bytearray(make_jpeg(16, 16))
    marker = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, marker + 5, height, width)
    return bytes(data)


# --- Polyglots and impostors -----------------------------------------------------------------
def _zip(name: str = "payload.html", content: bytes = b"<b>hi</b>") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, content)
    return out.getvalue()


def _exe() -> bytes:
    # The start of a real PE file: DOS header, stub message, PE signature.
    dos = bytearray(128)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 0x80)
    stub = b"This program cannot be run in DOS mode.\r\r\n$"
    dos[0x40 : 0x40 + len(stub)] = stub
    return bytes(dos) + b"PE\x00\x00" + bytes(200)


def _jpeg_with_comment(comment: bytes) -> bytes:
    jpeg = make_jpeg()
    return jpeg[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + jpeg[2:]


HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)">'
    b"<text>Certificate</text></svg>"
)


# --- PDFs with active content -----------------------------------------------------------------
def _javascript_object() -> bytes:
    return b"<< /Type /Action /S /JavaScript /JS (app.alert\\('pwned'\\)) >>"


def _encrypted(user_password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(["Secret certificate"]))))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def object_stream_pdf(hidden: bytes) -> bytes:
    """A PDF whose catalog lives in a compressed object stream with `hidden` beside it.

    Names inside the stream are invisible to a byte scan, so only the object walk can see them.
    """
    packed = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 6 0 R >>",  # object 1
        hidden,  # object 6
    ]
    numbers = [1, 6]
    offsets, body = [], b""
    for obj in packed:
        offsets.append(len(body))
        body += obj + b"\n"
    header = b" ".join(b"%d %d" % pair for pair in zip(numbers, offsets, strict=True)) + b"\n"
    objstm_data = zlib.compress(header + body)
    plain = {
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 "
        b"/BaseFont /Helvetica >> >> >> >>",
        4: pdf_stream(page_content(["Certificate of Completion"]), compress=True),
        5: b"<< /Type /ObjStm /N 2 /First %d /Length %d /Filter /FlateDecode >>\n"
        b"stream\n%s\nendstream" % (len(header), len(objstm_data), objstm_data),
    }
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets_plain = {}
    for number, obj in plain.items():
        offsets_plain[number] = out.tell()
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, obj))
    xref_offset = out.tell()
    rows = [b"\x00" + struct.pack(">IH", 0, 65535)]  # object 0: free
    for number in range(1, 8):
        if number in plain:
            rows.append(b"\x01" + struct.pack(">IH", offsets_plain[number], 0))
        elif number in numbers:
            rows.append(b"\x02" + struct.pack(">IH", 5, numbers.index(number)))
        else:  # 7 is the xref stream itself
            rows.append(b"\x01" + struct.pack(">IH", xref_offset, 0))
    table = b"".join(rows)
    out.write(
        b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n%s\n"
        b"endstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (len(table), table, xref_offset)
    )
    return out.getvalue()


def _pdf(**kwargs: object) -> Callable[[], bytes]:
    return lambda: make_pdf(["Certificate of Completion"], **kwargs)  # type: ignore[arg-type]


NOT_ACCEPTED = "This file is not a PDF, PNG or JPEG"
# Each is refused with this status and (part of) this message, whatever its name says.
CORPUS: list[BadUpload] = [
    BadUpload("empty", "certificate.pdf", lambda: b"", 400, "This file is empty."),
    BadUpload(
        "html-as-pdf", "certificate.pdf", lambda: HTML, 415, f"{NOT_ACCEPTED} (it looks like HTML)."
    ),
    BadUpload("html-named-pdf-html", "x.pdf.html", lambda: HTML, 415, "(it looks like HTML)"),
    BadUpload("svg-as-pdf", "certificate.pdf", lambda: SVG, 415, "(it looks like an SVG image)"),
    BadUpload("exe-as-pdf", "certificate.pdf", _exe, 415, "(it looks like a Windows program)"),
    BadUpload("zip-as-pdf", "certificate.pdf", _zip, 415, "(it looks like a ZIP archive"),
    BadUpload(
        "gif-as-png",
        "certificate.png",
        lambda: b"GIF89a" + bytes(40),
        415,
        "(it looks like a GIF image)",
    ),
    BadUpload(
        "text-as-pdf",
        "certificate.pdf",
        lambda: b"I attended the course.\n",
        415,
        "(it looks like plain text)",
    ),
    BadUpload(
        "junk-before-pdf",
        "certificate.pdf",
        lambda: b"JUNK" * 10 + make_pdf(),
        415,
        "does not start like a PDF",
    ),
    BadUpload(
        "pdf-header-then-junk",
        "certificate.pdf",
        lambda: b"%PDF-1.7\n" + bytes(range(256)) * 4,
        400,
        DAMAGED_PDF,
    ),
    BadUpload(
        "pdf-truncated",
        "certificate.pdf",
        lambda: make_pdf()[: len(make_pdf()) // 2],
        400,
        DAMAGED_PDF,
    ),
    BadUpload(
        "pdf-eof-but-no-objects",
        "certificate.pdf",
        lambda: (
            b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\n"
            b"startxref\n999999\n%%EOF\n"
        ),
        400,
        DAMAGED_PDF,
    ),
    BadUpload(
        "pdf-password",
        "certificate.pdf",
        lambda: _encrypted("letmein"),
        400,
        "This PDF is password-protected; please upload an unprotected copy.",
    ),
    BadUpload(
        "pdf-encrypted-no-password",
        "certificate.pdf",
        lambda: _encrypted(""),
        400,
        "This PDF is encrypted",
    ),
    BadUpload(
        "pdf-openaction-js",
        "certificate.pdf",
        _pdf(catalog_extra=b" /OpenAction 5 0 R", extra_objects=[_javascript_object()]),
        400,
        ACTIVE_PDF,
    ),
    BadUpload(
        "pdf-names-javascript",
        "certificate.pdf",
        _pdf(
            catalog_extra=b" /Names << /JavaScript 5 0 R >>",
            extra_objects=[b"<< /Names [(x) 6 0 R] >>", _javascript_object()],
        ),
        400,
        ACTIVE_PDF,
    ),
    BadUpload(
        "pdf-escaped-js-name",
        "certificate.pdf",
        _pdf(catalog_extra=b" /OpenAction << /S /JavaScript /J#53 (app.alert\\(1\\)) >>"),
        400,
        ACTIVE_PDF,
    ),
    BadUpload(
        "pdf-launch",
        "certificate.pdf",
        _pdf(catalog_extra=b" /OpenAction << /S /Launch /F (calc.exe) >>"),
        400,
        ACTIVE_PDF,
    ),
    BadUpload(
        "pdf-page-aa",
        "certificate.pdf",
        _pdf(page_extra=b" /AA << /O << /S /GoTo /D [3 0 R /Fit] >> >>"),
        400,
        ACTIVE_PDF,
    ),
    BadUpload(
        "pdf-link-launch",
        "certificate.pdf",
        _pdf(
            page_extra=b" /Annots [5 0 R]",
            extra_objects=[
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
                b"/A << /S /Launch /F (cmd.exe) >> >>"
            ],
        ),
        400,
        ACTIVE_PDF,
    ),
    BadUpload(
        "pdf-javascript-uri",
        "certificate.pdf",
        _pdf(
            page_extra=b" /Annots [5 0 R]",
            extra_objects=[
                b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] "
                b"/A << /S /URI /URI (javascript:alert\\(1\\)) >> >>"
            ],
        ),
        400,
        ACTIVE_PDF,
    ),
    BadUpload(
        "pdf-openaction-uri",
        "certificate.pdf",
        _pdf(catalog_extra=b" /OpenAction << /S /URI /URI (https://evil.example/) >>"),
        400,
        ACTIVE_PDF,
    ),
    BadUpload(
        "pdf-embedded-file",
        "certificate.pdf",
        _pdf(
            catalog_extra=b" /Names << /EmbeddedFiles << /Names [(a.exe) 5 0 R] >> >>",
            extra_objects=[
                b"<< /Type /Filespec /F (a.exe) /EF << /F 6 0 R >> >>",
                pdf_stream(b"MZ", dictionary=b" /Type /EmbeddedFile"),
            ],
        ),
        400,
        ATTACHMENTS_PDF,
    ),
    BadUpload(
        "pdf-file-attachment-annotation",
        "certificate.pdf",
        _pdf(
            page_extra=b" /Annots [5 0 R]",
            extra_objects=[
                b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 9 9] /FS (a.txt) >>"
            ],
        ),
        400,
        ATTACHMENTS_PDF,
    ),
    BadUpload(
        "pdf-xfa",
        "certificate.pdf",
        _pdf(
            catalog_extra=b" /AcroForm << /Fields [] /XFA 5 0 R >>",
            extra_objects=[pdf_stream(b"<xdp:xdp/>")],
        ),
        400,
        XFA_PDF,
    ),
    BadUpload(
        "pdf-js-in-object-stream",
        "certificate.pdf",
        lambda: object_stream_pdf(_javascript_object()),
        400,
        ACTIVE_PDF,
    ),
    BadUpload("pdf-flate-bomb", "certificate.pdf", flate_bomb_pdf, 400, BOMB_PDF),
    BadUpload("pdf-nested-flate-bomb", "certificate.pdf", nested_flate_bomb_pdf, 400, BOMB_PDF),
    BadUpload("pdf-image-flate-bomb", "certificate.pdf", image_flate_bomb_pdf, 400, BOMB_PDF),
    BadUpload(
        "pdf-a-million-object-headers",
        "certificate.pdf",
        lambda: b"%PDF-1.7\n" + b"1 0 obj\n" * 1_000_000 + b"startxref\n0\n%%EOF\n",
        400,
        TOO_COMPLEX_PDF,
    ),
    BadUpload(
        "pdf-unterminated-streams",
        "certificate.pdf",
        lambda: b"%PDF-1.7\n" + b"stream\n" * 1_000_000 + b"startxref\n0\n%%EOF\n",
        400,
        DAMAGED_PDF,
    ),
    BadUpload(
        "html-comment-flood",
        "certificate.pdf",
        lambda: b"<!-- --> " * 110 + b"x",
        415,
        NOT_ACCEPTED,
    ),
    BadUpload(
        "pdf-with-zip-appended",
        "certificate.pdf",
        lambda: make_pdf() + _zip(),
        400,
        "also contains a ZIP archive",
    ),
    BadUpload(
        "png-bomb-30000",
        "certificate.png",
        png_bomb,
        400,
        "This image is too large in pixels (30000 by 30000)",
    ),
    BadUpload(
        "jpeg-bomb-8000",
        "certificate.jpg",
        lambda: jpeg_with_size(8000, 8000),
        400,
        "This image is too large in pixels (8000 by 8000)",
    ),
    BadUpload(
        "jpeg-bomb-60000",
        "certificate.jpg",
        lambda: jpeg_with_size(60000, 60000),
        400,
        "This image is too large in pixels",
    ),
    BadUpload(
        "png-truncated", "certificate.png", lambda: make_png(400, 300)[:-40], 400, DAMAGED_IMAGE
    ),
    BadUpload(
        "jpeg-truncated", "certificate.jpg", lambda: make_jpeg(400, 300)[:300], 400, DAMAGED_IMAGE
    ),
    BadUpload(
        "png-plus-html",
        "certificate.png",
        lambda: make_png() + HTML,
        400,
        "also contains web-page code",
    ),
    BadUpload(
        "png-plus-junk",
        "certificate.png",
        lambda: make_png() + b"\x01hidden payload",
        400,
        "extra data hidden after the picture",
    ),
    BadUpload(
        "png-plus-zip",
        "certificate.png",
        lambda: make_png() + _zip("x.txt", b"x"),
        400,
        "also contains a ZIP archive",
    ),
    BadUpload(
        "jpeg-plus-zip",
        "certificate.jpg",
        lambda: make_jpeg() + _zip("x.txt", b"x"),
        400,
        "also contains a ZIP archive",
    ),
    BadUpload(
        "jpeg-with-html-comment",
        "certificate.jpg",
        lambda: _jpeg_with_comment(b"<script>alert(1)</script>"),
        400,
        "also contains web-page code",
    ),
]
