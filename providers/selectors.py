"""Reads of providers' activities and claims, always scoped to who is asking.

A provider's staff see their own provider's activities and claims; a learner sees their own
claims; everyone else gets a 404, as if the row did not exist.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.http import Http404

from accounts.models import User
from organizations.models import Membership, Organization, Role

from .models import (
    Claim,
    ClaimCode,
    Designation,
    EvaluationAnswer,
    EvaluationQuestion,
    Offering,
    Provider,
)

# Who may change a provider's activities and claims; viewers only read.
EDITING_ROLES = frozenset({Role.OWNER, Role.STAFF})
ALL_ROLES = frozenset(Role.values)


def _memberships(user: User, roles: frozenset[str]) -> QuerySet[Membership]:
    return Membership.objects.filter(
        user=user, role__in=roles, organization__kind=Organization.Kind.PROVIDER
    )


def provider_list(*, user: User) -> QuerySet[Provider]:
    """The providers whose staff this user is."""
    if not user.is_authenticated:
        return Provider.objects.none()
    organizations = _memberships(user, ALL_ROLES).values("organization")
    return Provider.objects.filter(organization__in=organizations).select_related("organization")


def provider_get(*, user: User, slug: str, roles: frozenset[str] = ALL_ROLES) -> Provider:
    """One of the user's providers by its organization's slug; anyone else's is a 404."""
    provider = (
        Provider.objects.filter(
            organization__slug=slug,
            organization__in=_memberships(user, roles).values("organization")
            if user.is_authenticated
            else [],
        )
        .select_related("organization")
        .first()
    )
    if provider is None:
        raise Http404("No such provider.")
    return provider


def provider_get_or_none(
    *, user: User, slug: str, roles: frozenset[str] = ALL_ROLES
) -> Provider | None:
    try:
        return provider_get(user=user, slug=slug, roles=roles)
    except Http404:
        return None


def offering_list(*, provider: Provider) -> QuerySet[Offering]:
    return provider.offerings.annotate(claim_count=Count("claims")).order_by("-starts_on", "-pk")


def offering_get(*, user: User, pk: int, roles: frozenset[str] = ALL_ROLES) -> Offering:
    """An activity of one of the user's providers; `roles` narrows it (EDITING_ROLES to write)."""
    if not user.is_authenticated:
        raise Http404("No such activity.")
    offering = (
        Offering.objects.filter(
            pk=pk,
            provider__organization__in=_memberships(user, roles).values("organization"),
        )
        .select_related("provider__organization")
        .prefetch_related(
            "topics",
            Prefetch("designations", queryset=Designation.objects.select_related("credit_type")),
            "sessions",
            "evaluation_questions",
        )
        .first()
    )
    if offering is None:
        raise Http404("No such activity.")
    return offering


def staff_can_edit(*, user: User, offering: Offering) -> bool:
    return (
        _memberships(user, EDITING_ROLES)
        .filter(organization_id=offering.provider.organization_id)
        .exists()
    )


def claim_code_list(*, offering: Offering) -> QuerySet[ClaimCode]:
    return offering.codes.select_related("session")


def claim_code_get(*, offering: Offering, pk: int) -> ClaimCode:
    code = offering.codes.select_related("session").filter(pk=pk).first()
    if code is None:
        raise Http404("No such code.")
    return code


def claim_code_find(*, code: str) -> ClaimCode | None:
    """The code a learner typed, as printed (case and spaces do not matter)."""
    cleaned = "".join(code.split()).upper().replace("-", "")
    if not cleaned:
        return None
    return (
        ClaimCode.objects.filter(code=cleaned)
        .select_related("offering__provider__organization", "session")
        .first()
    )


def claim_list_for_offering(*, offering: Offering) -> QuerySet[Claim]:
    return offering.claims.select_related("credit_type", "session", "learner").order_by(
        "last_name", "first_name", "pk"
    )


def claim_get_for_staff(*, offering: Offering, pk: int) -> Claim:
    claim = offering.claims.select_related("credit_type", "session").filter(pk=pk).first()
    if claim is None:
        raise Http404("No such claim.")
    return claim


@dataclass(frozen=True)
class ClaimTotal:
    label: str
    claims: int
    credits: Decimal


def claim_totals(*, offering: Offering) -> list[ClaimTotal]:
    """Claims and credits per credit type (participation certificates on their own line)."""
    rows = (
        offering.claims.filter(withdrawn_at__isnull=True)
        .values("credit_type__name", "participation")
        .annotate(claims=Count("pk"), credits=Sum("credits"))
        .order_by("participation", "credit_type__name")
    )
    return [
        ClaimTotal(
            label=(
                f"Certificates of participation ({row['credit_type__name']} activity)"
                if row["participation"]
                else str(row["credit_type__name"])
            ),
            claims=row["claims"],
            # SQLite sums decimals to "3"; the page says 3.00 as every credit elsewhere.
            credits=Decimal(row["credits"] or 0).quantize(Decimal("0.01")),
        )
        for row in rows
    ]


def claim_list_for_learner(*, user: User) -> QuerySet[Claim]:
    return Claim.objects.filter(learner=user).select_related(
        "offering__provider__organization", "credit_type", "session"
    )


def claim_get_for_learner(*, user: User, pk: int) -> Claim:
    """One of the learner's own claims; anyone else's is a 404 (staff use their own pages)."""
    if not user.is_authenticated:
        raise Http404("No such claim.")
    claim = claim_list_for_learner(user=user).filter(pk=pk).first()
    if claim is None:
        raise Http404("No such claim.")
    return claim


def claims_of_learner_for(*, offering: Offering, user: User | None, email: str) -> QuerySet[Claim]:
    """A learner's earlier claims of this activity (by account, or by e-mail without one)."""
    if user is not None:
        return offering.claims.filter(learner=user)
    return offering.claims.filter(learner__isnull=True, email__iexact=email)


def claim_verify(*, code: str) -> Claim | None:
    """The claim a certificate's verification code names, for the public /verify/ page."""
    cleaned = "".join(code.split()).upper()
    if not cleaned:
        return None
    return (
        Claim.objects.filter(verification_code=cleaned, withdrawn_at__isnull=True)
        .select_related("offering__provider__organization", "credit_type", "session")
        .first()
    )


@dataclass(frozen=True)
class QuestionSummary:
    question: EvaluationQuestion
    answered: int
    average: float | None  # ratings only
    counts: list[tuple[str, int]]  # yes/no and ratings: each answer and how many gave it
    comments: list[str]  # written answers, newest first


def evaluation_summary(*, offering: Offering, comments: int = 20) -> list[QuestionSummary]:
    """Per question: how many answered, the average rating or the yes/no split, some comments."""
    summaries = []
    for question in offering.evaluation_questions.all():
        answers = list(
            EvaluationAnswer.objects.filter(question=question)
            .exclude(answer="")
            .order_by("-pk")
            .values_list("answer", flat=True)
        )
        counts: dict[str, int] = {}
        for answer in answers:
            counts[answer] = counts.get(answer, 0) + 1
        average = None
        if question.kind == EvaluationQuestion.Kind.RATING and answers:
            ratings = [int(a) for a in answers if a.isdigit()]
            average = round(sum(ratings) / len(ratings), 2) if ratings else None
        summaries.append(
            QuestionSummary(
                question=question,
                answered=len(answers),
                average=average,
                counts=sorted(counts.items())
                if question.kind != EvaluationQuestion.Kind.TEXT
                else [],
                comments=answers[:comments]
                if question.kind == EvaluationQuestion.Kind.TEXT
                else [],
            )
        )
    return summaries


@dataclass(frozen=True)
class ClaimChange:
    at: datetime.datetime
    by: str
    what: str
    reason: str


CLAIM_FIELD_WORDS = {
    "credits": "credits",
    "completed_on": "completion date",
    "first_name": "first name",
    "last_name": "last name",
    "npi": "NPI",
    "license_state": "license state",
    "license_number": "license number",
    "report_consent": "consent to PARS reporting",
    "withdrawn_at": "withdrawn",
    "learner": "account",
    "evaluated_at": "evaluation",
    "activity": "record",
    "certificate_file": "certificate",
}


def claim_history(*, claim: Claim) -> list[ClaimChange]:
    """Every change to the claim, newest first, in words: who, when, what, why."""
    records = list(
        claim.history.select_related("history_user").order_by("history_date", "history_id")
    )
    changes = []
    previous = None
    for record in records:
        if previous is None:
            what = "Claimed"
        else:
            delta = record.diff_against(previous)
            words = [
                CLAIM_FIELD_WORDS[change.field]
                + (
                    f" {change.old} → {change.new}"
                    if change.field in ("credits", "completed_on")
                    else ""
                )
                for change in delta.changes
                if change.field in CLAIM_FIELD_WORDS
            ]
            what = "Changed " + ", ".join(words) if words else "Updated"
        user = record.history_user
        changes.append(
            ClaimChange(
                at=record.history_date,
                by=str(user.email) if user else "CME Track",
                what=what,
                reason=record.history_change_reason or "",
            )
        )
        previous = record
    return list(reversed(changes))
