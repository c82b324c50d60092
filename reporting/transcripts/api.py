"""`/api/v1/transcripts`: request a PDF (202), follow it, fetch the file (409 until ready)."""

import datetime
import uuid
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from cmetrack.lib.pagination import api_page
from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting import transcripts
from reporting.models import Transcript
from reporting.transcripts.downloads import transcript_file_response

router = Router(tags=["transcripts"])


class TranscriptIn(Schema):
    license: int
    kind: Transcript.Kind = Transcript.Kind.TRANSCRIPT
    cycle_end: datetime.date | None = None


class TranscriptQueued(Schema):
    id: uuid.UUID
    status: str


class TranscriptOut(Schema):
    id: uuid.UUID
    license: int | None
    kind: str
    status: str
    cycle_start: datetime.date
    cycle_end: datetime.date
    requested_at: datetime.datetime
    finished_at: datetime.datetime | None
    attempts: int
    error: str
    sha256: str | None
    pages: int | None
    verification_code: str | None
    verification_url: str | None
    file: str | None


class TranscriptPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[TranscriptOut]


class TranscriptQuery(Schema):
    page: int = 1
    page_size: int = 25


def _out(request: HttpRequest, transcript: Transcript) -> dict[str, Any]:
    ready = transcript.status == Transcript.Status.READY
    return {
        "id": transcript.pk,
        "license": transcript.license_id,
        "kind": transcript.kind,
        "status": transcript.status,
        "cycle_start": transcript.cycle_start,
        "cycle_end": transcript.cycle_end,
        "requested_at": transcript.requested_at,
        "finished_at": transcript.finished_at,
        "attempts": transcript.attempts,
        "error": transcript.error,
        "sha256": transcript.sha256 if ready else None,
        "pages": transcript.pages if ready else None,
        "verification_code": transcript.verification_code if ready else None,
        "verification_url": transcripts.verification_url(transcript.verification_code)
        if ready
        else None,
        "file": request.build_absolute_uri(f"{request.path.rstrip('/')}/file")
        if ready and request.resolver_match.url_name == "transcript_read"  # type: ignore[union-attr]  # set on every routed request
        else None,
    }


@router.post("transcripts", response={202: TranscriptQueued})
def transcript_create(request: AuthenticatedHttpRequest, payload: TranscriptIn) -> Status:
    """Queue a transcript or audit packet of one of your licenses (`cycle_end` picks a past one)."""
    transcript = transcripts.transcript_request(
        owner=request.user,
        license_id=payload.license,
        kind=payload.kind,
        cycle_end=payload.cycle_end,
    )
    return Status(202, {"id": transcript.pk, "status": transcript.status})


@router.get("transcripts", response=TranscriptPage)
def transcript_list(
    request: AuthenticatedHttpRequest, query: Query[TranscriptQuery]
) -> dict[str, Any]:
    """Your transcripts, newest first."""
    return api_page(
        request,
        transcripts.transcript_list(user=request.user),
        page=query.page,
        page_size=query.page_size,
        out=lambda transcript: _out(request, transcript),
    )


@router.get("transcripts/{uuid:transcript_id}", response=TranscriptOut, url_name="transcript_read")
def transcript_read(request: AuthenticatedHttpRequest, transcript_id: uuid.UUID) -> dict[str, Any]:
    return _out(request, transcripts.transcript_get(user=request.user, pk=transcript_id))


@router.get("transcripts/{uuid:transcript_id}/file", response={200: None, 302: None, 409: None})
def transcript_file(
    request: AuthenticatedHttpRequest, transcript_id: uuid.UUID
) -> HttpResponseBase:
    """The PDF as an attachment (or a 302 to a short-lived signed S3 URL); 409 until ready."""
    transcript = transcripts.transcript_get(user=request.user, pk=transcript_id)
    if transcript.status != Transcript.Status.READY:
        raise HttpError(409, f"The transcript is {transcript.status}, not ready yet.")
    return transcript_file_response(transcript)
