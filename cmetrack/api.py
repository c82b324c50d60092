"""The /api/v1/ wiring: one NinjaAPI, routers from each app, docs/api.md's JSON error format."""

import functools
import hashlib
import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as ModelValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.urls import URLPattern
from django.utils.cache import get_conditional_response
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.parser import Parser
from ninja.security import django_auth

from accounts.api import BearerToken
from accounts.api import router as accounts_router
from activities.api import router as activities_router
from certificates.api import router as certificates_router
from organizations.api import router as organization_router
from providers.api import router as providers_router
from reporting.licenses.api import router as reporting_router
from reporting.record.api import router as portability_router
from reporting.transcripts.api import router as transcripts_router

from .middleware import OUTAGE_MESSAGE, RETRY_AFTER_SECONDS
from .ratelimit import ApiRateLimit

logger = logging.getLogger(__name__)

ERROR_SCHEMA = {
    "type": "object",
    "title": "Error",
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
    "required": ["detail"],
}
_ERROR_REF = {"$ref": "#/components/schemas/Error"}
_ERROR_DESCRIPTIONS = {
    400: "Invalid input: `errors` names each field with its messages.",
    401: "Authentication credentials were missing or invalid.",
    403: "This token is read-only (writes), or the session lacks its CSRF token.",
    404: "Not found, or not yours.",
    409: "Conflict with the current state.",
    413: "Upload or body too large.",
    415: "Unsupported file type.",
    429: "Too many requests: wait `Retry-After` seconds.",
    503: "The database is unreachable for a moment: retry after `Retry-After` seconds.",
}


class CmeTrackApi(NinjaAPI):
    """NinjaAPI with strong ETags on JSON reads and docs/api.md's error responses in the schema."""

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            return conditional_get(request, response)
        return response

    def _get_urls(self) -> list[Any]:
        # ninja answers a wrong method with a plain-text 405; docs/api.md wants JSON everywhere.
        patterns = super()._get_urls()
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                pattern.callback = _json_not_allowed(pattern.callback)
        return patterns

    def get_openapi_schema(self, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(**kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                codes = [401, 429, 503]
                if operation.get("parameters") or operation.get("requestBody"):
                    codes.append(400)
                if method != "get":
                    codes.append(403)
                if "{" in path or any(p["in"] == "query" for p in operation.get("parameters", [])):
                    codes.append(404)  # not yours, or a page past the end
                if operation.get("requestBody"):
                    codes.append(413)
                responses = operation.setdefault("responses", {})
                documented = {int(code) for code in responses}
                for code in codes:
                    if code in documented:
                        continue
                    responses.setdefault(
                        code,
                        {
                            "description": _ERROR_DESCRIPTIONS[code],
                            "content": {"application/json": {"schema": _ERROR_REF}},
                        },
                    )
                for code, response in responses.items():
                    # ninja documents our ErrorOut as its own component; same shape.
                    if int(code) >= 400 and not response.get("content"):
                        response["content"] = {"application/json": {"schema": _ERROR_REF}}
        return schema


NUL_MESSAGE = "Text cannot contain NUL (\\x00) characters."


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(key) or _has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class NulRefusingParser(Parser):
    """ninja's parser, refusing NUL characters (PostgreSQL cannot store them) with a 400."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = super().parse_body(request)
        if _has_nul(data):
            raise SchemaValidationError([{"loc": ("body",), "msg": NUL_MESSAGE}])
        return data

    def parse_querydict(self, data: Any, list_fields: list[str], request: HttpRequest) -> Any:
        result = super().parse_querydict(data, list_fields, request)
        for key, value in result.items():
            if _has_nul(key) or _has_nul(value):
                raise SchemaValidationError([{"loc": ("query", key), "msg": NUL_MESSAGE}])
        return result


def _json_not_allowed(view: Any) -> Any:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response["Content-Type"].startswith(
            "application/json"
        ):
            allowed = response["Allow"]
            response = _error(request, 405, f"Method {request.method} not allowed; use {allowed}.")
            response["Allow"] = allowed
        return response

    return wrapped


def conditional_get(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A strong ETag (SHA-256 of the JSON body); 304 when `If-None-Match` already has it."""
    etag = f'"{hashlib.sha256(response.content).hexdigest()}"'
    response["ETag"] = etag
    # Django's own conditional-request rules (If-None-Match, "*", weak comparison for GET).
    return get_conditional_response(request, etag=etag, response=response) or response


api = CmeTrackApi(
    title="CME Track API",
    version="1",
    description="Continuing Medical Education records: licenses, activities, certificates, "
    "compliance and transcripts. Authenticate with `Authorization: Bearer <token>`.",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
    throttle=[ApiRateLimit()],
    parser=NulRefusingParser(),
)
api.add_router("/", accounts_router)
api.add_router("/", certificates_router)
api.add_router("/", activities_router)
api.add_router("/", reporting_router)
api.add_router("/", transcripts_router)
api.add_router("/", portability_router)
# Its own authentication (organization tokens only), not the personal tokens or the session.
api.add_router("/", organization_router)
api.add_router("/", providers_router)


def _error(
    request: HttpRequest, status: int, detail: str, errors: dict | None = None
) -> HttpResponse:
    body: dict[str, object] = {"detail": detail}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


def _field_name(loc: list) -> str:
    # ninja locates errors as ["body", "payload", "credits"]; clients want "credits".
    parts = [str(part) for part in loc if part not in ("body", "payload", "query", "path", "form")]
    return ".".join(parts) or "__all__"


@api.exception_handler(SchemaValidationError)
def _schema_invalid(request: HttpRequest, exc: SchemaValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", [])), []).append(
            error.get("msg", "Invalid.")
        )
    return _error(request, 400, "Invalid input.", errors)


@api.exception_handler(ModelValidationError)
def _model_invalid(request: HttpRequest, exc: ModelValidationError) -> HttpResponse:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return _error(request, 400, "Invalid input.", errors)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _error(request, 404, "Not found.")


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _error(request, 401, "Authentication credentials were missing or invalid.")


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(RequestDataTooBig)
def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return _error(request, 413, "The request body is too large.")


@api.exception_handler(OperationalError)
@api.exception_handler(InterfaceError)
def _database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    # An unreachable database is a 503 with Retry-After, as on the HTML pages.
    logger.error("database unavailable on %s %s: %s", request.method, request.path, exc)
    response = _error(request, 503, OUTAGE_MESSAGE)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@api.exception_handler(MultiPartParserError)
def _bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
    return _error(request, 400, "The request body could not be read as multipart/form-data.")


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with its traceback for us; the client learns nothing about the internals.
    logger.exception("API error on %s %s", request.method, request.path)
    return _error(request, 500, "Something went wrong on our side; it has been logged.")


@csrf_exempt  # like ninja's own views: a JSON 404, never Django's HTML CSRF page
def unknown_path(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any /api/ address that names no operation: the JSON 404, never Django's HTML page."""
    return _error(request, 404, "Not found.")


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON under /api/ (no details), Django's page elsewhere."""
    from .middleware import outage_response_for_current_error

    if outage := outage_response_for_current_error(request):
        return outage  # the database went away outside any view: 503, not 500
    if request.path.startswith("/api/"):
        return _error(request, 500, "Something went wrong on our side; it has been logged.")
    return defaults.server_error(request)
