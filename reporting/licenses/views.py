import datetime
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_safe

from cmetrack.lib.bounds import date_or_none
from cmetrack.lib.typing import AuthenticatedHttpRequest
from reporting import conditions
from reporting.compliance import selectors as compliance_selectors
from reporting.engine import Credit
from reporting.licenses import pages, selectors, services, summary
from reporting.licenses.forms import (
    AttestationForm,
    LicenseForm,
    WhatIfForm,
    practice_form,
    what_if_form,
)
from reporting.models import Board, License
from reporting.reference.expiry import ExpiryProposal
from reporting.rules import selectors as rules_selectors

WHAT_IF_ID = "what-if"


def _as_of(request: HttpRequest) -> datetime.date:
    try:
        day = datetime.date.fromisoformat(request.GET.get("as_of", ""))
    except ValueError:
        return timezone.localdate()
    return date_or_none(day) or timezone.localdate()  # year 1 or 9999: a typo, not a question


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A line per license (status and what is missing by when), then a card per license, the
    most urgent first.

    The lines and cards are cached under the physician's record version; `items` is lazy, so
    the rules are only evaluated when the version changed (the template's cache missed).
    """
    as_of = _as_of(request)
    version = compliance_selectors.record_version(user=request.user, as_of=as_of)
    items = SimpleLazyObject(
        lambda: selectors.dashboard(
            user=request.user, as_of=as_of, rules_revision=version.rules_revision
        )
    )
    lines = SimpleLazyObject(lambda: summary.summary_lines(items))
    return render(
        request,
        "reporting/licenses/dashboard.html",
        {"items": items, "lines": lines, "version": version, "as_of": as_of},
    )


def _what_if(request: HttpRequest, as_of: datetime.date) -> tuple[WhatIfForm, list[Credit]]:
    form = what_if_form(request.GET if "credits" in request.GET else None)
    if not form.is_valid():
        return form, []
    data = form.cleaned_data
    credit = Credit(
        activity_id=WHAT_IF_ID,
        completed_on=as_of,
        credit_type=data["credit_type"],
        credits=data["credits"],
        topics=frozenset({data["topic"]} if data["topic"] else ()),
        title="Hypothetical credits (not saved)",
    )
    return form, [credit]


@login_required
def license_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One license's requirements, the activities that counted and why others did not.

    Without a "what if" question the page body is cached under the record version (as the
    dashboard's cards are): a repeat visit reads the version and the body, not the license,
    and the rules are evaluated only when that cache misses.
    """
    as_of = _as_of(request)
    what_if_form, extra = _what_if(request, as_of)
    version = compliance_selectors.record_version(user=request.user, as_of=as_of)
    if not what_if_form.is_bound and not request.htmx:
        page = pages.license_page_cached(version=version, pk=pk)
        if page is None:
            license = selectors.license_get(user=request.user, pk=pk)
            page = pages.license_page_render(
                user=request.user, license=license, version=version, as_of=as_of
            )
        return render(request, "reporting/licenses/license_detail.html", {"page": page})
    license = selectors.license_get(user=request.user, pk=pk)
    item = SimpleLazyObject(
        lambda: selectors.license_compliance(
            user=request.user,
            pk=pk,
            as_of=as_of,
            extra_credits=extra,
            rules_revision=version.rules_revision,
            license=license,  # read once per request
        )
    )
    template = (
        "reporting/licenses/_license_requirements.html"
        if request.htmx
        else "reporting/licenses/license_detail.html"
    )
    return render(
        request,
        template,
        {
            "license": license,
            "item": item,
            "as_of": as_of,
            "what_if_form": what_if_form,
            "what_if": extra[0] if extra else None,
            "what_if_query": _what_if_query(what_if_form) if extra else "",
            "lists_on_demand": True,
            "degree_warning": pages.degree_warning(license),
        },
    )


def _what_if_query(form: WhatIfForm) -> str:
    """The hypothetical credits as a query string, so that a requirement's lists opened from
    a "what if" page count them too."""
    return urlencode({name: form.data.get(name, "") for name in form.fields})


@login_required
@require_safe
def requirement_credits(request: AuthenticatedHttpRequest, pk: int, code: str) -> HttpResponse:
    """A requirement's credits counted and not counted, each with the reason: fetched when the
    person opens the requirement on the license page (or followed as a link without scripts).

    Not cached: judged with every topic credit of the career, which only this list needs.
    """
    as_of = _as_of(request)
    license = selectors.license_get(user=request.user, pk=pk)
    _, extra = _what_if(request, as_of)
    version = compliance_selectors.record_version(user=request.user, as_of=as_of)
    item, line = selectors.requirement_credits(
        user=request.user,
        pk=pk,
        code=code,
        as_of=as_of,
        extra_credits=extra,
        rules_revision=version.rules_revision,
        license=license,
    )
    template = (
        "reporting/licenses/_requirement_credits.html"
        if request.htmx
        else "reporting/licenses/requirement_credits.html"
    )
    return render(
        request,
        template,
        {
            "license": license,
            "item": item,
            "line": line,
            "as_of": as_of,
            "what_if": extra[0] if extra else None,
        },
    )


def _license_form(request: AuthenticatedHttpRequest, instance: License | None) -> LicenseForm:
    """The form with the questions the chosen board's rules ask: those about this state on
    the form, those about the person shown with their profile answers."""
    boards = list(rules_selectors.board_list())
    data = request.POST if request.method == "POST" else None
    chosen = (data or request.GET).get("board") or (instance.board_id if instance else None)
    board = next((b for b in boards if str(b.pk) == str(chosen)), None)
    asked = rules_selectors.conditions_asked(
        rules_selectors.board_rule_set(board=board, on=timezone.localdate()) if board else None
    )
    on_license = conditions.asked_on(conditions.LICENSE)
    practice_facts = selectors.practice_facts_for(
        user=request.user,
        codes=[code for code in asked if code not in on_license],
        license=instance,
        board=board,
    )
    initial = request.GET.dict() if data is None and "board" in request.GET else None
    proposal = _expiry_proposal(request, board, data or request.GET, instance)
    if instance is None and initial is not None:
        # A new license: the board's date is filled in, to check against the license itself.
        # A date the physician typed stays; one we proposed for another board follows this one
        # (or goes, if this board's rule needs more to give a date).
        typed = request.GET.get("expires_on", "")
        if typed in {"", request.GET.get("expiry_proposed", "")}:
            initial["expires_on"] = proposal.on.isoformat() if proposal and proposal.on else ""
    return LicenseForm(
        data,
        instance=instance,
        initial=initial,
        boards=boards,
        asked=[code for code in asked if code in on_license],
        practice_facts=practice_facts,
        expiry_proposal=proposal,
    )


def _expiry_proposal(
    request: AuthenticatedHttpRequest, board: Board | None, values: Any, instance: License | None
) -> ExpiryProposal | None:
    """The expiry the chosen board's rule gives from the profile's birth date and the first
    licensure typed so far (or saved)."""
    if board is None:
        return None
    try:
        issued_on = date_or_none(datetime.date.fromisoformat(values.get("issued_on") or ""))
    except ValueError:
        issued_on = None  # not a date yet: the form says so when it is saved
    if issued_on is None and instance is not None:
        issued_on = instance.issued_on
    profile = getattr(request.user, "profile", None)
    return rules_selectors.expiry_proposal(
        board=board,
        birth_date=profile.birth_date if profile else None,
        issued_on=issued_on,
        on_or_after=timezone.localdate(),
    )


@login_required
@require_http_methods(["GET", "POST"])
def license_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _license_form(request, None)
    if request.method == "POST" and form.is_valid():
        try:
            license = services.license_create(owner=request.user, **_license_fields(form))
        except ValidationError as error:
            form.add_error(None, error)  # the service's checks, shown on their fields
        else:
            messages.success(request, f"Added your {license.board.code} license.")
            return redirect("reporting:license_detail", pk=license.pk)
    return render(request, "reporting/licenses/license_form.html", {"form": form, "license": None})


@login_required
@require_http_methods(["GET", "POST"])
def license_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    license = selectors.license_get(user=request.user, pk=pk)
    form = _license_form(request, license)
    if request.method == "POST" and form.is_valid():
        try:
            services.license_update(license=license, **_license_fields(form))
        except ValidationError as error:
            form.add_error(None, error)  # the service's checks, shown on their fields
        else:
            messages.success(request, "The license was saved.")
            return redirect("reporting:license_detail", pk=license.pk)
    return render(
        request, "reporting/licenses/license_form.html", {"form": form, "license": license}
    )


def _license_fields(form: LicenseForm) -> dict[str, Any]:
    fields = {
        name: form.cleaned_data[name]
        for name in services.LICENSE_FIELDS
        if name in form.cleaned_data
    }
    return {**fields, "condition_answers": form.instance.condition_answers}


@login_required
@require_http_methods(["GET", "POST"])
def license_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    license = selectors.license_get(user=request.user, pk=pk)
    if request.method == "POST":
        services.license_delete(owner=request.user, pk=license.pk)
        messages.success(request, f"Deleted the {license.board.code} license.")
        return redirect("reporting:dashboard")
    return render(request, "reporting/licenses/license_confirm_delete.html", {"license": license})


# --- Attestations: a requirement attested instead of logged -------------------------------------
def _attested_requirement(request: AuthenticatedHttpRequest, pk: int, code: str):  # type: ignore[no-untyped-def]
    license = selectors.license_get(user=request.user, pk=pk)
    requirement = rules_selectors.license_requirement(license=license, code=code)
    if requirement is None:
        raise Http404("No such requirement.")
    return license, requirement


@login_required
@require_http_methods(["GET", "POST"])
def attestation_edit(request: AuthenticatedHttpRequest, pk: int, code: str) -> HttpResponse:
    license, requirement = _attested_requirement(request, pk, code)
    current = selectors.attestation_find(user=request.user, license=license, requirement_code=code)
    initial = (
        {"kind": current.kind, "completed_on": current.completed_on, "reason": current.reason}
        if current
        else {}
    )
    form = AttestationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.attestation_save(
                user=request.user, license=license, requirement_code=code, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            name = rules_selectors.requirement_name(requirement)
            messages.success(request, f"Saved your attestation for {name}.")
            return redirect("reporting:license_detail", pk=license.pk)
    return render(
        request,
        "reporting/licenses/attestation_form.html",
        {
            "license": license,
            "requirement": requirement,
            "name": rules_selectors.requirement_name(requirement),
            "form": form,
            "current": current,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def attestation_delete(request: AuthenticatedHttpRequest, pk: int, code: str) -> HttpResponse:
    license, requirement = _attested_requirement(request, pk, code)
    current = selectors.attestation_find(user=request.user, license=license, requirement_code=code)
    if current is None:
        raise Http404("No such attestation.")
    name = rules_selectors.requirement_name(requirement)
    if request.method == "POST":
        services.attestation_delete(user=request.user, license=license, requirement_code=code)
        messages.success(request, f"Removed your attestation for {name}.")
        return redirect("reporting:license_detail", pk=license.pk)
    return render(
        request,
        "reporting/licenses/attestation_confirm_delete.html",
        {"license": license, "name": name, "current": current},
    )


@login_required
@require_http_methods(["GET", "POST"])
def practice(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The profile's "Your practice" questions (also drawn on the profile page itself)."""
    form = practice_form(request.user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_practice_update(user=request.user, answers=form.answers())
        except ValidationError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, "Your answers about your practice were saved.")
            return redirect(reverse("accounts:profile") + "#practice")
    status = 400 if request.method == "POST" else 200
    return render(request, "reporting/licenses/practice.html", {"form": form}, status=status)
