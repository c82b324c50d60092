"""The physician's side: who may see my record, changing or revoking that, and who looked."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from accounts.models import User
from accounts.record_access import record_accesses
from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting.licenses.selectors import license_list
from reporting.models import License

from .. import consents, records
from ..forms import ConsentForm

ACCESSES_PER_PAGE = 50


def add_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal on the form: by field where it names one, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def consent_form_licenses(user: User) -> QuerySet[License]:
    return license_list(user=user)


def consent_values(form: ConsentForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "scope": data["scope"],
        "all_licenses": data["all_licenses"],
        "licenses": list(data["licenses"]),
        "expires_on": data["expires_on"],
    }


@login_required
def sharing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organizations that can see my record (what, which licenses, until when, history),
    those that could, and the organizations I work for."""
    today = timezone.localdate()
    every = list(consents.consent_list(physician=request.user))
    return render(
        request,
        "organizations/sharing.html",
        {
            "live": [c for c in every if c.is_active(today)],
            "ended": [c for c in every if not c.is_active(today)],
            "memberships": records.organizations_of(user=request.user),
            "looks": record_accesses(physician=request.user).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_change(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    consent = consents.consent_get(physician=request.user, pk=pk)
    initial = {
        "scope": consent.scope,
        "all_licenses": consent.all_licenses,
        "licenses": list(consent.licenses.all()),
        "expires_on": consent.expires_on,
    }
    form = ConsentForm(
        request.POST or None, initial=initial, licenses=consent_form_licenses(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            consents.consent_change(consent=consent, **consent_values(form))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"What {consent.organization.name} may see was changed.")
            return redirect("organizations:sharing")
    return render(
        request,
        "organizations/consent_form.html",
        {"form": form, "organization": consent.organization, "consent": consent},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def consent_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A confirmation page; revoking takes effect on the organization's very next request."""
    consent = consents.consent_get(physician=request.user, pk=pk)
    if request.method == "POST":
        try:
            consents.consent_revoke(consent=consent)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{consent.organization.name} can no longer see your record.")
        return redirect("organizations:sharing")
    return render(request, "organizations/consent_confirm_revoke.html", {"consent": consent})


@login_required
def access_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who looked at my record, what and when: offices, share links, support, newest first."""
    page = Paginator(record_accesses(physician=request.user), ACCESSES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "organizations/access_log.html", {"page": page})
