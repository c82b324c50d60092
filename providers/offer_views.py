"""Pages of "gaps meet offers": a license's open mandates with the activities offered here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django_htmx.http import HttpResponseClientRedirect

from cmetrack.lib.typing import AuthenticatedHttpRequest
from organizations.access import MFA_MESSAGE, MfaSetupRequired, membership_required
from organizations.models import Organization

from . import offers, selectors

PAGE_SIZE = 25


@login_required
@require_GET
def license_offers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The license page loads this part after the page itself: it changes whenever a provider
    opens or closes claims, so it is never cached with the physician's verdicts. With
    `?requirement=`, every activity for that one requirement, a page at a time."""
    requirement = request.GET.get("requirement") or None
    license, gaps = offers.license_offers(
        user=request.user,
        pk=pk,
        today=timezone.localdate(),
        now=timezone.now(),
        requirement=requirement,
    )
    if requirement is not None:
        gap = gaps[0] if gaps else None
        page = Paginator(gap.offers if gap else (), PAGE_SIZE).get_page(request.GET.get("page"))
        return render(
            request,
            "providers/offers_requirement.html",
            {"license": license, "gap": gap, "page": page, "requirement": requirement},
        )
    template = "providers/_offers_license.html" if request.htmx else "providers/offers_license.html"
    return render(request, template, {"license": license, "gaps": gaps})


@login_required
@require_GET
def offering_mandates(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """Which boards' topic mandates a claim of this activity counts toward: for the provider's
    staff, on their activity page (loaded after it) or on a page of its own."""
    offering = selectors.offering_get(user=request.user, pk=pk)
    try:  # the same membership check as the provider's own pages
        membership_required(
            request, offering.provider.organization.slug, kind=Organization.Kind.PROVIDER
        )
    except MfaSetupRequired as needed:
        messages.warning(request, MFA_MESSAGE.format(organization=needed.organization.name))
        if request.htmx:
            return HttpResponseClientRedirect(reverse("mfa_activate_totp"))
        return redirect("mfa_activate_totp")
    mandates = offers.offering_mandates(offering=offering, today=timezone.localdate())
    template = (
        "providers/_offers_mandates.html" if request.htmx else "providers/offers_mandates.html"
    )
    return render(request, template, {"offering": offering, "mandates": mandates})
