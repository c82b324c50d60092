"""Pages for taking your record with you: the export download and the import page."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from certificates.downloads import content_disposition
from cmetrack.lib.typing import AuthenticatedHttpRequest

from . import portability


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Export file (.zip)",
        help_text="The ZIP that “Download all my data” produced, unchanged.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )


@login_required
@require_GET
def export_download(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    return export_response(request)


def export_response(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """The signed-in user's whole record as one streamed ZIP (the page's and the API's)."""
    response = StreamingHttpResponse(
        portability.account_export_stream(user=request.user), content_type="application/zip"
    )
    response["Content-Disposition"] = content_disposition(portability.export_filename())
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid():
        try:
            summary = portability.account_import(
                user=request.user, upload=form.cleaned_data["file"]
            )
        except portability.ImportRefused as refused:
            problems = refused.message_dict
        else:
            messages.success(
                request,
                f"Imported {summary.licenses} licenses, {summary.activities} activities and "
                f"{summary.certificates} certificates.",
            )
            return redirect("reporting:dashboard")
    context = {
        "form": form,
        "problems": problems,
        "account_is_empty": portability.account_is_empty(user=request.user),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/import.html", context, status=status)
