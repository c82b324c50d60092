"""The private deadline calendar: its feed (subscribed to by calendar apps) and a new link."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cmetrack.lib.downloads import inline
from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting.deadlines import calendar


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The private .ics feed; the token in the URL is the only credential."""
    text = calendar.calendar_feed_ics(token=token, now=timezone.now())
    response = HttpResponse(text, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = inline("cme-deadlines.ics")
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@login_required
@require_POST
def calendar_feed_regenerate(request: AuthenticatedHttpRequest) -> HttpResponse:
    existed = calendar.calendar_feed_get(owner=request.user) is not None
    calendar.calendar_feed_regenerate(owner=request.user)
    messages.success(
        request,
        "Your calendar link was replaced; the old one no longer works."
        if existed
        else "Your private calendar link is ready.",
    )
    return redirect(reverse("reporting:transcripts") + "#calendar")
