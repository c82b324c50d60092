"""Project-wide request guards: staff need two-factor for the admin; a database outage is a 503."""

import logging
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
OUTAGE_MESSAGE = "CME Track is briefly unavailable. Nothing you sent was saved; please try again."


class StaffAdminMfaMiddleware:
    """Staff without an authenticator are sent to set up TOTP before any admin page.

    Non-staff never get this far: allauth's `secure_admin_login` wrapper refuses them (403).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path.startswith(reverse("admin:index"))
            and not is_mfa_enabled(user)
        ):
            messages.warning(
                request, "Set up two-factor authentication before using the administration."
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """An unreachable database answers 503 (JSON under /api/) instead of a 500 error page.

    Django drops the broken connection at the end of the request (CONN_HEALTH_CHECKS), so the
    next request after the database comes back reconnects without restarting the app.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable on %s %s: %s", request.method, request.path, exception)
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse({"detail": OUTAGE_MESSAGE}, status=503)
        else:
            response = HttpResponse(
                "<!doctype html><html lang=en><title>Briefly unavailable - CME Track</title>"
                f"<h1>Briefly unavailable</h1><p>{OUTAGE_MESSAGE}</p></html>",
                status=503,
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
