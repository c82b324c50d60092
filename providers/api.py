"""`/api/v1/providers/…` for a provider's staff and `/api/v1/claims` for learners.

The same selectors and services as the pages: a provider's staff reach only their own
provider's activities and claims, a learner only their own claims, everyone else a 404; a
claim is checked by the claim page's own service, with its messages, and a code guessed in a
loop is refused here as it is there.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from activities import selectors as vocabulary
from cmetrack.lib.pagination import api_page
from cmetrack.lib.typing import AuthenticatedHttpRequest
from organizations.access import MFA_MESSAGE, MfaSetupRequired, membership_required
from organizations.models import Organization

from . import selectors, services
from .attempts import claim_code_failed, claim_code_refusal
from .models import Offering, Provider
from .schemas import (
    ClaimCodeIn,
    ClaimCodeOut,
    ClaimIn,
    ClaimOut,
    EvaluationIn,
    EvaluationOut,
    MyClaimOut,
    OfferingIn,
    OfferingOut,
    ProviderOut,
    claim_out,
    evaluation_out,
    my_claim_out,
    offering_out,
    provider_out,
)

router = Router(tags=["providers"])


class PageQuery(Schema):
    page: int = 1
    page_size: int = 25


class ProviderPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ProviderOut]


class OfferingPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[OfferingOut]


class ClaimPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ClaimOut]


class MyClaimPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[MyClaimOut]


def _provider(
    request: AuthenticatedHttpRequest,
    slug: str,
    roles: frozenset[str] = selectors.ALL_ROLES,
) -> Provider:
    """The provider named by `slug`, for its staff in `roles` (a 404 for anyone else), after
    the same membership check as its pages: a provider that asks its staff for two-factor
    authentication asks it of their scripts too (403 until they set it up)."""
    try:
        membership_required(request, slug, roles=roles, kind=Organization.Kind.PROVIDER)
    except MfaSetupRequired as needed:
        raise HttpError(403, MFA_MESSAGE.format(organization=needed.organization.name)) from None
    return selectors.provider_get(user=request.user, slug=slug, roles=roles)


def _offering(
    request: AuthenticatedHttpRequest,
    provider_slug: str,
    offering_id: int,
    roles: frozenset[str] = selectors.ALL_ROLES,
) -> Offering:
    """One of the provider's activities, for its staff; any other pair is a 404."""
    provider = _provider(request, provider_slug, roles)
    offering = selectors.offering_get(user=request.user, pk=offering_id, roles=roles)
    if offering.provider_id != provider.pk:
        raise Http404("No such activity.")
    return offering


def _offering_fields(data: dict[str, Any]) -> dict[str, Any]:
    """Codes from the client as the service's arguments, or a 400 naming each field."""
    errors: dict[str, list[str]] = {}
    topics = list(vocabulary.topic_list().filter(slug__in=data["topics"]))
    unknown = sorted(set(data["topics"]) - {topic.slug for topic in topics})
    if unknown:
        errors["topics"] = [f"Unknown topic “{slug}”." for slug in unknown]
    types = {t.slug: t for t in vocabulary.credit_type_list()}
    designations = {}
    for row in data["designations"]:
        credit_type = types.get(row["credit_type"])
        if credit_type is None:
            errors.setdefault("designations", []).append(
                f"Unknown credit type “{row['credit_type']}”; use one of {', '.join(types)}."
            )
        elif credit_type in designations:
            errors.setdefault("designations", []).append(
                f"{credit_type.name} is designated twice; give it once."
            )
        else:
            designations[credit_type] = row["max_credits"]
    if errors:
        raise ValidationError(errors)
    fields = {k: v for k, v in data.items() if k not in ("topics", "designations")}
    return {**fields, "topics": topics, "designations": designations}


@router.get("providers", response=ProviderPage)
def provider_list(request: AuthenticatedHttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """The providers whose staff you are; the slug names each in the paths below."""
    providers = selectors.provider_list(user=request.user).order_by("organization__name", "pk")
    return api_page(
        request, providers, page=query.page, page_size=query.page_size, out=provider_out
    )


@router.get("providers/{provider_slug}/activities", response=OfferingPage)
def offering_list(
    request: AuthenticatedHttpRequest, provider_slug: str, query: Query[PageQuery]
) -> dict[str, Any]:
    """The provider's activities, the latest first (its staff only)."""
    provider = _provider(request, provider_slug)
    offerings = selectors.offering_list(provider=provider).prefetch_related(
        "topics", "designations__credit_type", "sessions"
    )
    return api_page(
        request, offerings, page=query.page, page_size=query.page_size, out=offering_out
    )


@router.post("providers/{provider_slug}/activities", response={201: OfferingOut})
def offering_create(
    request: AuthenticatedHttpRequest, provider_slug: str, payload: OfferingIn
) -> Status[OfferingOut]:
    """Offer an activity for credit: dates, place, topics and the credit designated per type
    (the same rules and messages as the activity form). Owners and staff only, not viewers."""
    provider = _provider(request, provider_slug, selectors.EDITING_ROLES)
    offering = services.offering_save(
        offering=Offering(provider=provider), **_offering_fields(payload.dict())
    )
    return Status(201, offering_out(selectors.offering_get(user=request.user, pk=offering.pk)))


@router.post(
    "providers/{provider_slug}/activities/{offering_id}/codes", response={201: ClaimCodeOut}
)
def claim_code_issue(
    request: AuthenticatedHttpRequest, provider_slug: str, offering_id: int, payload: ClaimCodeIn
) -> Status[ClaimCodeOut]:
    """Issue a claim code for the activity (or one session): shared by the room, or for one
    attendee; claims with it count between `opens_at` and `closes_at`."""
    offering = _offering(request, provider_slug, offering_id, selectors.EDITING_ROLES)
    fields = payload.dict()
    session = None
    if fields["session"] is not None:
        session = offering.sessions.filter(pk=fields["session"]).first()
        if session is None:
            raise ValidationError({"session": ["Choose one of this activity's sessions."]})
    code = services.claim_code_issue(offering=offering, **{**fields, "session": session})
    return Status(
        201,
        ClaimCodeOut(
            id=code.pk,
            code=services.display_code(code.code),
            kind=code.kind,
            session=code.session_id,
            opens_at=code.opens_at,
            closes_at=code.closes_at,
            attendee_name=code.attendee_name,
            attendee_email=code.attendee_email,
        ),
    )


@router.get("providers/{provider_slug}/activities/{offering_id}/claims", response=ClaimPage)
def offering_claims(
    request: AuthenticatedHttpRequest,
    provider_slug: str,
    offering_id: int,
    query: Query[PageQuery],
) -> dict[str, Any]:
    """Every claim of the activity, withdrawn ones included (`withdrawn`), by learner name."""
    offering = _offering(request, provider_slug, offering_id)
    claims = selectors.claim_list_for_offering(offering=offering).select_related(
        "offering__provider__organization"
    )
    return api_page(request, claims, page=query.page, page_size=query.page_size, out=claim_out)


@router.get("claims", response=MyClaimPage)
def my_claims(request: AuthenticatedHttpRequest, query: Query[PageQuery]) -> dict[str, Any]:
    """Your own claims of providers' activities, the latest first."""
    claims = selectors.claim_list_for_learner(user=request.user).order_by("-created_at", "-pk")
    return api_page(request, claims, page=query.page, page_size=query.page_size, out=my_claim_out)


@router.post("claims", response={201: MyClaimOut})
def claim_make(
    request: AuthenticatedHttpRequest, payload: ClaimIn
) -> Status[MyClaimOut] | JsonResponse:
    """Claim credit with a code, as the claim page does: the same checks and messages (an
    unknown or closed code, credits off the 0.25 grid or above the maximum, a second claim,
    Category 1 for a clinician who is not an MD or DO); nothing is stored when one fails.
    Codes tried in a loop are refused for a while: 429 with `Retry-After`."""
    refusal = claim_code_refusal(request)
    if refusal is not None:
        # docs/api.md's error shape, with the claim page's words and when to come back.
        response = JsonResponse({"detail": refusal.message}, status=429)
        response["Retry-After"] = str(refusal.retry_after)
        return response
    try:
        code = services.claim_code_check(code=selectors.claim_code_find(code=payload.code))
    except ValidationError:
        claim_code_failed(request)  # only codes that fail count toward the limit
        raise
    claim = services.claim_make(
        code=code,
        learner=request.user,
        claim_as=payload.claim_as,
        credits=payload.credits,
        attested=payload.attested,
        report_consent=payload.report_consent,
    )
    return Status(
        201, my_claim_out(selectors.claim_get_for_learner(user=request.user, pk=claim.pk))
    )


@router.get("claims/{claim_id}/evaluation", response=EvaluationOut)
def my_evaluation(request: AuthenticatedHttpRequest, claim_id: int) -> EvaluationOut:
    """The evaluation the provider asks of your claim before its certificate: each question
    with its kind, the choices in words where it has them, whether it is required, and your
    answer (null until given). `answered` is true once the certificate was earned. Your own
    claims only: anyone else's is a 404."""
    return evaluation_out(selectors.claim_get_for_learner(user=request.user, pk=claim_id))


@router.post("claims/{claim_id}/evaluation", response=MyClaimOut)
def my_evaluation_answer(
    request: AuthenticatedHttpRequest, claim_id: int, payload: EvaluationIn
) -> MyClaimOut:
    """Answer the evaluation, as the claim's page does and with its messages, each under
    `errors.question_{id}` (a required question left out, a rating not from 1 to 5, neither
    yes nor no, a written answer over 2,000 characters) or `errors.answers` (an id that is no
    question of this evaluation); nothing is stored when one fails. The first complete answer
    earns the certificate: the claim is `evaluated`, and `activity` is the provider-verified
    activity it puts into your record (null for a few moments while the certificate is made,
    and for a withdrawn claim). Answers may be changed later; the certificate stays."""
    claim = selectors.claim_get_for_learner(user=request.user, pk=claim_id)
    # JSON numbers are accepted for ratings; the service reads every answer as the page's text.
    answers = {key: str(value) for key, value in payload.answers.items()}
    services.evaluation_submit(claim=claim, answers=answers)
    return my_claim_out(selectors.claim_get_for_learner(user=request.user, pk=claim.pk))
