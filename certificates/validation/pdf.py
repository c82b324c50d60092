"""PDF checks: parse every object within budgets; refuse damage, encryption and active content."""

import io
import math
import re
import warnings
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pypdf
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
)

from .rejection import UploadRejected

MAX_PDF_PAGES = 200
MAX_PDF_OBJECTS = 50_000
# The largest page a certificate plausibly has: a poster (A0 is 1 m²) with room to spare. A page
# larger than this is rasterised into billions of pixels by any viewer or OCR engine.
MAX_PAGE_AREA_M2 = 1.5
_METRES_PER_POINT = 0.0254 / 72
# Page-tree nodes visited while counting pages: every real tree of MAX_PDF_PAGES pages has fewer
# inner nodes than pages; anything that visits more is a loop or a tree that names nodes twice.
_MAX_PAGE_TREE_NODES = 2 * MAX_PDF_PAGES + 64
# Decompressed-size budgets for PDF streams. Page content of a certificate is kilobytes; a
# 300-dpi colour scan embedded as a Flate image is ~25 MB. A flate bomb stops at the budget.
MAX_STREAM_BYTES = 16 * 1024 * 1024
MAX_IMAGE_STREAM_BYTES = 128 * 1024 * 1024
MAX_DOCUMENT_DECODED_BYTES = 256 * 1024 * 1024
_INFLATE_STEP = 1024 * 1024
_INFLATE_INPUT_STEP = 16 * 1024

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
TOO_MANY_PAGES_PDF = (
    f"This PDF has more than {MAX_PDF_PAGES} pages; a certificate has at most {MAX_PDF_PAGES}. "
    "Please upload only the pages of the certificate."
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


@contextmanager
def pdf_reader(data: bytes) -> Iterator[pypdf.PdfReader]:
    """A lenient pypdf reader of `data`, its decoders capped by this module's stream budgets.

    Validation and text extraction both read through it, so extraction decodes nothing that
    validation did not budget for. pypdf warns about every quirk of real-world PDFs; the
    caller's checks decide.
    """
    with (
        warnings.catch_warnings(),
        pypdf.apply_configuration(
            zlib_maximum_output_length=MAX_STREAM_BYTES,
            lzw_maximum_output_length=MAX_STREAM_BYTES,
            run_length_maximum_output_length=MAX_STREAM_BYTES,
            stream_decoding_work_maximum_length=MAX_IMAGE_STREAM_BYTES,
        ),
    ):
        warnings.simplefilter("ignore")
        yield pypdf.PdfReader(io.BytesIO(data), strict=False)


def check_pdf(data: bytes) -> int:
    """Parse the whole PDF and return its page count; refuse damage, encryption, active content."""
    if b"%%EOF" not in data[-1024:] or b"startxref" not in data[-2048:]:
        raise UploadRejected(DAMAGED_PDF)
    if data.count(b" obj") > MAX_PDF_OBJECTS:
        # Checked before pypdf, whose cross-reference repair would try every one of them.
        raise UploadRejected(TOO_COMPLEX_PDF)
    _scan_raw_names(data)
    try:
        with pdf_reader(data) as reader:
            if reader.is_encrypted:
                raise UploadRejected(_encrypted_message(reader))
            # Pages are counted and measured first, by a walk that stops at the limits: pypdf's
            # own page list flattens the whole tree, and a tree that names one node thousands
            # of times flattens into millions of pages from a file of a few hundred bytes.
            boxes = page_boxes(reader)
            if not boxes:
                raise UploadRejected("This PDF has no pages.")
            for box in boxes:
                _check_page_area(box)
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
    if pages != len(boxes):
        raise UploadRejected(DAMAGED_PDF)
    return pages


def page_boxes(reader: pypdf.PdfReader, *, limit: int = MAX_PDF_PAGES) -> list[tuple[float, float]]:
    """Each page's width and height in points as shown (UserUnit and Rotate applied), in order.

    Walks the page tree itself, refusing (UploadRejected) a tree with more than `limit` pages,
    a loop, or a node it cannot read, before anything is flattened or drawn.
    """
    root: Any = reader.trailer["/Root"].get_object()
    pending: list[tuple[Any, Any, Any]] = [(root.get("/Pages"), None, 0)]
    boxes: list[tuple[float, float]] = []
    visited = 0
    while pending:
        reference, inherited_box, inherited_rotation = pending.pop()
        visited += 1
        if visited > _MAX_PAGE_TREE_NODES:
            raise UploadRejected(TOO_MANY_PAGES_PDF)
        node = reference.get_object() if reference is not None else None
        if not isinstance(node, DictionaryObject):
            raise UploadRejected(DAMAGED_PDF)
        # Both are inherited from the nearest ancestor that has them.
        box = node.get("/MediaBox", inherited_box)
        rotation: Any = node.get("/Rotate", inherited_rotation)
        kids = node.get("/Kids")
        if node.get("/Type") != "/Page" and kids is not None:
            kids = kids.get_object()
            if not isinstance(kids, ArrayObject):
                raise UploadRejected(DAMAGED_PDF)
            pending.extend((kid, box, rotation) for kid in reversed(kids))
            # Every pending node would be visited: more than the visit budget already fails.
            if len(pending) > _MAX_PAGE_TREE_NODES:
                raise UploadRejected(TOO_MANY_PAGES_PDF)
            continue
        width, height = _size(box, node.get("/UserUnit", 1))
        turned = int(
            rotation.get_object()  # type: ignore[arg-type]  # a number, or a reference to one
            if isinstance(rotation, IndirectObject)
            else rotation
        )
        boxes.append((height, width) if turned % 180 == 90 else (width, height))
        if len(boxes) > limit:
            raise UploadRejected(TOO_MANY_PAGES_PDF)
    return boxes


def _size(box: Any, user_unit: Any) -> tuple[float, float]:
    box = box.get_object() if box is not None else None
    if not isinstance(box, ArrayObject) or len(box) != 4:
        raise UploadRejected(DAMAGED_PDF)
    x0, y0, x1, y1 = (float(value.get_object()) for value in box)
    unit = float(
        user_unit.get_object()  # type: ignore[arg-type]  # a number, or a reference to one
        if isinstance(user_unit, IndirectObject)
        else user_unit
    )
    width, height = abs(x1 - x0) * unit, abs(y1 - y0) * unit
    if not (0 < unit <= 75_000 and math.isfinite(width) and math.isfinite(height)):
        raise UploadRejected(DAMAGED_PDF)
    return width, height


def _check_page_area(box: tuple[float, float]) -> None:
    width, height = (side * _METRES_PER_POINT for side in box)
    if width * height > MAX_PAGE_AREA_M2:
        raise UploadRejected(
            f"This PDF has a page of {width * 100:.0f} by {height * 100:.0f} cm; a certificate "
            f"page is at most {MAX_PAGE_AREA_M2:g} square metres (a large poster). Please upload "
            "the certificate at its real size."
        )


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
            children: Any = obj.values()
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
        action: Any = obj["/OpenAction"]
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

    decoders: dict[str, Any] = {
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
