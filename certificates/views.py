from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from cmetrack.lib.typing import AuthenticatedHttpRequest

from . import downloads, selectors, services
from .forms import CertificateUploadForm
from .models import Certificate
from .validation import UploadRejected

PAGE_SIZE = 25


def add_activity_url(certificate: Certificate) -> str:
    """Where to go after an upload: the add-activity form prefilled from this certificate."""
    try:
        return reverse("activities:create") + f"?certificate={certificate.pk}"
    except NoReverseMatch:  # the activity pages are not installed
        return reverse("certificates:detail", args=[certificate.pk])


@login_required
@require_GET
def certificate_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = Paginator(selectors.certificate_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "certificates/certificate_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def certificate_upload(request: AuthenticatedHttpRequest) -> HttpResponse:
    bound = request.method == "POST"
    form = CertificateUploadForm(request.POST if bound else None, request.FILES if bound else None)
    duplicate = None
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            result = services.certificate_store(
                owner=request.user, upload=form.cleaned_data["file"]
            )
        except UploadRejected as rejected:
            form.add_error("file", rejected.message)
            status = rejected.status
        else:
            if not result.created:
                duplicate, status = result.certificate, 200
            else:
                messages.success(request, f"“{result.certificate.filename}” was uploaded.")
                if result.message:
                    messages.info(request, result.message)
                return redirect(add_activity_url(result.certificate))
    return render(
        request,
        "certificates/certificate_upload.html",
        {"form": form, "duplicate": duplicate},
        status=status,
    )


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
