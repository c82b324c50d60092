"""Judge an upload by its bytes: sniff, fully parse, refuse anything unsafe. No storage, no DB.

Everything here works on the upload's bytes (at most CERTIFICATE_MAX_BYTES, held in memory) and
raises `UploadRejected` with a message in the clinician's words and the HTTP status the API
answers with (400 bad content, 413 too large, 415 not a PDF, PNG or JPEG).
"""

import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

import pypdf
from django.core.exceptions import ValidationError
from PIL import Image
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from .models import Certificate

PDF = Certificate.ContentType.PDF.value
PNG = Certificate.ContentType.PNG.value
JPEG = Certificate.ContentType.JPEG.value
EXTENSIONS = {PDF: (".pdf",), PNG: (".png",), JPEG: (".jpg", ".jpeg", ".jpe")}

# A 600-dpi scan of a Letter or A4 page is ~35 megapixels; anything much bigger is a bomb or a
# mistake. Decoding the largest allowed image costs at most ~160 MB (RGBA).
MAX_IMAGE_PIXELS = 40_000_000
MAX_PDF_PAGES = 200
MAX_PDF_OBJECTS = 50_000
# Decompressed-size budgets for PDF streams. Page content of a certificate is kilobytes; a
# 300-dpi colour scan embedded as a Flate image is ~25 MB. A flate bomb stops at the budget.
MAX_STREAM_BYTES = 16 * 1024 * 1024
MAX_IMAGE_STREAM_BYTES = 128 * 1024 * 1024
MAX_DOCUMENT_DECODED_BYTES = 256 * 1024 * 1024
_INFLATE_STEP = 1024 * 1024
_INFLATE_INPUT_STEP = 16 * 1024
_READ_CHUNK = 64 * 1024


class UploadRejected(ValidationError):
    """An upload we refuse: `message` is shown to the user, `status` is the API's HTTP status.

    A ValidationError, so callers that already turn those into form errors (the activity form's
    upload field) need nothing special.
    """

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message, code="upload_rejected")
        self.status = status


@dataclass(frozen=True)
class ValidUpload:
    """An upload that passed every check, with what the Certificate row records."""

    data: bytes
    filename: str
    content_type: str
    size: int
    sha256: str
    pages: int


def validate_upload(file: IO[bytes], *, name: str, max_bytes: int) -> ValidUpload:
    """Read at most max_bytes + 1 of `file` and return it validated, or raise UploadRejected."""
    clean_name = filename_check(name)
    declared = getattr(file, "size", None)
    if isinstance(declared, int) and declared > max_bytes:
        raise UploadRejected(too_large_message(max_bytes), status=413)
    data = _read_bounded(file, max_bytes)
    if not data:
        raise UploadRejected("This file is empty.")
    content_type = sniff(data)
    _refuse_polyglots(data)
    if content_type == PDF:
        pages = check_pdf(data)
    else:
        check_image(data, content_type)
        pages = 1
    return ValidUpload(
        data=data,
        filename=filename_sanitise(clean_name, content_type=content_type),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        pages=pages,
    )


def size_limit(max_bytes: int) -> str:
    """The limit as people say it: "10 MB", "2.5 MB"."""
    megabytes = max_bytes / (1024 * 1024)
    return f"{megabytes:.0f} MB" if megabytes == int(megabytes) else f"{megabytes:.1f} MB"


def too_large_message(max_bytes: int) -> str:
    return f"This file is larger than the {size_limit(max_bytes)} limit."


def _read_bounded(file: IO[bytes], max_bytes: int) -> bytes:
    # Count what we really read: a declared size can lie (chunked uploads, direct service calls).
    if hasattr(file, "seek"):
        file.seek(0)
    buffer = bytearray()
    while chunk := file.read(_READ_CHUNK):
        buffer += chunk
        if len(buffer) > max_bytes:
            raise UploadRejected(too_large_message(max_bytes), status=413)
    return bytes(buffer)


# --- File names -------------------------------------------------------------------------------
_WINDOWS_DEVICES = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?$", re.IGNORECASE)
_UNSAFE_CHARACTERS = re.compile(r'[<>:"|?*;]')
MAX_FILENAME_LENGTH = 150


def filename_check(name: str) -> str:
    """Refuse names with folder parts or control characters; the name is only ever displayed."""
    if "/" in name or "\\" in name:
        raise UploadRejected(
            "The file name must not contain folder names (“/” or “\\”); "
            "please upload the file itself."
        )
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise UploadRejected(
            "The file name contains control characters; please rename the file and try again."
        )
    return name


def filename_sanitise(name: str, *, content_type: str) -> str:
    """A display name that is safe in any header, file system or page, ending in the right type.

    Format characters (bidi overrides that make "gpj.exe" read as "exe.jpg", zero-width spaces)
    are dropped, characters Windows refuses become "_", and the extension follows the content.
    """
    name = unicodedata.normalize("NFC", name)
    name = "".join(
        char for char in name if unicodedata.category(char)[0] not in "CZ" or char == " "
    )
    name = _UNSAFE_CHARACTERS.sub("_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    allowed = EXTENSIONS[content_type]
    suffix = f".{extension.lower()}" if f".{extension.lower()}" in allowed else allowed[0]
    if suffix != f".{extension.lower()}":
        stem = name  # "scan.pdf.html" holding a PDF becomes "scan.pdf.html.pdf"
    stem = stem.strip(" .")[: MAX_FILENAME_LENGTH - len(suffix)].rstrip(" .") or "certificate"
    if _WINDOWS_DEVICES.match(stem):
        stem = f"_{stem}"
    return f"{stem}{suffix}"


# --- Sniffing ---------------------------------------------------------------------------------
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


def _refuse_polyglots(data: bytes) -> None:
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


# --- Images -----------------------------------------------------------------------------------
DAMAGED_IMAGE = (
    "This image is damaged or incomplete; please export it again and upload the new copy."
)


def check_image(data: bytes, content_type: str) -> None:
    """Parse a PNG or JPEG fully, refusing decompression bombs before any pixel is decoded."""
    if content_type == PNG:
        _check_png_structure(data)
    with warnings.catch_warnings():
        # We apply our own, lower limit below, before decoding; Pillow's warning is noise.
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:  # reads the header only
                width, height = image.size
                if width * height > MAX_IMAGE_PIXELS:
                    raise UploadRejected(_too_many_pixels(width, height))
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                if content_type == JPEG:
                    # Decode at 1/8 scale: every byte is still read (truncation shows), memory is
                    # 1/64 of a full decode.
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
        except UploadRejected:
            raise
        except Image.DecompressionBombError as error:
            # Pillow's own, higher limit fires inside open() before we learn the size.
            raise UploadRejected(_too_many_pixels_unknown()) from error
        except Exception as error:
            # Pillow raises many types (OSError, SyntaxError, ValueError, struct.error...) on bad
            # input; every one of them means the same thing to the user.
            raise UploadRejected(DAMAGED_IMAGE) from error


def _too_many_pixels(width: int, height: int) -> str:
    return (
        f"This image is too large in pixels ({width} by {height}); the limit is "
        f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels. Please upload a smaller scan or photo."
    )


def _too_many_pixels_unknown() -> str:
    return (
        f"This image is too large in pixels; the limit is {MAX_IMAGE_PIXELS // 1_000_000} "
        "megapixels. Please upload a smaller scan or photo."
    )


def _check_png_structure(data: bytes) -> None:
    """Walk the chunks: the header size is checked before decoding, nothing may follow IEND."""
    position = 8
    seen_header = False
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        end = position + 12 + length
        if end > len(data):
            raise UploadRejected(DAMAGED_IMAGE)
        if kind == b"IHDR":
            seen_header = True
            width = int.from_bytes(data[position + 8 : position + 12], "big")
            height = int.from_bytes(data[position + 12 : position + 16], "big")
            if width * height > MAX_IMAGE_PIXELS:
                raise UploadRejected(_too_many_pixels(width, height))
        elif not seen_header:
            raise UploadRejected(DAMAGED_IMAGE)
        position = end
        if kind == b"IEND":
            if data[position:].strip(b"\x00"):
                raise UploadRejected(
                    "This image has extra data hidden after the picture; please export it "
                    "again as a plain PNG or JPEG."
                )
            return
    raise UploadRejected(DAMAGED_IMAGE)


# --- PDFs -------------------------------------------------------------------------------------
DAMAGED_PDF = "This PDF is damaged or incomplete; please download it again and upload the new copy."
ACTIVE_PDF = (
    "This PDF contains scripts or automatic actions, which we do not accept; please upload a "
    "plain copy (for example, print it to a new PDF)."
)
ATTACHMENTS_PDF = (
    "This PDF has other files attached inside it; please upload a copy without attachments."
)
XFA_PDF = "This PDF is an interactive (XFA) form; please print it to a new PDF and upload that."
BOMB_PDF = (
    "This PDF contains data that expands to an unreasonable size; please upload a simpler "
    "copy (for example, print it to a new PDF)."
)
TOO_COMPLEX_PDF = (
    f"This PDF is too complex to check (over {MAX_PDF_OBJECTS} objects); please upload a "
    "simpler copy (for example, print it to a new PDF)."
)

_FLATE = {"/FlateDecode", "/Fl"}
_TEXT_FILTERS = {"/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"}
_BOUNDED_BY_PYPDF = {"/LZWDecode", "/LZW", "/RunLengthDecode", "/RL"}
_IMAGE_FILTERS = {"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"}
_ACTIVE_KEYS = {"/JS", "/JavaScript", "/AA"}
_ACTIVE_ACTIONS = {
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/Rendition",
    "/RichMediaExecute",
    "/GoToE",
    "/GoToR",
    "/Sound",
    "/Movie",
}
_ATTACHMENT_KEYS = {"/EmbeddedFiles", "/EmbeddedFile"}
# Names outside streams, after undoing #xx escapes ("/J#53" is "/JS"): catches objects a viewer
# would find by reconstructing a broken cross-reference table even if pypdf's table omits them.
_RAW_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|AA|RichMedia)(?![A-Za-z0-9])")
_RAW_ATTACHMENT = re.compile(rb"/(EmbeddedFiles?)(?![A-Za-z0-9])")
_RAW_XFA = re.compile(rb"/XFA(?![A-Za-z0-9])")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")


def check_pdf(data: bytes) -> int:
    """Parse the whole PDF and return its page count; refuse damage, encryption, active content."""
    if b"%%EOF" not in data[-1024:] or b"startxref" not in data[-2048:]:
        raise UploadRejected(DAMAGED_PDF)
    if data.count(b" obj") > MAX_PDF_OBJECTS:
        # Checked before pypdf, whose cross-reference repair would try every one of them.
        raise UploadRejected(TOO_COMPLEX_PDF)
    _scan_raw_names(data)
    with (
        warnings.catch_warnings(),
        pypdf.apply_configuration(
            zlib_maximum_output_length=MAX_STREAM_BYTES,
            lzw_maximum_output_length=MAX_STREAM_BYTES,
            run_length_maximum_output_length=MAX_STREAM_BYTES,
            stream_decoding_work_maximum_length=MAX_IMAGE_STREAM_BYTES,
        ),
    ):
        # pypdf warns about every quirk of real-world PDFs; the checks below decide.
        warnings.simplefilter("ignore")
        try:
            reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                raise UploadRejected(_encrypted_message(reader))
            _walk_objects(reader, len(data))
            pages = len(reader.pages)
            for page in reader.pages:
                page.get_contents()  # every page's content must resolve
        except UploadRejected:
            raise
        except Exception as error:
            # pypdf raises PdfReadError, but hostile files also reach KeyError, TypeError,
            # RecursionError...: every one means the file cannot be trusted as a PDF.
            raise UploadRejected(DAMAGED_PDF) from error
    if pages < 1:
        raise UploadRejected("This PDF has no pages.")
    if pages > MAX_PDF_PAGES:
        raise UploadRejected(
            f"This PDF has {pages} pages; a certificate has at most {MAX_PDF_PAGES}."
        )
    return pages


def _encrypted_message(reader: pypdf.PdfReader) -> str:
    try:
        opens_without_password = bool(reader.decrypt(""))
    except Exception:  # an unsupported cipher is still "encrypted" to the user
        opens_without_password = False
    if opens_without_password:
        return (
            "This PDF is encrypted (it opens without a password but is locked against "
            "changes); please upload an unencrypted copy, for example by printing it to a new PDF."
        )
    return "This PDF is password-protected; please upload an unprotected copy."


def _outside_streams(data: bytes) -> bytes:
    # A linear walk: a regex with ".*?" re-scans to the end for every unterminated "stream".
    parts, position = [], 0
    while (start := data.find(b"stream", position)) != -1:
        parts.append(data[position:start])
        end = data.find(b"endstream", start + 6)
        if end == -1:
            return b" ".join(parts)
        position = end + len(b"endstream")
    parts.append(data[position:])
    return b" ".join(parts)


def _scan_raw_names(data: bytes) -> None:
    outside_streams = _outside_streams(data)
    names = _NAME_ESCAPE.sub(lambda match: bytes([int(match.group(1), 16)]), outside_streams)
    if _RAW_XFA.search(names):
        raise UploadRejected(XFA_PDF)
    if _RAW_ATTACHMENT.search(names):
        raise UploadRejected(ATTACHMENTS_PDF)
    if _RAW_ACTIVE.search(names):
        raise UploadRejected(ACTIVE_PDF)


class _Budget:
    def __init__(self) -> None:
        self.left = MAX_DOCUMENT_DECODED_BYTES

    def spend(self, amount: int) -> None:
        self.left -= amount
        if self.left < 0:
            raise UploadRejected(BOMB_PDF)


def _walk_objects(reader: pypdf.PdfReader, file_size: int) -> None:
    """Visit every object in the cross-reference table, streams before what they contain."""
    plain = [(num, gen) for gen, table in reader.xref.items() for num in table]
    packed = list(reader.xref_objStm)
    if len(plain) + len(packed) > MAX_PDF_OBJECTS:
        raise UploadRejected(TOO_COMPLEX_PDF)
    for gen, table in reader.xref.items():
        for num, offset in table.items():
            if gen == 0 and num == 0:
                continue
            if offset >= file_size:
                raise UploadRejected(DAMAGED_PDF)
    budget = _Budget()
    # Object streams are plain objects: their size is checked here, before pypdf inflates one
    # to read the objects packed inside it in the second loop.
    for num, gen in plain:
        _inspect(reader, reader.get_object(IndirectObject(num, gen, reader)), budget)
    for num in packed:
        _inspect(reader, reader.get_object(IndirectObject(num, 0, reader)), budget)


def _inspect(reader: pypdf.PdfReader, root: Any, budget: _Budget) -> None:
    """Check one object and the direct objects in it; references are visited on their own."""
    pending = [(root, 0)]
    visited = 0
    while pending:
        obj, depth = pending.pop()
        visited += 1
        if depth > 64 or visited > 200_000:
            raise UploadRejected(DAMAGED_PDF)
        if isinstance(obj, DictionaryObject):
            _inspect_dictionary(reader, obj)
            if isinstance(obj, StreamObject):
                _measure_stream(obj, budget)
            children = obj.values()
        elif isinstance(obj, ArrayObject):
            children = obj
        else:
            continue
        pending.extend((child, depth + 1) for child in children if not _is_reference(child))


def _is_reference(obj: Any) -> bool:
    return isinstance(obj, IndirectObject)


def _inspect_dictionary(reader: pypdf.PdfReader, obj: DictionaryObject) -> None:
    keys = set(obj.keys())
    if "/XFA" in keys:
        raise UploadRejected(XFA_PDF)
    if keys & _ATTACHMENT_KEYS or obj.get("/Type") == "/EmbeddedFile":
        raise UploadRejected(ATTACHMENTS_PDF)
    # "/EF" is only a file specification's embedded file when it sits beside /F or /UF; a
    # resource dictionary may name a font "/EF".
    if "/EF" in keys and keys & {"/F", "/UF", "/Type"}:
        raise UploadRejected(ATTACHMENTS_PDF)
    if obj.get("/Subtype") == "/FileAttachment":
        raise UploadRejected(ATTACHMENTS_PDF)
    if keys & _ACTIVE_KEYS or obj.get("/S") in _ACTIVE_ACTIONS:
        raise UploadRejected(ACTIVE_PDF)
    if obj.get("/Subtype") in ("/RichMedia", "/Screen", "/Movie", "/Sound"):
        raise UploadRejected(ACTIVE_PDF)
    uri = obj.get("/URI")
    if uri is not None and str(uri).strip().lower().startswith(("javascript:", "data:", "file:")):
        raise UploadRejected(ACTIVE_PDF)
    if "/OpenAction" in keys:
        action = obj["/OpenAction"]
        if isinstance(action, IndirectObject):
            action = reader.get_object(action)
        # A destination array just opens a page; an action dictionary does something on open.
        if isinstance(action, DictionaryObject) and action.get("/S") != "/GoTo":
            raise UploadRejected(ACTIVE_PDF)


def _filters(stream: StreamObject) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    if isinstance(value, IndirectObject):
        value = value.get_object()
    names = list(value) if isinstance(value, ArrayObject) else [value]
    resolved = [name.get_object() if isinstance(name, IndirectObject) else name for name in names]
    if not all(isinstance(name, NameObject) for name in resolved) or len(resolved) > 4:
        raise UploadRejected(DAMAGED_PDF)
    return [str(name) for name in resolved]


def _measure_stream(stream: StreamObject, budget: _Budget) -> None:
    """Decode the stream's filters incrementally, counting bytes against the budgets."""
    limit = MAX_IMAGE_STREAM_BYTES if stream.get("/Subtype") == "/Image" else MAX_STREAM_BYTES
    # pypdf keeps a read stream's encoded bytes in `_data` and decodes only in get_data(),
    # which is exactly the call a bomb must not reach.
    raw: bytes = stream._data
    chunks: Iterator[bytes] = iter([raw])
    for name in _filters(stream):
        if name in _IMAGE_FILTERS:
            break  # image codecs: never decoded in our process (OCR rasterises out of process)
        if name in _FLATE:
            chunks = _inflate(chunks, limit)
        elif name in _TEXT_FILTERS or name in _BOUNDED_BY_PYPDF:
            chunks = _pypdf_decode(b"".join(chunks), name, limit)
        else:
            raise UploadRejected(DAMAGED_PDF)  # /Crypt or a filter the format does not have
    for chunk in chunks:
        budget.spend(len(chunk))


def _inflate(chunks: Iterator[bytes], limit: int) -> Iterator[bytes]:
    decompressor = zlib.decompressobj()
    produced = 0
    try:
        for chunk in chunks:
            view = memoryview(chunk)
            # Small input slices keep unconsumed_tail (copied on every call) small too.
            for start in range(0, len(view), _INFLATE_INPUT_STEP):
                data: bytes | memoryview = view[start : start + _INFLATE_INPUT_STEP]
                while data:
                    out = decompressor.decompress(data, _INFLATE_STEP)
                    produced += len(out)
                    if produced > limit:
                        raise UploadRejected(BOMB_PDF)
                    yield out
                    data = decompressor.unconsumed_tail
                    if decompressor.eof:
                        return
        tail = decompressor.flush()
    except zlib.error:
        # Real PDFs carry slightly broken streams that pypdf repairs (within the limits we give
        # it); what decoded before the damage has been counted, the rest cannot be a bomb here.
        return
    if produced + len(tail) > limit:
        raise UploadRejected(BOMB_PDF)
    yield tail


def _pypdf_decode(data: bytes, name: str, limit: int) -> Iterator[bytes]:
    # These filters expand at most ~5x (ASCII85's "z"), or pypdf caps their output (LZW, RLE).
    from pypdf.filters import ASCII85Decode, ASCIIHexDecode, LZWDecode, RunLengthDecode

    decoders = {
        "/ASCIIHexDecode": ASCIIHexDecode,
        "/AHx": ASCIIHexDecode,
        "/ASCII85Decode": ASCII85Decode,
        "/A85": ASCII85Decode,
        "/LZWDecode": LZWDecode,
        "/LZW": LZWDecode,
        "/RunLengthDecode": RunLengthDecode,
        "/RL": RunLengthDecode,
    }
    decoded = decoders[name].decode(data)
    if isinstance(decoded, str):
        decoded = decoded.encode("latin-1")
    if len(decoded) > limit:
        raise UploadRejected(BOMB_PDF)
    yield decoded
