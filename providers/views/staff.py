"""The provider's pages: its activities, their codes and QR screens, claims, evaluations.

Every page reads through the selectors, which give a 404 to anyone not on the provider's staff;
pages that change something ask for an owner or staff role (viewers read only).
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from cmetrack.lib.downloads import stored_file_response
from cmetrack.lib.typing import AuthenticatedHttpRequest
from organizations.access import membership_required
from organizations.models import Organization
from reporting.transcripts.pdf import qr_svg

from .. import selectors, services
from ..forms import (
    ClaimCodeForm,
    ClaimCorrectionForm,
    OfferingForm,
    ProviderForm,
    QuestionForm,
    RosterForm,
    SessionForm,
    WithdrawForm,
    add_service_errors,
)
from ..issuing import certificate_filename
from ..models import EvaluationQuestion, Offering, Provider, Session
from ..selectors import EDITING_ROLES
from .access import provider_page, staff_offering, staff_provider

PAGE_SIZE = 25


def _page(request: AuthenticatedHttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


PAGE_SIZE = 25


@provider_page
def provider_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The providers this person works for, and those still to set up."""
    providers = list(selectors.provider_list(user=request.user))
    to_set_up = Organization.objects.filter(
        kind=Organization.Kind.PROVIDER,
        memberships__user=request.user,
        memberships__role__in=EDITING_ROLES,
        provider__isnull=True,
    )
    return render(
        request,
        "providers/provider_home.html",
        {"providers": providers, "to_set_up": to_set_up},
    )


@provider_page
def provider_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    provider = staff_provider(request, slug)
    return render(
        request,
        "providers/provider_detail.html",
        {
            "provider": provider,
            "page": _page(request, selectors.offering_list(provider=provider)),
            "can_edit": selectors.provider_get_or_none(
                user=request.user, slug=slug, roles=EDITING_ROLES
            )
            is not None,
        },
    )


@provider_page
@require_http_methods(["GET", "POST"])
def provider_settings(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Accreditation and joint providers; the first visit makes the organization a provider."""
    organization, _membership = membership_required(
        request, slug, roles=EDITING_ROLES, kind=Organization.Kind.PROVIDER
    )
    existing = Provider.objects.filter(organization=organization).first()
    form = ProviderForm(
        request.POST or None, instance=existing or Provider(organization=organization)
    )
    if request.method == "POST" and form.is_valid():
        try:
            fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
            if existing:
                services.provider_update(provider=existing, **fields)
            else:
                services.provider_create(organization=organization, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{organization.name}'s accreditation was saved.")
            return redirect("providers:detail", slug=slug)
    return render(
        request, "providers/provider_form.html", {"form": form, "organization": organization}
    )


@provider_page
@require_http_methods(["GET", "POST"])
def offering_create(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    provider = staff_provider(request, slug, roles=EDITING_ROLES)
    return _offering_form(request, Offering(provider=provider), provider=provider)


@provider_page
@require_http_methods(["GET", "POST"])
def offering_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    offering = staff_offering(request, pk, roles=EDITING_ROLES)
    return _offering_form(request, offering, provider=offering.provider)


def _offering_form(
    request: AuthenticatedHttpRequest, offering: Offering, *, provider: Provider
) -> HttpResponse:
    form = OfferingForm(request.POST or None, instance=offering)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.offering_save(offering=offering, **form.service_fields())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"“{saved.title}” was saved.")
            return redirect("providers:offering", pk=saved.pk)
    return render(
        request,
        "providers/offering_form.html",
        {"form": form, "offering": offering, "provider": provider},
    )


@provider_page
def offering_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    offering = staff_offering(request, pk)
    can_edit = selectors.staff_can_edit(user=request.user, offering=offering)
    return render(
        request,
        "providers/offering_detail.html",
        {
            "offering": offering,
            "can_edit": can_edit,
            "session_form": SessionForm(prefix="session"),
            "question_form": QuestionForm(prefix="question"),
            "totals": selectors.claim_totals(offering=offering),
        },
    )


@provider_page
@require_POST
def session_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    offering = staff_offering(request, pk, roles=EDITING_ROLES)
    form = SessionForm(request.POST, prefix="session")
    if form.is_valid():
        try:
            services.session_add(offering=offering, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Session “{form.cleaned_data['title']}” was added.")
            return redirect("providers:offering", pk=pk)
    return _detail_with(request, offering, session_form=form)


@provider_page
@require_POST
def question_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    offering = staff_offering(request, pk, roles=EDITING_ROLES)
    form = QuestionForm(request.POST, prefix="question")
    if form.is_valid():
        try:
            services.question_add(offering=offering, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "The question was added to the evaluation.")
            return redirect("providers:offering", pk=pk)
    return _detail_with(request, offering, question_form=form)


def _detail_with(
    request: AuthenticatedHttpRequest, offering: Offering, **forms: Any
) -> HttpResponse:
    context: dict[str, Any] = {
        "offering": offering,
        "can_edit": True,
        "session_form": SessionForm(prefix="session"),
        "question_form": QuestionForm(prefix="question"),
        "totals": selectors.claim_totals(offering=offering),
    }
    context.update(forms)
    return render(request, "providers/offering_detail.html", context, status=400)


@provider_page
@require_http_methods(["GET", "POST"])
def part_delete(
    request: AuthenticatedHttpRequest, pk: int, part: str, part_pk: int
) -> HttpResponse:
    """Remove a session or an evaluation question, after a confirmation page."""
    offering = staff_offering(request, pk, roles=EDITING_ROLES)
    row: Session | EvaluationQuestion | None
    if part == "sessions":
        row = offering.sessions.filter(pk=part_pk).first()
    elif part == "questions":
        row = offering.evaluation_questions.filter(pk=part_pk).first()
    else:
        raise Http404("No such part.")
    if row is None:
        raise Http404("No such part.")
    if request.method == "POST":
        try:
            if isinstance(row, Session):
                services.session_remove(session=row)
            else:
                services.question_remove(question=row)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, f"“{row}” was removed.")
        return redirect("providers:offering", pk=pk)
    return render(
        request,
        "providers/part_confirm_delete.html",
        {"offering": offering, "row": row, "part": part},
    )


@provider_page
@require_http_methods(["GET", "POST"])
def codes(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    offering = staff_offering(request, pk)
    can_edit = selectors.staff_can_edit(user=request.user, offering=offering)
    form = ClaimCodeForm(request.POST or None, offering=offering)
    if request.method == "POST":
        if not can_edit:
            raise Http404("No such activity.")
        if form.is_valid():
            try:
                code = services.claim_code_issue(offering=offering, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"Code {services.display_code(code.code)} was issued.")
                return redirect("providers:codes", pk=pk)
    return render(
        request,
        "providers/codes.html",
        {
            "offering": offering,
            "form": form,
            "roster_form": RosterForm(prefix="roster", offering=offering),
            "can_edit": can_edit,
            "page": _page(request, selectors.claim_code_list(offering=offering)),
        },
        status=400 if form.errors else 200,
    )


@provider_page
@require_POST
def roster_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A roster CSV in, one personal code per attendee out (all or none)."""
    offering = staff_offering(request, pk, roles=EDITING_ROLES)
    form = RosterForm(request.POST, request.FILES, prefix="roster", offering=offering)
    if form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("roster")
        try:
            issued = services.roster_codes_issue(
                offering=offering, roster=upload.read(services.ROSTER_MAX_BYTES + 1), **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{len(issued)} personal codes were issued.")
            return redirect("providers:codes", pk=pk)
    return render(
        request,
        "providers/codes.html",
        {
            "offering": offering,
            "form": ClaimCodeForm(offering=offering),
            "roster_form": form,
            "can_edit": True,
            "page": _page(request, selectors.claim_code_list(offering=offering)),
        },
        status=400,
    )


@provider_page
def code_screen(request: AuthenticatedHttpRequest, pk: int, code_pk: int) -> HttpResponse:
    """The page a room's screen shows: a QR code of the claim page, and the code in letters."""
    offering = staff_offering(request, pk)
    code = selectors.claim_code_get(offering=offering, pk=code_pk)
    url = request.build_absolute_uri(reverse("claims:claim_by_code", args=[code.code]))
    return render(
        request,
        "providers/code_screen.html",
        {
            "offering": offering,
            "code": code,
            "display": services.display_code(code.code),
            "url": url,
            "qr": qr_svg(url),
        },
    )


@provider_page
def claims(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    offering = staff_offering(request, pk)
    return render(
        request,
        "providers/claims.html",
        {
            "offering": offering,
            "page": _page(request, selectors.claim_list_for_offering(offering=offering)),
            "totals": selectors.claim_totals(offering=offering),
        },
    )


@provider_page
@require_http_methods(["GET", "POST"])
def claim_detail(request: AuthenticatedHttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    """One claim, its answers and its history; staff correct it here (a reason is required)."""
    offering = staff_offering(request, pk)
    claim = selectors.claim_get_for_staff(offering=offering, pk=claim_pk)
    can_edit = selectors.staff_can_edit(user=request.user, offering=offering)
    form = ClaimCorrectionForm(
        request.POST or None,
        initial={"credits": claim.credits, "completed_on": claim.completed_on},
    )
    if request.method == "POST":
        if not can_edit:
            raise Http404("No such claim.")
        if form.is_valid():
            fields = dict(form.cleaned_data)
            reason = fields.pop("reason")
            try:
                services.claim_correct(claim=claim, by=request.user, reason=reason, **fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, f"{claim.full_name}'s claim was corrected.")
                return redirect("providers:claim_detail", pk=pk, claim_pk=claim.pk)
        claim.refresh_from_db()
    return render(
        request,
        "providers/claim_detail.html",
        {
            "offering": offering,
            "claim": claim,
            "form": form,
            "withdraw_form": WithdrawForm(),
            "can_edit": can_edit,
            "answers": claim.answers.select_related("question"),
            "history": selectors.claim_history(claim=claim),
        },
        status=400 if form.errors else 200,
    )


@provider_page
@require_POST
def claim_withdraw(request: AuthenticatedHttpRequest, pk: int, claim_pk: int) -> HttpResponse:
    offering = staff_offering(request, pk, roles=EDITING_ROLES)
    claim = selectors.claim_get_for_staff(offering=offering, pk=claim_pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        services.claim_withdraw(claim=claim, by=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"{claim.full_name}'s claim was withdrawn from your reports.")
    else:
        messages.error(request, "Say why the claim is withdrawn; nothing was changed.")
    return redirect("providers:claim_detail", pk=pk, claim_pk=claim.pk)


@provider_page
def claim_certificate(
    request: AuthenticatedHttpRequest, pk: int, claim_pk: int
) -> HttpResponseBase:
    """The certificate as issued, re-printable any time."""
    offering = staff_offering(request, pk)
    claim = selectors.claim_get_for_staff(offering=offering, pk=claim_pk)
    if not claim.certificate_file:
        raise Http404("This claim has no certificate yet.")
    return stored_file_response(
        claim.certificate_file, filename=certificate_filename(claim), content_type="application/pdf"
    )


@provider_page
def evaluation(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    offering = staff_offering(request, pk)
    return render(
        request,
        "providers/evaluation.html",
        {
            "offering": offering,
            "summaries": selectors.evaluation_summary(offering=offering),
            "evaluated": offering.claims.filter(evaluated_at__isnull=False).count(),
        },
    )
