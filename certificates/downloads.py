"""Serving stored certificates: one file as an attachment (or a short-lived S3 link), or a ZIP.

Nothing here checks access: callers pass certificates they got from the selectors.
"""

import datetime
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import TypeVar
from urllib.parse import quote

from django.core.files.storage import Storage
from django.http import FileResponse, HttpResponseRedirect, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from .models import Certificate

# Presigned S3 links are for one click: they expire long before anyone could share them.
PRESIGNED_SECONDS = 60
CHUNK_BYTES = 64 * 1024


def content_disposition(filename: str) -> str:
    """`attachment` with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987)."""
    fallback = re.sub(r"[^A-Za-z0-9._ ()-]", "_", filename).strip() or "certificate"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


_Response = TypeVar("_Response", bound=HttpResponseBase)


def _is_s3(storage: Storage) -> bool:
    from storages.backends.s3 import S3Storage

    return isinstance(storage, S3Storage)


def _secure(response: _Response) -> _Response:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Even if a browser were talked into rendering the file, it gets no scripts and no origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def certificate_file_response(certificate: Certificate) -> HttpResponseBase:
    """The file as an attachment: streamed from local storage, or a redirect to a signed URL."""
    storage = certificate.file.storage
    disposition = content_disposition(certificate.filename)
    if _is_s3(storage):
        url = storage.url(  # type: ignore[call-arg]  # S3Storage.url takes these
            certificate.file.name,
            parameters={
                "ResponseContentDisposition": disposition,
                "ResponseContentType": certificate.content_type,
            },
            expire=PRESIGNED_SECONDS,
        )
        return _secure(HttpResponseRedirect(url))
    response = FileResponse(
        certificate.file.open("rb"), content_type=certificate.content_type, as_attachment=True
    )
    response["Content-Disposition"] = disposition
    return _secure(response)


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


def _archive_names(certificates: Iterable[Certificate]) -> Iterator[tuple[Certificate, str]]:
    seen: set[str] = set()
    for certificate in certificates:
        name = certificate.filename
        stem, dot, extension = name.rpartition(".")
        number = 2
        while name.lower() in seen:
            name = (
                f"{stem} ({number}){dot}{extension}"
                if dot
                else f"{certificate.filename} ({number})"
            )
            number += 1
        seen.add(name.lower())
        yield certificate, name


def zip_chunks(certificates: Iterable[Certificate]) -> Iterator[bytes]:
    """A ZIP of the certificates, produced chunk by chunk: memory holds one chunk, not the files."""
    sink = StreamSink()
    # The sink cannot seek, so zipfile writes sizes in data descriptors after each file.
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:  # type: ignore[call-overload]  # the sink has no close(); zipfile never calls it
        for certificate, name in _archive_names(certificates):
            uploaded = timezone.localtime(certificate.uploaded_at)
            info = zipfile.ZipInfo(name, date_time=max(uploaded, _ZIP_EPOCH).timetuple()[:6])
            info.file_size = certificate.size
            info.compress_type = zipfile.ZIP_STORED
            with certificate.file.open("rb") as source, archive.open(info, "w") as target:
                while chunk := source.read(CHUNK_BYTES):
                    target.write(chunk)
                    yield sink.drain()
            yield sink.drain()
    yield sink.drain()


_ZIP_EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)


def certificates_zip_response(certificates: Iterable[Certificate]) -> StreamingHttpResponse:
    response = StreamingHttpResponse(zip_chunks(certificates), content_type="application/zip")
    response["Content-Disposition"] = content_disposition(
        f"cme-certificates-{timezone.localdate().isoformat()}.zip"
    )
    return _secure(response)
