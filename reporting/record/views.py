"""Your record: what changed in it (history), and taking it with you (export, import)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting.record import portability
from reporting.record.downloads import export_response
from reporting.record.history import history_page


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
    return render(request, "reporting/record/import.html", context, status=status)


@login_required
def history(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every change to your own activities, certificates and licenses, and no one else's."""
    if "owner" in request.GET:
        # Nobody, staff included, reads another person's history through the site.
        raise Http404("No such history.")
    page = history_page(owner=request.user, number=request.GET.get("page", 1))
    return render(
        request,
        "reporting/record/history.html",
        {"page": page, "subject": request.user, "page_query": ""},
    )
