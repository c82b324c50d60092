"""The provider's exports page and its downloads (PARS, CE Broker, MedBiquitous)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from cmetrack.lib.downloads import attachment
from cmetrack.lib.typing import AuthenticatedHttpRequest

from ..downloads import KINDS, offering_export
from .access import provider_page, staff_offering


@provider_page
def exports(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    offering = staff_offering(request, pk)
    outcomes = [offering_export(offering=offering, kind=kind) for kind in KINDS]
    return render(
        request,
        "providers/exports.html",
        {"offering": offering, "outcomes": outcomes, "exports_enabled": True},
    )


@provider_page
def export_download(request: AuthenticatedHttpRequest, pk: int, kind: str) -> HttpResponse:
    offering = staff_offering(request, pk)
    if kind not in KINDS:
        raise Http404("No such export.")
    outcome = offering_export(offering=offering, kind=kind)
    if outcome.export is None:
        messages.error(request, outcome.refusal)
        return redirect("providers:exports", pk=pk)
    export = outcome.export
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = attachment(export.filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
