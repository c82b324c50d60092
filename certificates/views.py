from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cmetrack.lib.typing import AuthenticatedHttpRequest

from . import downloads, pages, selectors, services
from .forms import CertificateUploadForm
from .models import Certificate, Draft, ReadingStatus
from .validation import UploadRejected

PAGE_SIZE = 25


def add_activity_url(certificate: Certificate) -> str:
    """Where to go after an upload: the add-activity form prefilled from this certificate."""
    try:
        return reverse("activities:create") + f"?certificate={certificate.pk}"
    except NoReverseMatch:  # the activity pages are not installed
        return reverse("certificates:detail", args=[certificate.pk])


def review_url(draft: Draft) -> str:
    """The review page of one draft: its pages beside the add-activity form it fills."""
    try:
        return reverse("activities:create") + f"?draft={draft.pk}"
    except NoReverseMatch:
        return reverse("certificates:detail", args=[draft.certificate_id])


def after_upload_url(certificate: Certificate) -> str:
    """Next after an upload: the form (one certificate read), the drafts, or the progress."""
    if certificate.status in selectors.READING:
        return reverse("certificates:reading", args=[certificate.pk])
    if selectors.certificate_drafts(certificate=certificate).count() > 1:
        return reverse("certificates:reading", args=[certificate.pk])
    return add_activity_url(certificate)


def _wants_json(request: HttpRequest) -> bool:
    # The upload page's script sends files one by one and reads the answer as JSON.
    return "application/json" in request.headers.get("accept", "")


@login_required
@require_GET
def certificate_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.certificate_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    open_drafts = selectors.draft_list(user=request.user).count()
    return render(
        request, "certificates/certificate_list.html", {"page": page, "open_drafts": open_drafts}
    )


@login_required
@require_http_methods(["GET", "POST"])
def certificate_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    bound = request.method == "POST"
    form = CertificateUploadForm(request.POST if bound else None, request.FILES if bound else None)
    if not bound:
        return render(request, "certificates/certificate_upload.html", {"form": form})
    if not form.is_valid():
        if _wants_json(request):
            return JsonResponse(
                {"error": " ".join(str(error) for error in form.errors.get("file", []))}, status=400
            )
        return _upload_page(request, form, status=400)
    stored: list[Certificate] = []
    duplicates: list[Certificate] = []
    refused: list[tuple[str, str, int]] = []  # (file name, message, status)
    for upload in form.cleaned_data["file"]:
        try:
            result = services.certificate_store(owner=request.user, upload=upload, limit_queue=True)
        except UploadRejected as rejected:
            refused.append((upload.name or "", str(rejected.message), rejected.status))
        except ValidationError as exc:  # too many files waiting to be read
            refused.append((upload.name or "", " ".join(exc.messages), 429))
        else:
            (stored if result.created else duplicates).append(result.certificate)
    if _wants_json(request):
        return _upload_json(stored, duplicates, refused)
    if not stored:
        for name, message, _status in refused:
            form.add_error("file", f"{name}: {message}" if len(refused) > 1 else message)
        status = refused[0][2] if refused else 200
        return _upload_page(request, form, duplicates=duplicates, status=status)
    for name, message, _status in refused:
        messages.error(request, f"“{name}” was not stored: {message}")
    for certificate in duplicates:
        messages.info(request, f"“{certificate.filename}” was already in your certificates.")
    if len(stored) > 1:
        messages.success(request, f"{len(stored)} files were uploaded.")
        return redirect("certificates:drafts")
    certificate = stored[0]
    messages.success(request, f"“{certificate.filename}” was uploaded.")
    message = services.certificate_read_message(certificate)
    if message:
        messages.info(request, message)
    return redirect(after_upload_url(certificate))


def _upload_page(
    request: AuthenticatedHttpRequest,
    form: CertificateUploadForm,
    *,
    duplicates: list[Certificate] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "certificates/certificate_upload.html",
        {"form": form, "duplicates": duplicates or []},
        status=status,
    )


def _upload_json(
    stored: list[Certificate],
    duplicates: list[Certificate],
    refused: list[tuple[str, str, int]],
) -> JsonResponse:
    """One file's outcome for the upload page's script (it sends one file per request)."""
    if refused:
        name, message, status = refused[0]
        return JsonResponse({"error": message, "filename": name}, status=status)
    certificate = (stored or duplicates)[0]
    return JsonResponse(
        {
            "created": bool(stored),
            "filename": certificate.filename,
            "status": certificate.status,
            "next": after_upload_url(certificate)
            if stored
            else reverse("certificates:detail", args=[certificate.pk]),
        },
        status=201 if stored else 200,
    )


def _reading_context(request: AuthenticatedHttpRequest, certificate: Certificate | None) -> dict:
    being_read = selectors.certificates_being_read(user=request.user)
    if certificate is not None:
        being_read = being_read.filter(pk=certificate.pk)
    drafts = list(selectors.draft_list(user=request.user, certificate=certificate))
    return {
        "certificate": certificate,
        "being_read": list(being_read),
        "drafts": [(draft, review_url(draft)) for draft in drafts],
        "failed": certificate is not None and certificate.status == ReadingStatus.FAILED,
    }


def _navigate(request: HttpRequest, url: str) -> HttpResponse:
    # A poll from the progress panel follows the redirect as a whole page (HX-Redirect).
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@login_required
@require_GET
def certificate_reading(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The progress of one upload's reading; then its drafts, or the form if it held one."""
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    if certificate.status not in selectors.READING:
        drafts = selectors.certificate_drafts(certificate=certificate)
        if drafts.count() <= 1:
            return _navigate(request, add_activity_url(certificate))
    return render(
        request, "certificates/certificate_reading.html", _reading_context(request, certificate)
    )


@login_required
@require_GET
def draft_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every draft still to confirm, and the uploads still being read."""
    return render(request, "certificates/draft_list.html", _reading_context(request, None))


@login_required
@require_POST
def draft_dismiss(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    draft = selectors.draft_get(user=request.user, pk=pk)
    services.draft_close(draft=draft, status=Draft.Status.DISMISSED)
    messages.success(request, f"The draft from “{draft.certificate.filename}” was dismissed.")
    return redirect("certificates:drafts")


@login_required
@require_GET
def certificate_page(
    request: AuthenticatedHttpRequest, public_id: UUID, number: int
) -> HttpResponse:
    """One page of the certificate as an image we drew; the owner's only, like the download."""
    certificate = selectors.certificate_get(user=request.user, public_id=public_id)
    image = pages.page_image(certificate, number)
    if image is None:
        raise Http404("No such page.")
    response = HttpResponse(image, content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Content-Disposition"] = "inline"
    return response


@login_required
@require_GET
def certificate_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    return render(
        request,
        "certificates/certificate_detail.html",
        {
            "certificate": certificate,
            "activities": selectors.certificate_activities(certificate=certificate),
            "suggestions": selectors.certificate_suggestions(certificate=certificate),
            "add_activity_url": add_activity_url(certificate),
            "drafts": [
                (draft, review_url(draft))
                for draft in selectors.certificate_drafts(certificate=certificate)
            ],
        },
    )


@login_required
@require_GET
def certificate_download(request: AuthenticatedHttpRequest, public_id: UUID) -> HttpResponseBase:
    certificate = selectors.certificate_get(user=request.user, public_id=public_id)
    return downloads.certificate_file_response(certificate)


@login_required
@require_http_methods(["GET", "POST"])
def certificate_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_get(user=request.user, pk=pk)
    if request.method == "POST":
        unlinked = services.certificate_delete(owner=request.user, pk=pk)
        note = (
            " 1 activity no longer links to it."
            if unlinked == 1
            else f" {unlinked} activities no longer link to it."
        )
        messages.success(
            request, f"“{certificate.filename}” was deleted." + (note if unlinked else "")
        )
        return redirect("certificates:list")
    return render(
        request,
        "certificates/certificate_confirm_delete.html",
        {
            "certificate": certificate,
            "activities": selectors.certificate_activities(certificate=certificate),
        },
    )


@login_required
@require_GET
def certificate_zip(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    return downloads.certificates_zip_response(
        selectors.certificate_list(user=request.user).iterator()
    )
