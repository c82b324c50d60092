"""Pages for transcripts and the public verification page.

The transcripts page also offers the private deadline calendar's link (read from deadlines).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting import transcripts
from reporting.deadlines import calendar
from reporting.licenses import selectors as licenses_selectors
from reporting.models import Transcript
from reporting.transcripts.downloads import transcript_file_response
from reporting.transcripts.forms import TranscriptRequestForm

# Presigned S3 links are for one click: they expire long before anyone could share them.


def _request_form(request: AuthenticatedHttpRequest) -> TranscriptRequestForm:
    licenses = list(licenses_selectors.license_list(user=request.user))
    options = [(license, transcripts.license_cycles(license)) for license in licenses]
    return TranscriptRequestForm(request.POST or None, options=options)


def _page(
    request: AuthenticatedHttpRequest, form: TranscriptRequestForm, status: int = 200
) -> HttpResponse:
    feed = calendar.calendar_feed_get(owner=request.user)
    feed_url = (
        request.build_absolute_uri(reverse("reporting:calendar_feed", args=[feed.token]))
        if feed
        else None
    )
    recent = list(transcripts.transcript_list(user=request.user)[:50])
    _mark_stale(request, recent)
    context = {
        "form": form,
        "has_licenses": bool(form.fields["cycle"].choices),  # type: ignore[attr-defined]
        "transcripts": recent,
        "feed_url": feed_url,
    }
    return render(request, "reporting/transcripts/transcript_list.html", context, status=status)


def _mark_stale(request: AuthenticatedHttpRequest, documents: list[Transcript]) -> None:
    """Mark each document made before the last change to the record or rules (`.stale`)."""
    stale = transcripts.transcripts_stale(user=request.user, transcripts=documents)
    for document in documents:
        document.stale = document.pk in stale  # type: ignore[attr-defined]


@login_required
@require_GET
def transcript_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Generate a transcript or audit packet; see, download or retry earlier ones."""
    return _page(request, _request_form(request))


@login_required
@require_POST
def transcript_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _request_form(request)
    if form.is_valid():
        license_id, cycle_end = form.cleaned_data["cycle"]
        try:
            transcripts.transcript_request(
                owner=request.user,
                license_id=license_id,
                kind=form.cleaned_data["kind"],
                cycle_end=cycle_end,
            )
        except ValidationError as error:
            form.add_error("cycle", error.messages)
        else:
            messages.success(request, "Your PDF is queued; this page shows when it is ready.")
            return redirect("reporting:transcripts")
    return _page(request, form, status=400)


@login_required
@require_GET
def transcript_status(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """The status fragment htmx polls every 2 s until the transcript is ready or failed."""
    transcript = transcripts.transcript_get(user=request.user, pk=pk)
    _mark_stale(request, [transcript])
    return render(
        request, "reporting/transcripts/transcript_status.html", {"transcript": transcript}
    )


@login_required
@require_POST
def transcript_remake(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    """Make a new document in place of one that is out of date."""
    try:
        transcripts.transcript_remake(owner=request.user, pk=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "A new PDF is queued; this page shows when it is ready.")
    return redirect("reporting:transcripts")


@login_required
@require_POST
def transcript_retry(request: AuthenticatedHttpRequest, pk: str) -> HttpResponse:
    try:
        transcript = transcripts.transcript_retry(owner=request.user, pk=pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reporting:transcripts")
    if request.htmx:
        return render(
            request, "reporting/transcripts/transcript_status.html", {"transcript": transcript}
        )
    messages.success(request, "Trying again: the PDF is queued.")
    return redirect("reporting:transcripts")


@login_required
@require_GET
def transcript_download(request: AuthenticatedHttpRequest, pk: str) -> HttpResponseBase:
    transcript = transcripts.transcript_get(user=request.user, pk=pk)
    if transcript.status != Transcript.Status.READY:
        return HttpResponse("This transcript is not ready yet.", status=409)
    return transcript_file_response(transcript)


# Public: anyone holding the PDF can check it.
@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Confirm a transcript is genuine: who, which board, the cycle, the total and the hash."""
    transcript = transcripts.transcript_verify_get(code=code)
    response = render(
        request,
        "reporting/transcripts/verify.html",
        {"transcript": transcript, "facts": transcript.snapshot},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
