"""Pages for transcripts and the public verification page.

The transcripts page also offers the private deadline calendar's link (read from deadlines).
"""

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from certificates.validation.upload import size_limit
from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting import transcripts
from reporting.deadlines import calendar
from reporting.licenses import selectors as licenses_selectors
from reporting.licenses.degrees import degree_mismatch
from reporting.models import License, Transcript
from reporting.transcripts import verification
from reporting.transcripts.downloads import transcript_file_response
from reporting.transcripts.forms import HandoverForm, TranscriptRequestForm
from reporting.transcripts.services import CycleChoice

# Presigned S3 links are for one click: they expire long before anyone could share them.

Options = list[tuple[License, list[CycleChoice]]]


def _request_form(request: AuthenticatedHttpRequest) -> TranscriptRequestForm:
    return TranscriptRequestForm(options=_options(request))


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
@require_http_methods(["GET", "POST"])
def transcript_request(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Before a PDF is made: the name, degree, NPI and license number a board reads first,
    prefilled from the profile and the license (GET, from the Generate form), then saved back
    to them as the document is queued (POST)."""
    options = _options(request)
    if request.method == "GET":
        choice = TranscriptRequestForm(request.GET, options=options)
        if not choice.is_valid():
            return _page(request, choice, status=400)
        license = _chosen_license(options, choice)
        profile = getattr(request.user, "profile", None)
        form = HandoverForm(
            initial={
                "cycle": choice.data["cycle"],
                "kind": choice.cleaned_data["kind"],
                "full_name": profile.full_name if profile else "",
                "degree": profile.degree if profile else "",
                "npi": profile.npi if profile else "",
                "license_number": license.number,
            },
            options=options,
        )
        return _handover_page(request, form, license, choice.data["cycle"])
    form = HandoverForm(request.POST, options=options)
    if not form.is_valid():
        if "cycle" in form.errors:  # not one of this person's licenses and cycles
            return _page(request, TranscriptRequestForm(request.POST, options=options), 400)
        return _handover_page(request, form, _chosen_license(options, form), status=400)
    license_id, cycle_end = form.cleaned_data["cycle"]
    try:
        transcripts.transcript_handover(
            owner=request.user,
            license_id=license_id,
            kind=form.cleaned_data["kind"],
            cycle_end=cycle_end,
            full_name=form.cleaned_data["full_name"],
            degree=form.cleaned_data["degree"],
            npi=form.cleaned_data["npi"],
            license_number=form.cleaned_data["license_number"],
        )
    except ValidationError as error:
        _add_errors(form, error)
        return _handover_page(request, form, _chosen_license(options, form), status=400)
    messages.success(request, "Your PDF is queued; this page shows when it is ready.")
    return redirect("reporting:transcripts")


def _options(request: AuthenticatedHttpRequest) -> Options:
    licenses = list(licenses_selectors.license_list(user=request.user))
    return [(license, transcripts.license_cycles(license)) for license in licenses]


def _chosen_license(options: Options, form: TranscriptRequestForm) -> License:
    license_id, _ = form.cleaned_data["cycle"]
    return next(license for license, _ in options if license.pk == license_id)


def _handover_page(
    request: AuthenticatedHttpRequest,
    form: HandoverForm,
    license: License,
    cycle: str | None = None,
    status: int = 200,
) -> HttpResponse:
    value = cycle or str(form["cycle"].value())
    labels = form.cycle_labels
    profile = getattr(request.user, "profile", None)
    context = {
        "form": form,
        "license": license,
        "cycle_label": labels.get(value, ""),
        "kind_label": "CME audit packet"
        if form["kind"].value() == Transcript.Kind.AUDIT_PACKET
        else "CME transcript",
        "degree_warning": degree_mismatch(degree=profile.degree, board=license.board)
        if profile
        else "",
    }
    return render(request, "reporting/transcripts/transcript_handover.html", context, status=status)


def _add_errors(form: HandoverForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages_ in error.message_dict.items():
        name = {"cycle_end": "cycle", "license": "cycle", "number": "license_number"}.get(
            field, field
        )
        form.add_error(name if name in form.fields else None, messages_)


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


# Public: anyone holding the PDF can check it, with no account and no JavaScript. The CSRF check
# reads the request body, so it runs in `_verify_check`, once the hashing upload handler is set.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Who, which license, which cycle, the totals and the status as the document recorded
    them; and whether the PDF a clerk drops here is, byte for byte, the one issued."""
    transcript = transcripts.transcript_verify_get(code=code)
    if request.method == "GET":
        return _verify_page(request, transcript)
    # Hashing a 20 MB upload costs a worker real time: counted before any of it is read.
    if not ratelimit.consume(request, action=verification.RATE_LIMIT_ACTION):
        check = verification.Check(verification.Outcome.UNREADABLE, verification.RATE_LIMITED)
        response = _verify_page(request, transcript, check, status=429)
        response["Retry-After"] = "60"
        return response
    request.upload_handlers = [verification.HashingUploadHandler(request)]
    return _verify_check(request, transcript)


@csrf_protect
def _verify_check(request: HttpRequest, transcript: Transcript) -> HttpResponse:
    received = request.FILES.get("document")
    check = verification.document_check(
        transcript=transcript,
        received=received if isinstance(received, verification.Received) else None,
    )
    status = 400 if check.outcome == verification.Outcome.UNREADABLE else 200
    return _verify_page(request, transcript, check, status=status)


def _verify_page(
    request: HttpRequest,
    transcript: Transcript,
    check: verification.Check | None = None,
    status: int = 200,
) -> HttpResponse:
    response = render(
        request,
        "reporting/transcripts/verify.html",
        {
            "transcript": transcript,
            "facts": verification.issued_facts(transcript),
            "check": check,
            "size_limit": size_limit(verification.max_bytes()),
        },
        status=status,
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
