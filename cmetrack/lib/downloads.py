"""Downloads shared by every app: how a file's name reaches the physician's browser, a stored
file served as an attachment (or a short-lived S3 link), and a ZIP written as it streams."""

import re
from urllib.parse import quote

from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header

# Presigned S3 links are for one click: they expire long before anyone could share them.
PRESIGNED_SECONDS = 60


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987).

    Names physicians upload can hold anything; older browsers and mail clients read only the
    plain `filename`, so it carries a safe spelling beside the exact one.
    """
    fallback = re.sub(r"[^A-Za-z0-9._ ()-]", "_", filename).strip() or "certificate"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def attachment(filename: str) -> str:
    """The header for a name we chose ourselves (plain ASCII): Django spells it."""
    return content_disposition_header(as_attachment=True, filename=filename) or "attachment"


def inline(filename: str) -> str:
    """Shown in place (a calendar feed), still named for whoever saves it."""
    return content_disposition_header(as_attachment=False, filename=filename) or "inline"


def stored_file_response(
    file: FieldFile, *, filename: str, content_type: str, sandbox: bool = False
) -> HttpResponseBase:
    """The file as an attachment: streamed from local storage, or a redirect to a signed URL.

    `sandbox`: files people uploaded could be anything; even if a browser were talked into
    rendering one, it gets no scripts and no origin.
    """
    from storages.backends.s3 import S3Storage

    disposition = content_disposition(filename)
    if isinstance(file.storage, S3Storage):
        url = file.storage.url(
            file.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": content_type,
            },
            expire=PRESIGNED_SECONDS,
        )
        response: HttpResponseBase = HttpResponseRedirect(url)
    else:
        response = FileResponse(file.open("rb"), content_type=content_type, as_attachment=True)
        response["Content-Disposition"] = disposition
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if sandbox:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class StreamSink:
    """A write-only file for zipfile that hands out what was written since the last drain."""

    def __init__(self) -> None:
        self._chunks: list[bytes] = []
        self._position = 0

    def write(self, data: bytes) -> int:
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data
