"""What the bytes really are, whatever the name or the browser says: a PDF, PNG or JPEG only."""

import io
import re
import zipfile

from certificates.models import Certificate

from .rejection import UploadRejected

PDF = Certificate.ContentType.PDF.value
PNG = Certificate.ContentType.PNG.value
JPEG = Certificate.ContentType.JPEG.value

_LOOKS_LIKE: list[tuple[re.Pattern[bytes], str]] = [
    (re.compile(rb"^\s*(?:<!--(?:(?!-->).)*-->\s*)*<!doctype\s+html", re.I | re.S), "HTML"),
    (re.compile(rb"^\s*<(html|head|body|script|iframe|div|p|a|meta|title)[\s>/]", re.I), "HTML"),
    (
        re.compile(
            rb"^\s*(<\?xml[^>]*>\s*)?(?:<!--(?:(?!-->).)*-->\s*)*(<!doctype\s+svg[^>]*>\s*)?<svg",
            re.I | re.S,
        ),
        "an SVG image",
    ),
    (re.compile(rb"^\s*<\?xml", re.I), "XML"),
    (re.compile(rb"^MZ"), "a Windows program"),
    (re.compile(rb"^\x7fELF"), "a Linux program"),
    (
        re.compile(rb"^(\xfe\xed\xfa[\xce\xcf]|[\xce\xcf]\xfa\xed\xfe|\xca\xfe\xba\xbe)"),
        "a Mac program",
    ),
    (re.compile(rb"^PK(\x03\x04|\x05\x06|\x07\x08)"), "a ZIP archive or Office document"),
    (re.compile(rb"^\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "an old Word or Excel document"),
    (re.compile(rb"^\{\\rtf"), "an RTF document"),
    (re.compile(rb"^GIF8[79]a"), "a GIF image"),
    (re.compile(rb"^RIFF....WEBP", re.S), "a WebP image"),
    (re.compile(rb"^....ftyp(heic|heix|hevc|mif1|msf1|avif)", re.S), "an HEIC or AVIF photo"),
    (re.compile(rb"^(II\*\x00|MM\x00\*)"), "a TIFF image"),
    (re.compile(rb"^BM"), "a BMP image"),
    (re.compile(rb"^%!PS"), "a PostScript file"),
    (re.compile(rb"^(\x1f\x8b|7z\xbc\xaf\x27\x1c|Rar!)"), "a compressed archive"),
    (re.compile(rb"^#!"), "a script"),
]


def sniff(data: bytes) -> str:
    """The content type the bytes really are (PDF, PNG or JPEG), else UploadRejected (415)."""
    if data.startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    head = data[:1024]
    for pattern, kind in _LOOKS_LIKE:
        if pattern.match(head):
            raise UploadRejected(
                f"This file is not a PDF, PNG or JPEG (it looks like {kind}).", 415
            )
    if b"%PDF-" in head:
        # Viewers tolerate junk before the header; that tolerance is how polyglots are built.
        raise UploadRejected(
            "This file does not start like a PDF (it has something else in front of the "
            "PDF header); please upload the original PDF.",
            415,
        )
    if _looks_like_text(head):
        raise UploadRejected("This file is not a PDF, PNG or JPEG (it looks like plain text).", 415)
    raise UploadRejected("This file is not a PDF, PNG or JPEG.", 415)


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# Browsers sniff the first bytes of a file for HTML; whatever the type we serve it as, a file that
# is also a web page or an archive is refused rather than trusted to headers alone.
_MARKUP = re.compile(rb"<(script|html|iframe|body|svg|object|embed)[\s>/]|<!doctype\s+html", re.I)


def refuse_polyglots(data: bytes) -> None:
    if _MARKUP.search(data):
        raise UploadRejected(
            "This file also contains web-page code (HTML or script); please upload a plain "
            "PDF, PNG or JPEG."
        )
    if _is_zip(data):
        raise UploadRejected(
            "This file also contains a ZIP archive; please upload a plain PDF, PNG or JPEG."
        )


def _is_zip(data: bytes) -> bool:
    # A ZIP reader looks for the end-of-central-directory record at the end of the file.
    if b"PK\x05\x06" not in data[-66_000:]:
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return bool(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return False
