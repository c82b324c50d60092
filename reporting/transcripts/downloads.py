"""A transcript's PDF as the physician downloads it, from the page or the API."""

from django.http.response import HttpResponseBase

from cmetrack.lib.downloads import stored_file_response
from reporting.models import Transcript


def transcript_file_filename(transcript: Transcript) -> str:
    board = transcript.snapshot.get("board_code", "license")
    stem = (
        "cme-audit-packet" if transcript.kind == Transcript.Kind.AUDIT_PACKET else "cme-transcript"
    )
    return f"{stem}-{board}-{transcript.cycle_end.isoformat()}.pdf"


def transcript_file_response(transcript: Transcript) -> HttpResponseBase:
    """The PDF as an attachment: streamed from local storage, or a short-lived signed S3 URL."""
    return stored_file_response(
        transcript.file,
        filename=transcript_file_filename(transcript),
        content_type="application/pdf",
    )
