"""Serving stored certificates: one file as an attachment (or a short-lived S3 link), or a ZIP.

Nothing here checks access: callers pass certificates they got from the selectors.
"""

import datetime
import zipfile
from collections.abc import Iterable, Iterator
from typing import TypeVar

from django.http import StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone

from cmetrack.lib.downloads import StreamSink, content_disposition, stored_file_response

from .models import Certificate

CHUNK_BYTES = 64 * 1024


_Response = TypeVar("_Response", bound=HttpResponseBase)


def _secure(response: _Response) -> _Response:
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    # Even if a browser were talked into rendering the file, it gets no scripts and no origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def certificate_file_response(certificate: Certificate) -> HttpResponseBase:
    """The uploaded file as an attachment, sandboxed: it could hold anything."""
    return stored_file_response(
        certificate.file,
        filename=certificate.filename,
        content_type=certificate.content_type,
        sandbox=True,
    )


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
