"""Request bodies: refused by their declared size before a byte is read, and cut off mid-upload.

Django spools a multipart upload to disk while it parses it, and that parse happens as soon as
anything touches `request.POST` — the CSRF check does, before any view or login check runs. So a
300 MB body sent to any form, signed in or not, used to be read to the end before a view could
refuse it. Here, before anything reads the body:

- every route has a body limit (`BODY_LIMITS`, else `REQUEST_MAX_BYTES`); a larger
  Content-Length is answered 413 at once;
- the upload routes take bodies from signed-in people only (a session or an API token); an
  anonymous body there is never read (except on `PUBLIC_UPLOAD_ROUTES`: the verification page);
- while a multipart body is parsed, `CountingUploadHandler` counts each file's bytes: past the
  route's limit it keeps nothing more of that file (the view sees one byte too many and refuses
  it in its own words), and past the limit plus the form's overhead it stops the parse, so no
  temporary file outgrows the limit.

The proxy in front enforces the same ceilings (docs/security.md), so most oversized bodies never
reach the app at all.
"""

import re
from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape

from certificates.validation.upload import too_large_message

BODY_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Form fields, boundaries and headers beside the file in a multipart body.
FORM_OVERHEAD_BYTES = 256 * 1024
_EXCEEDED = "_body_limit_exceeded"


def _routes() -> list[tuple[re.Pattern[str], int]]:
    # Limits may name a setting, so that changing CERTIFICATE_MAX_BYTES changes its routes too.
    return [
        (
            re.compile(pattern),
            cast(int, getattr(settings, limit) if isinstance(limit, str) else limit),
        )
        for pattern, limit in settings.BODY_LIMITS
    ]


def file_limit(path: str) -> int:
    """The largest upload (the file part itself) this path accepts, in bytes."""
    for pattern, limit in _routes():
        if pattern.match(path):
            return limit
    return settings.REQUEST_MAX_BYTES


def is_upload_route(path: str) -> bool:
    return any(pattern.match(path) for pattern, _ in _routes())


def is_public_upload_route(path: str) -> bool:
    return any(re.match(pattern, path) for pattern in settings.PUBLIC_UPLOAD_ROUTES)


def too_large(request: HttpRequest, limit: int) -> HttpResponse:
    message = too_large_message(limit)  # the words the upload forms use
    response: HttpResponse
    if request.path_info.startswith("/api/"):
        body: dict[str, object] = {"detail": message}
        if is_upload_route(request.path_info):
            body["errors"] = {"file": [message]}
        response = JsonResponse(body, status=413)
    else:
        response = HttpResponse(
            "<!doctype html><html lang=en><title>Too large - CME Track</title>"
            f"<h1>Too large</h1><p>{message} Nothing was saved.</p>"
            f"<p><a href='{escape(request.path_info)}'>Back</a></p></html>",
            status=413,
        )
    response["Connection"] = "close"  # the rest of the body is never read
    return response


def _signed_in(request: HttpRequest) -> bool:
    # A bearer token is checked by the API itself, which authenticates before reading a body.
    if request.headers.get("authorization", "").lower().startswith("bearer "):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def _refuse_anonymous(request: HttpRequest) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": "Authentication credentials were not provided."}, status=401
        )
    else:
        response = redirect_to_login(request.get_full_path())
    response["Connection"] = "close"
    return response


class RequestBodyLimitMiddleware:
    """Refuse bodies over their route's limit (413) and anonymous uploads, before reading them.

    Sits after AuthenticationMiddleware (it asks whether the request is signed in, which reads
    the session, not the body) and before anything that parses the body.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in BODY_METHODS:
            return self.get_response(request)
        path = request.path_info
        limit = file_limit(path)
        try:
            declared = int(request.headers.get("content-length") or 0)
        except ValueError:
            declared = 0  # Django then reads nothing either
        if (
            declared > 0
            and is_upload_route(path)
            and not is_public_upload_route(path)
            and not _signed_in(request)
        ):
            return _refuse_anonymous(request)
        if declared > limit + FORM_OVERHEAD_BYTES:
            return too_large(request, limit)
        response = self.get_response(request)
        if getattr(request, _EXCEEDED, False) and response.status_code < 400:
            # A file over the limit on a route whose view did not refuse it (it expects none).
            return too_large(request, limit)
        return response


class CountingUploadHandler(FileUploadHandler):
    """First of the upload handlers: stops the parse as soon as one file passes its limit.

    The handlers after it (memory, then temporary file) only ever see bytes within the limit.
    """

    def __init__(self, request: HttpRequest | None = None) -> None:
        super().__init__(request)
        self.limit = file_limit(request.path_info) if request is not None else 0
        self.received = 0

    def new_file(self, *args: object, **kwargs: object) -> None:
        super().new_file(*args, **kwargs)  # type: ignore[arg-type]
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        before = self.received
        self.received += len(raw_data)
        if self.received <= self.limit:
            return raw_data
        if self.request is not None:
            setattr(self.request, _EXCEEDED, True)
        if before <= self.limit:
            # One byte past the limit reaches the view, which refuses the file in its own words
            # (a form error, the API's 413); the rest of it is never kept.
            return raw_data[: self.limit + 1 - before]
        if self.received > self.limit + FORM_OVERHEAD_BYTES:
            # connection_reset: stop parsing and do not read the rest of the body to drain it.
            raise StopUpload(connection_reset=True)
        return None  # dropped: later handlers (memory, temporary file) never see it

    def file_complete(self, file_size: int) -> None:
        return None
