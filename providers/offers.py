"""Gaps meet offers: what a physician's license still needs and the activities on this site that
give it, and which boards' mandates a provider's activity counts toward.

Whether an offered credit counts toward a requirement is the engine's own answer
(`providers.mandates`); this module reads the rows it needs, scoped to who is asking.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Max, Q, QuerySet, prefetch_related_objects

from accounts.models import Degree, User
from reporting.compliance.selectors import LicenseCompliance
from reporting.engine import Kind, RequirementResult, RequirementSpec, Status, explain
from reporting.licenses.selectors import license_compliance, license_get
from reporting.models import Board, License, Requirement, RuleSet
from reporting.rules import adapters
from reporting.rules.selectors import specs_in_process

from .designation import ama_credit_phrase
from .mandates import (
    BoardRules,
    Designation,
    MandateCounted,
    counts_toward,
    mandates_counted,
    sub_minimums_of,
)
from .models import Designation as DesignationRow
from .models import LearningFormat, Offering
from .records import AMA_CATEGORY_1, format_credits

# Offers shown under one requirement on the license page; the rest are counted, not listed.
OFFERS_SHOWN = 5
# However large the site grows, one license page reads at most this many candidate activities.
CANDIDATES_READ = 500


# --- The provider's side: which mandates an activity counts toward ---------------------------


def _rules_revision() -> tuple[int | None, ...]:
    """The rules' state, named as the record version names it (the latest history ids of
    boards, rule sets and requirements), so the engine's copies are shared with the pages."""
    return tuple(
        model.history.aggregate(last=Max("history_id"))["last"]  # type: ignore[attr-defined]
        for model in (Board, RuleSet, Requirement)
    )


def boards_in_force(*, on: datetime.date) -> list[BoardRules]:
    """Every board's rules in force on `on` that ask for CME.

    The engine's copy of each rule set is kept in this process for the rules' revision (as the
    license pages keep theirs): building it from the rows was most of the time of a page that
    weighs every board's rules.
    """
    specs = specs_in_process(_rules_revision())
    rule_sets = list(
        RuleSet.objects.filter(effective_from__lte=on, cme_required=True)
        .filter(Q(effective_to__isnull=True) | Q(effective_to__gte=on))
        .select_related("board")
        .order_by("board__code")
    )
    missing = [rule_set for rule_set in rule_sets if rule_set.pk not in specs]
    if missing:
        prefetch_related_objects(missing, "requirements", "board__sharing_boards")
        for rule_set in missing:
            specs[rule_set.pk] = adapters.rule_set_spec(rule_set)
    return [
        BoardRules(
            name=rule_set.board.name,
            state=rule_set.board.state,
            codes=specs[rule_set.pk].boards,
            rules=specs[rule_set.pk],
        )
        for rule_set in rule_sets
    ]


def designations_of(offering: Offering) -> list[Designation]:
    return [Designation(d.credit_type.slug, d.max_credits) for d in offering.designations.all()]


def offering_mandates(*, offering: Offering, today: datetime.date) -> list[MandateCounted]:
    """The boards' topic mandates a claim of this activity counts toward, in words.

    `offering` must already be one the asker may see (the provider's selectors decide that).
    """
    return mandates_counted(
        boards_in_force(on=today),
        designations=designations_of(offering),
        topics=[topic.slug for topic in offering.topics.all()],
        today=today,
    )


# --- The physician's side: open requirements and the activities that fill them ---------------


def credit_words(credit_type_slug: str, name: str, credits: Decimal) -> str:
    """ "3.5 AMA PRA Category 1 Credits™" (the AMA's own name and mark, its name in italics:
    the certificate's rule) or "1.0 AOA Category 1-A credits"."""
    if credit_type_slug == AMA_CATEGORY_1:
        return ama_credit_phrase(credits).html
    return f"{format_credits(credits)} {name} credit{'' if credits == 1 else 's'}"


@dataclass(frozen=True)
class Offer:
    """An activity on this site a physician could still claim, for one open requirement."""

    offering: Offering
    credits: tuple[str, ...]  # the designations that count there, in words
    available_now: bool  # started already (an enduring module): claimable today
    claims_close: datetime.datetime

    @property
    def provider(self) -> str:
        return self.offering.provider.organization.name


@dataclass(frozen=True)
class GapOffers:
    """One requirement still short of credit, and the activities on this site that give it."""

    requirement_id: str
    need: str  # "2 h of medical ethics or professional responsibility by 31 May 2027"
    subject: str  # "medical ethics or professional responsibility"
    offers: tuple[Offer, ...]  # soonest first

    @property
    def first(self) -> tuple[Offer, ...]:
        """The soonest few, for the license page."""
        return self.offers[:OFFERS_SHOWN]

    @property
    def more(self) -> int:
        """How many more there are than the license page lists."""
        return max(len(self.offers) - OFFERS_SHOWN, 0)


@dataclass(frozen=True)
class _Candidate:
    """An activity open to claim, with its topics and designations read once."""

    offering: Offering
    topics: frozenset[str]
    designations: tuple[DesignationRow, ...]


def open_requirements(item: LicenseCompliance) -> list[RequirementResult]:
    """The topic mandates this license is still short of: neither met, attested nor excused."""
    if item.report is None:
        return []
    return [
        result
        for result in item.report.results
        if result.kind is Kind.TOPIC
        and result.status in (Status.SHORT, Status.NOT_YET_DUE)
        and not result.attested
        and (result.remaining > 0 or result.required is None)
    ]


def _need(spec: RequirementSpec, result: RequirementResult) -> str:
    subject = explain.subject(spec)
    what = (
        f"A course on {subject}"
        if result.required is None
        else f"{explain.hours(result.remaining)} h of {subject}"
    )
    if result.due_on is None:
        return what
    if result.status is Status.SHORT:
        return f"{what}, due {explain.day(result.due_on)}"
    return f"{what} by {explain.day(result.due_on)}"


def _candidates(
    *, slugs: set[str], today: datetime.date, now: datetime.datetime
) -> QuerySet[Offering]:
    """Activities on these topics still open to claim: a claim code not yet closed, and, for a
    live activity, not over yet (nobody can attend last week's course)."""
    return (
        Offering.objects.filter(topics__slug__in=sorted(slugs), codes__closes_at__gt=now)
        .exclude(learning_format=LearningFormat.LIVE, ends_on__lt=today)
        .annotate(claims_close=Max("codes__closes_at", filter=Q(codes__closes_at__gt=now)))
        .select_related("provider__organization")
        .order_by("starts_on", "pk")
        .distinct()[:CANDIDATES_READ]
    )


def _with_facts(offerings: list[Offering]) -> list[_Candidate]:
    """Each activity with its topics and designations: two queries for all of them (a
    prefetch builds a queryset per activity, which was most of the page's time)."""
    ids = [offering.pk for offering in offerings]
    topics: dict[int, set[str]] = defaultdict(set)
    through = Offering.topics.through.objects.filter(offering_id__in=ids)
    for offering_id, slug in through.values_list("offering_id", "topic__slug"):
        topics[offering_id].add(slug)
    designations: dict[int, list[DesignationRow]] = defaultdict(list)
    rows = DesignationRow.objects.filter(offering_id__in=ids).select_related("credit_type")
    for row in rows.order_by("credit_type__position", "pk"):
        designations[row.offering_id].append(row)
    return [
        _Candidate(
            offering=offering,
            topics=frozenset(topics[offering.pk]),
            designations=tuple(designations[offering.pk]),
        )
        for offering in offerings
    ]


def _earned_on(offering: Offering, today: datetime.date) -> datetime.date:
    """The first day a claim of it could be dated: a live activity's last day, or today for
    an enduring one already running."""
    if offering.learning_format == LearningFormat.LIVE:
        return offering.ends_on
    return max(offering.starts_on, today)


def _offers_for(
    spec: RequirementSpec,
    result: RequirementResult,
    candidates: list[_Candidate],
    *,
    sub_minimums: tuple[RequirementSpec, ...],
    physician: bool,
    today: datetime.date,
) -> list[Offer]:
    """The candidates a claim of which counts toward `spec` in time, soonest first."""
    offers = []
    for candidate in candidates:
        offering = candidate.offering
        too_late = (
            result.status is Status.NOT_YET_DUE
            and result.due_on is not None
            and _earned_on(offering, today) > result.due_on
        )
        if too_late:
            continue  # it could not count by the due date
        counting = [
            row
            for row in candidate.designations
            if (physician or not row.credit_type.physicians_only)
            and counts_toward(
                spec,
                credit_type=row.credit_type.slug,
                topics=candidate.topics,
                sub_minimums=sub_minimums,
            )
        ]
        if counting:
            offers.append(
                Offer(
                    offering=offering,
                    credits=tuple(
                        credit_words(row.credit_type.slug, row.credit_type.name, row.max_credits)
                        for row in counting
                    ),
                    available_now=offering.starts_on <= today,
                    claims_close=offering.claims_close,  # type: ignore[attr-defined]
                )
            )
    offers.sort(
        key=lambda o: (max(o.offering.starts_on, today), o.offering.starts_on, o.offering.pk)
    )
    return offers


def license_offers(
    *,
    user: User,
    pk: int,
    today: datetime.date,
    now: datetime.datetime,
    requirement: str | None = None,
) -> tuple[License, list[GapOffers]]:
    """For each topic mandate `user`'s license `pk` is still short of (or only `requirement`),
    the activities on this site that carry its topic and a credit type it accepts, still open
    to claim, soonest first. Someone else's license is a 404."""
    license = license_get(user=user, pk=pk)
    item = license_compliance(user=user, pk=pk, as_of=today, license=license)
    results = [
        result
        for result in open_requirements(item)
        if requirement is None or result.requirement_id == requirement
    ]
    if not results or item.rule_set is None:
        return license, []
    rules = adapters.rule_set_spec(item.rule_set)
    specs = {spec.id: spec for spec in rules.requirements}
    children = sub_minimums_of(rules)
    slugs: set[str] = set()
    for result in results:
        spec = specs[result.requirement_id]
        slugs |= spec.topics
        for child in children.get(spec.id, ()):
            slugs |= child.topics
    candidates = _with_facts(list(_candidates(slugs=slugs, today=today, now=now)))
    profile = getattr(user, "profile", None)
    physician = profile is None or not profile.degree or profile.degree in Degree.physicians()
    gaps = []
    for result in results:
        spec = specs[result.requirement_id]
        offers = _offers_for(
            spec,
            result,
            candidates,
            sub_minimums=children.get(spec.id, ()),
            physician=physician,
            today=today,
        )
        gaps.append(
            GapOffers(
                requirement_id=spec.id,
                need=_need(spec, result),
                subject=explain.subject(spec),
                offers=tuple(offers),
            )
        )
    return license, gaps
