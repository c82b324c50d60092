"""`/api/v1/export` and `/api/v1/import`: the whole record out as one ZIP, and back in."""

from django.http import StreamingHttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting.record import portability
from reporting.record.downloads import export_response

router = Router(tags=["export and import"])


class ImportOut(Schema):
    licenses: int
    activities: int
    certificates: int


class ImportErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


@router.get(
    "export",
    response={200: None},
    openapi_extra={
        "responses": {
            200: {
                "description": "One ZIP: activities.csv, activities.json, licenses.json, "
                "profile.json, certificates.json, certificates/*, manifest.json (SHA-256 of "
                "each file).",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def account_export(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """Everything in your record as one ZIP, streamed."""
    return export_response(request)


@router.post("import", response={201: ImportOut, 400: ImportErrorOut})
def account_import(
    request: AuthenticatedHttpRequest, file: File[UploadedFile | None] = None
) -> Status:
    """Load an export ZIP (multipart field `file`) into an empty account: all of it or nothing."""
    if file is None:
        return Status(
            400, {"detail": "Invalid input.", "errors": {"file": ["This field is required."]}}
        )
    try:
        summary = portability.account_import(user=request.user, upload=file)
    except portability.ImportRefused as refused:
        return Status(400, {"detail": "Nothing was imported.", "errors": refused.message_dict})
    return Status(201, ImportOut(**summary.__dict__))
