"""The /api/v1/ wiring: one NinjaAPI, routers from each app, API.md's JSON error format."""

from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError
from ninja.security import django_auth

from accounts.api import BearerToken
from accounts.api import router as accounts_router
from activities.api import router as activities_router
from certificates.api import router as certificates_router
from reporting.api import router as reporting_router
from reporting.api_transcripts import router as transcripts_router

api = NinjaAPI(
    title="CME Track API",
    version="1",
    description="Continuing Medical Education records: licenses, activities, certificates, "
    "compliance and transcripts. Authenticate with `Authorization: Bearer <token>`.",
    auth=[BearerToken(), django_auth],
    urls_namespace="api",
)
api.add_router("/", accounts_router)
api.add_router("/", certificates_router)
api.add_router("/", activities_router)
api.add_router("/", reporting_router)
api.add_router("/", transcripts_router)


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
