"""The public verification page's two answers: what the issued document said, and whether a PDF
someone holds is that document.

A credentialing clerk holds a PDF and its verification code. The page shows the facts recorded
when the document was made (never today's profile or license, never more than the document
prints) and compares the SHA-256 of the file the clerk drops with the one stored when the PDF was
rendered. The dropped file is hashed as it streams in and never kept: no temporary file, no
row, no copy in memory beyond its first kilobyte (to see that it is a PDF at all).
"""

import datetime
import hashlib
import hmac
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import Degree
from certificates.validation.upload import too_large_message
from reporting.compliance import presentation
from reporting.engine import explain
from reporting.models import Transcript

# A PDF starts with "%PDF-" within its first 1,024 bytes (ISO 32000-1, 7.5.2 and its note).
PDF_MARKER = b"%PDF-"
HEAD_BYTES = 1024
# Checks per client address are limited (ACCOUNT_RATE_LIMITS holds the rate of this action).
RATE_LIMIT_ACTION = "verify_document"
RATE_LIMITED = "Too many checks from your address in a short time. Wait a minute and try again."
# Bytes past the limit we read (and drop) before cutting the connection: room for the form's
# other fields, so a file just over the limit still gets the page's own message.
OVERSHOOT_BYTES = 256 * 1024


def max_bytes() -> int:
    return int(settings.TRANSCRIPT_VERIFY_MAX_BYTES)


class Outcome(StrEnum):
    ISSUED = "issued"
    NOT_ISSUED = "not_issued"
    UNREADABLE = "unreadable"  # empty, too large, not a PDF, no file: nothing to compare


class Received(UploadedFile):
    """What we keep of an uploaded file: its size, its hash and its first kilobyte (no file)."""

    def __init__(self, *, name: str, size: int, sha256: str, head: bytes, too_large: bool) -> None:
        super().__init__(file=None, name=name, content_type=None, size=size)
        self.sha256 = sha256
        self.head = head
        self.too_large = too_large

    def __bool__(self) -> bool:
        return True  # the upload parser keeps a handler's result only when it is truthy

    def close(self) -> None:
        return None  # the request closes its files when it ends; this one has none


@dataclass(frozen=True)
class Check:
    outcome: Outcome
    message: str


class HashingUploadHandler(FileUploadHandler):
    """The only upload handler of the verify form: hashes the file while it streams in.

    Django's usual handlers keep an upload in memory or spool it to a temporary file; this one
    keeps neither, so the file a clerk drops is never stored anywhere.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = max_bytes()
        self._start()

    def _start(self) -> None:
        self.hasher = hashlib.sha256()
        self.head = b""
        self.received = 0

    def new_file(self, *args: object, **kwargs: object) -> None:
        super().new_file(*args, **kwargs)  # type: ignore[arg-type]
        self._start()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > self.limit + OVERSHOOT_BYTES:
            raise StopUpload(connection_reset=True)  # the rest is never read
        if self.received <= self.limit:
            self.hasher.update(raw_data)
            if len(self.head) < HEAD_BYTES:
                self.head += raw_data[: HEAD_BYTES - len(self.head)]
        return None  # nothing is passed on: no handler after this one stores it

    def file_complete(self, file_size: int) -> Received:
        return Received(
            name=str(self.file_name or ""),
            size=self.received,
            sha256=self.hasher.hexdigest(),
            head=self.head,
            too_large=self.received > self.limit,
        )


def document_check(*, transcript: Transcript, received: Received | None) -> Check:
    """Whether `received` is, byte for byte, the PDF issued under the transcript's code."""
    if received is None:
        return Check(Outcome.UNREADABLE, "Choose the PDF you received, then check it.")
    if received.too_large:
        return Check(
            Outcome.UNREADABLE,
            f"{too_large_message(max_bytes())} No document we issue is that large, so it cannot "
            "be the one issued under this code. It was not kept.",
        )
    if received.size == 0:
        return Check(
            Outcome.UNREADABLE, "This file is empty. Choose the PDF you received and try again."
        )
    if PDF_MARKER not in received.head:
        return Check(
            Outcome.UNREADABLE,
            "This file is not a PDF. Choose the PDF document you received (it ends in .pdf).",
        )
    if hmac.compare_digest(received.sha256, transcript.sha256):
        return Check(
            Outcome.ISSUED,
            f"This is the document we issued on {explain.day(_issued_on(transcript))}. "
            "It has not been changed since.",
        )
    return Check(
        Outcome.NOT_ISSUED,
        "This file is not the document issued under this code. It may have been changed after "
        "it was issued, or it belongs to another code: ask the physician for the original PDF.",
    )


def _issued_on(transcript: Transcript) -> datetime.date:
    issued = transcript.finished_at or transcript.requested_at
    return timezone.localtime(issued).date()


# --- What the document said -----------------------------------------------------------------
@dataclass(frozen=True)
class IssuedFacts:
    """The document's own facts as recorded when it was made, in words."""

    name: str
    degree: str
    board: str
    license_number: str  # the full number, or "ending in 5678" on documents recorded before
    first_day: datetime.date
    last_day: datetime.date
    total_credits: str
    activity_count: int | None
    status: str  # the license's status in the app's words; "" when not recorded
    status_line: str
    issued_on: datetime.date
    kind: str


def issued_facts(transcript: Transcript) -> IssuedFacts:
    """The verification page's facts, from the snapshot taken when the PDF was rendered."""
    facts = transcript.snapshot
    status = facts.get("status")
    number = facts.get("license_number") or (
        f"ending in {facts['license_last4']}" if facts.get("license_last4") else ""
    )
    board = facts.get("board_name", "")
    if facts.get("board_code"):
        board = f"{board} ({facts['board_code']})" if board else facts["board_code"]
    return IssuedFacts(
        name=facts.get("full_name", ""),
        degree=Degree(facts["degree"]).label if facts.get("degree") in Degree.values else "",
        board=board,
        license_number=number,
        # The engine's cycles are (start, end]: the first day is the one after `cycle_start`.
        first_day=transcript.cycle_start + datetime.timedelta(days=1),
        last_day=transcript.cycle_end,
        total_credits=facts.get("total_credits", ""),
        activity_count=facts.get("activity_count"),
        # "" is a document made with no rules on file (status is then None): said in words too.
        status=presentation.status_words(status or None) if status is not None else "",
        status_line=facts.get("status_line", ""),
        issued_on=_issued_on(transcript),
        kind=transcript.get_kind_display().split(" (")[0],
    )
