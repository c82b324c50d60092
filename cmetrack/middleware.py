"""Project-wide request guards: staff need two-factor for the admin; a database outage is a 503;
nothing personal is kept by a browser's or a proxy's cache."""

import functools
import ipaddress
import logging
import sys
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.sessions.middleware import SessionMiddleware
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
        if not request.path.startswith(reverse("admin:index")):
            # Outside the admin the user (and the session behind it) is not even loaded here.
            return self.get_response(request)
        user = getattr(request, "user", None)
        try:
            needs_mfa = (
                user is not None
                and user.is_authenticated
                and user.is_staff
                and not is_mfa_enabled(user)
            )
        except DATABASE_ERRORS as error:  # the session and user load here, before any view
            return outage_response(request, error)
        if needs_mfa:
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
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        return outage_response(request, exception)


DATABASE_ERRORS = (OperationalError, InterfaceError)


def outage_response(request: HttpRequest, exception: BaseException) -> HttpResponse:
    """The 503 a database outage answers with: JSON under /api/, a short page elsewhere."""
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
    response["Cache-Control"] = "no-store"
    return response


def outage_response_for_current_error(request: HttpRequest) -> HttpResponse | None:
    """For handler500: the outage 503 when the error being handled is the database's.

    Middleware outside the view (the session loaded for the user, the session saved after
    the view) raises where no `process_exception` sees it; Django then calls handler500
    while the exception is still being handled.
    """
    error = sys.exc_info()[1]
    return outage_response(request, error) if isinstance(error, DATABASE_ERRORS) else None


class OutageSafeSessionMiddleware(SessionMiddleware):
    """Django's session middleware, except that failing to save the session is the outage 503.

    A signed-in visitor's session is saved after the view has answered; with the database
    gone that save raised and turned every signed-in request into a 500.
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except DATABASE_ERRORS as error:
            return outage_response(request, error)


PRIVATE = "private, no-store"
# Public pages that still show a person's facts to whoever holds the link.
PERSONAL_PUBLIC_PREFIXES = ("/verify/",)


class PrivateResponsesMiddleware:
    """Every answer with someone's data says `Cache-Control: private, no-store`.

    That is every response to a signed-in visitor or to an API request carrying credentials,
    and the public verification pages. A shared computer's back button, a browser's disk
    cache or a corporate proxy then holds no license number or activity title. Static files
    (served before this by WhiteNoise) and the public pages for anonymous visitors keep their
    caching.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 503 and self._personal(request):
            current = response.get("Cache-Control", "")
            if "no-store" not in current:
                response["Cache-Control"] = PRIVATE
            elif "private" not in current:
                response["Cache-Control"] = f"{current}, private"
        return response

    @staticmethod
    def _personal(request: HttpRequest) -> bool:
        if request.path.startswith(PERSONAL_PUBLIC_PREFIXES):
            return True
        if request.path.startswith("/api/") and "authorization" in request.headers:
            return True
        user = getattr(request, "user", None)
        try:
            return bool(user is not None and user.is_authenticated)
        except DATABASE_ERRORS:
            return True  # cannot tell: the safe answer


FORWARDED_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")


@functools.cache
def _trusted_networks(
    networks: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(network, strict=False) for network in networks)


def _from_trusted_proxy(remote_addr: str, networks: tuple[str, ...]) -> bool:
    try:
        address = ipaddress.ip_address(remote_addr)
    except ValueError:
        return False
    return any(address in network for network in _trusted_networks(networks))


class UntrustedForwardedHeadersMiddleware:
    """X-Forwarded-* headers count only when our proxy sent them.

    Behind the proxy (`BEHIND_TLS_PROXY`), rate limits key on the X-Forwarded-For entry the
    proxy appended. A client that reaches gunicorn directly (a published port, a neighbour on
    the host) could otherwise name a fresh address per login attempt; its headers are dropped
    unless it connects from TRUSTED_PROXY_NETWORKS (in docker-compose, the proxy's network).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        if settings.TRUSTED_PROXY_COUNT and not _from_trusted_proxy(
            request.META.get("REMOTE_ADDR", ""), tuple(settings.TRUSTED_PROXY_NETWORKS)
        ):
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)
