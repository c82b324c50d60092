"""The whole record as one streamed ZIP, as the page and the API hand it out."""

from django.http import StreamingHttpResponse

from cmetrack.lib.downloads import content_disposition
from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting.record import portability


def export_response(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """The signed-in user's whole record as one streamed ZIP (the page's and the API's)."""
    response = StreamingHttpResponse(
        portability.account_export_stream(user=request.user), content_type="application/zip"
    )
    response["Content-Disposition"] = content_disposition(portability.export_filename())
    response["Cache-Control"] = "private, no-store"
    return response
