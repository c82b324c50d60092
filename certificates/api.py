"""`/api/v1/certificates`: the same services and selectors as the pages, JSON in and out."""

import datetime
from typing import Any

from django.http.response import HttpResponseBase
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from cmetrack.lib.pagination import api_page
from cmetrack.lib.typing import AuthenticatedHttpRequest

from . import downloads, selectors, services
from .models import Certificate
from .validation import UploadRejected

router = Router(tags=["certificates"])
PAGE_SIZE = 50
REQUIRED = "This field is required."  # the page's wording (Django forms)


class SuggestionsOut(Schema):
    title: str | None
    provider: str | None
    completed_on: datetime.date | None
    credits: str | None
    credit_type: str | None
    started_on: datetime.date | None = None
    format: str | None = None
    topics: list[str] = []


class DraftOut(SuggestionsOut):
    """One certificate found in the file, with its pages (first, last)."""

    pages: tuple[int, int]


class CertificateOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int
    sha256: str
    pages: int
    uploaded_at: datetime.datetime
    # "reading" while a worker reads the file (suggestions and drafts come then), "ready"
    # after, "failed" when it could not be read (type the details).
    status: str
    suggestions: SuggestionsOut
    drafts: list[DraftOut]


class CertificateCreated(CertificateOut):
    # False when this user had already uploaded the same bytes: the existing one is returned.
    created: bool


class CertificatePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[CertificateOut]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


_SUGGESTED = ("title", "provider", "completed_on", "credits", "credit_type", "started_on", "format")


def _suggested(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        **{name: fields.get(name) for name in _SUGGESTED},
        "topics": list(fields.get("topics") or []),
    }


def _out(certificate: Certificate) -> dict[str, object]:
    drafts = list(selectors.certificate_drafts(certificate=certificate))
    reading = certificate.status in selectors.READING
    if drafts:
        suggestions = _suggested(drafts[0].suggestions)
    elif reading:
        suggestions = _suggested({})
    else:
        suggestions = _suggested(selectors.certificate_suggested_fields(certificate=certificate))
    return {
        "id": certificate.pk,
        "filename": certificate.filename,
        "content_type": certificate.content_type,
        "size": certificate.size,
        "sha256": certificate.sha256,
        "pages": certificate.pages,
        "uploaded_at": certificate.uploaded_at,
        "status": "reading" if reading else certificate.status,
        "suggestions": suggestions,
        "drafts": [
            {**_suggested(draft.suggestions), "pages": (draft.first_page, draft.last_page)}
            for draft in drafts
        ],
    }


@router.post(
    "certificates",
    response={
        201: CertificateCreated,
        200: CertificateCreated,
        400: ErrorOut,
        413: ErrorOut,
        415: ErrorOut,
        503: ErrorOut,  # the virus scanner could not be reached: nothing was stored
    },
)
def certificate_create(
    request: AuthenticatedHttpRequest, file: File[UploadedFile | None] = None
) -> Status:
    """Upload a PDF, PNG or JPEG (multipart field `file`); 200 with the existing one if a repeat."""
    if file is None:
        # Answered here rather than by schema validation, so the field is called "file".
        return Status(400, {"detail": "Invalid input.", "errors": {"file": [REQUIRED]}})
    try:
        result = services.certificate_store(owner=request.user, upload=file)
    except UploadRejected as rejected:
        body = {"detail": rejected.message, "errors": {"file": [rejected.message]}}
        return Status(rejected.status, body)
    created = {**_out(result.certificate), "created": result.created}
    return Status(201 if result.created else 200, created)


@router.get("certificates", response=CertificatePage)
def certificate_index(
    request: AuthenticatedHttpRequest, page: int = 1, page_size: int = PAGE_SIZE
) -> dict:
    """Your certificates, newest first, `page_size` (at most 100) to a page."""
    certificates = (
        selectors.certificate_list(user=request.user).defer(None).prefetch_related("drafts")
    )
    return api_page(request, certificates, page=page, page_size=page_size, out=_out)


@router.get("certificates/{int:certificate_id}", response=CertificateOut)
def certificate_read(request: AuthenticatedHttpRequest, certificate_id: int) -> dict:
    return _out(selectors.certificate_get(user=request.user, pk=certificate_id))


@router.get("certificates/{int:certificate_id}/file", response={200: None, 302: None})
def certificate_file(request: AuthenticatedHttpRequest, certificate_id: int) -> HttpResponseBase:
    """The file itself as an attachment, or a redirect to a link that expires in a minute."""
    certificate = selectors.certificate_get(user=request.user, pk=certificate_id)
    return downloads.certificate_file_response(certificate)


@router.delete("certificates/{int:certificate_id}", response={204: None})
def certificate_remove(request: AuthenticatedHttpRequest, certificate_id: int) -> Status:
    """Delete a certificate; the activities it backed stay, without it."""
    services.certificate_delete(owner=request.user, pk=certificate_id)
    return Status(204, None)
