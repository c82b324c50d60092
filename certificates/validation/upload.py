"""The entry point: read the upload within its size limit, then run every check on its bytes."""

import hashlib
from dataclasses import dataclass
from typing import IO

from .images import check_image
from .names import filename_check, filename_sanitise
from .pdf import check_pdf
from .rejection import UploadRejected
from .sniffing import PDF, refuse_polyglots, sniff
from .viruses import check_for_viruses

_READ_CHUNK = 64 * 1024


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
    refuse_polyglots(data)
    if content_type == PDF:
        pages = check_pdf(data)
    else:
        check_image(data, content_type)
        pages = 1
    # Last: the cheap checks above refuse most bad files without a round trip to the scanner.
    check_for_viruses(data)
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
