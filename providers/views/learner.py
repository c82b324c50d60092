"""The learner's side: a claim code, the claim page, the evaluation, the certificate.

A claim page is reached by its code (typed, or scanned from the room's QR). Codes that fail
count against the learner's account and address, so a code cannot be guessed in a loop.
Everyone sees only their own claims; a certificate's code is checked on /verify/cme/<code>.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from accounts.selectors import profile_get
from cmetrack.lib.downloads import stored_file_response
from cmetrack.lib.typing import AuthenticatedHttpRequest

from .. import selectors, services
from ..attempts import claim_code_failed, claim_code_refusal
from ..forms import ClaimForm, CodeEntryForm, EvaluationForm, add_service_errors
from ..issuing import certificate_filename
from ..models import ClaimCode

PAGE_SIZE = 25


def _refused(request: HttpRequest, message: str, retry_after: int) -> HttpResponse:
    response = render(
        request,
        "providers/claim_enter.html",
        {"form": CodeEntryForm(), "refusal": message},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


def _usable_code(request: HttpRequest, raw: str) -> ClaimCode | ValidationError:
    """The code if claims may be made with it now; a failure counts as an attempt."""
    try:
        return services.claim_code_check(code=selectors.claim_code_find(code=raw))
    except ValidationError as exc:
        claim_code_failed(request)
        return exc


@require_http_methods(["GET", "POST"])
def claim_enter(request: HttpRequest) -> HttpResponse:
    """Type the code from the room's screen or your badge."""
    form = CodeEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        refusal = claim_code_refusal(request)
        if refusal:
            return _refused(request, refusal.message, refusal.retry_after)
        found = _usable_code(request, form.cleaned_data["code"])
        if isinstance(found, ClaimCode):
            return redirect("claims:claim_by_code", code=found.code)
        add_service_errors(form, found)
    return render(
        request, "providers/claim_enter.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def claim(request: HttpRequest, code: str) -> HttpResponse:
    """The claim page of one code: what the activity offers, and the claim form."""
    refusal = claim_code_refusal(request)
    if refusal:
        return _refused(request, refusal.message, refusal.retry_after)
    found = _usable_code(request, code)
    if not isinstance(found, ClaimCode):
        return render(
            request,
            "providers/claim_enter.html",
            {"form": CodeEntryForm(initial={"code": code}), "code_error": " ".join(found.messages)},
            status=404,
        )
    offering = found.offering
    user = request.user if request.user.is_authenticated else None
    degree = profile_get(user=user).degree if user is not None else None
    anonymous = user is None
    # Without an account the degree is typed in the same form: every kind is offered, and
    # the service refuses Category 1 to a degree that may not claim it.
    options = services.claim_options(offering=offering, degree=degree)
    maximum = services.claim_maximum(code=found)
    form = ClaimForm(request.POST or None, options=options, maximum=maximum, anonymous=anonymous)
    questions = list(offering.evaluation_questions.all())
    evaluation = EvaluationForm(request.POST or None, questions=questions) if anonymous else None
    if (
        request.method == "POST"
        and form.is_valid()
        and (evaluation is None or evaluation.is_valid())
    ):
        data = form.cleaned_data
        extra: dict[str, Any] = {}
        if evaluation is not None:  # no account: the evaluation is part of this form
            extra = {
                "email": data["email"],
                "first_name": data["first_name"],
                "last_name": data["last_name"],
                "degree": data["degree"],
                "answers": evaluation.answers(),
            }
        try:
            made = services.claim_make(
                code=found,
                learner=user,
                claim_as=data["claim_as"],
                credits=data["credits"],
                attested=data["attested"],
                report_consent=data["report_consent"],
                **extra,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            if evaluation is not None and hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    if field in evaluation.fields:
                        evaluation.add_error(field, errors)
        else:
            if anonymous:
                return render(request, "providers/claim_sent.html", {"claim": made})
            messages.success(request, "Your claim was recorded.")
            return redirect("claims:detail", pk=made.pk)
    return render(
        request,
        "providers/claim.html",
        {
            "code": found,
            "offering": offering,
            "form": form,
            "evaluation": evaluation,
            "degree": degree,
            "attestation": services.ATTESTATION,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_claims(request: AuthenticatedHttpRequest) -> HttpResponse:
    claims = selectors.claim_list_for_learner(user=request.user)
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "providers/my_claims.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def my_claim(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A claim of mine: the evaluation to answer first, then the certificate."""
    claim = selectors.claim_get_for_learner(user=request.user, pk=pk)
    questions = list(claim.offering.evaluation_questions.all())
    answered = {answer.question_id: answer.answer for answer in claim.answers.all()}
    form = EvaluationForm(
        request.POST or None,
        questions=questions,
        initial={f"question_{pk}": answer for pk, answer in answered.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_submit(claim=claim, answers=form.answers())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Thank you: your evaluation was recorded.")
            return redirect("claims:detail", pk=claim.pk)
    return render(
        request,
        "providers/my_claim.html",
        {
            "claim": claim,
            "form": form,
            "questions": questions,
            "history": selectors.claim_history(claim=claim),
        },
        status=400 if form.errors else 200,
    )


@login_required
def my_certificate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    claim = selectors.claim_get_for_learner(user=request.user, pk=pk)
    if not claim.certificate_file:
        raise Http404("This claim has no certificate yet.")
    return stored_file_response(
        claim.certificate_file, filename=certificate_filename(claim), content_type="application/pdf"
    )


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: the facts of the certificate this code was printed on, or "not found"."""
    claim = selectors.claim_verify(code=code)
    if claim is None:
        return render(request, "providers/verify.html", {"claim": None, "code": code}, status=404)
    return render(request, "providers/verify.html", {"claim": claim, "code": code})
