"""Activities and licenses (with their boards and rules) for tests, built one way.

factory_boy factories with minimal, valid defaults, and the shorthands tests read better with:
`log_activity(owner, credits=..., completed_on=...)` names its credit type and topics by slug;
`texas_license(owner)` is the TX-MD license most reporting tests judge.
"""

import datetime
import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory

from activities.models import Activity, CreditType, Format, Topic
from organizations.models import Consent, Membership, Organization, Role
from reporting.models import Board, License, Requirement, RuleSet
from tests.accounts.factories import UserFactory


def credit_type(slug: str) -> CreditType:
    return CreditType.objects.get(slug=slug)


def topic(slug: str) -> Topic:
    return Topic.objects.get(slug=slug)


# --- Activities -------------------------------------------------------------------------------
class ActivityFactory(factory.django.DjangoModelFactory):
    """A valid AMA PRA Category 1 activity completed ten days before 2026-01-20."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Grand Rounds {n}")
    provider = "Riverside General Hospital"
    started_on = factory.SelfAttribute("completed_on")
    completed_on = datetime.date(2026, 1, 10)
    credit_type = factory.LazyFunction(lambda: credit_type("ama-pra-1"))
    credits = Decimal("1.00")
    format = Format.LIVE

    @factory.post_generation
    def topics(self, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create and extracted:
            self.topics.set(extracted)


def log_activity(
    owner,  # type: ignore[no-untyped-def]
    *,
    completed_on: datetime.date,
    credits: str = "1.00",
    credit_type: str = "ama-pra-1",
    topics: tuple[str, ...] = (),
    title: str = "Grand rounds",
    provider: str = "Accredited Provider",
    **fields,
) -> Activity:
    """One activity of the owner's, its credit type and topics named by slug."""
    return ActivityFactory(  # type: ignore[no-any-return]
        owner=owner,
        title=title,
        provider=provider,
        completed_on=completed_on,
        credit_type=CreditType.objects.get(slug=credit_type),
        credits=Decimal(credits),
        topics=list(Topic.objects.filter(slug__in=topics)),
        **fields,
    )


# --- Boards, rule sets, requirements ----------------------------------------------------------
class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"Z{n}-MD")
    state = "ZZ"
    degree = "MD"
    name = factory.LazyAttribute(lambda board: f"{board.code} Board of Medicine")


class RuleSetFactory(factory.django.DjangoModelFactory):
    """An open-ended two-year rule set from 2020 with no requirements of its own."""

    class Meta:
        model = RuleSet

    board = factory.SubFactory(BoardFactory)
    effective_from = datetime.date(2020, 1, 1)
    effective_to = None
    cycle_years = 2
    confidence = "high"
    verified_on = datetime.date(2025, 1, 15)


class RequirementFactory(factory.django.DjangoModelFactory):
    """A total of 40 credits of any type every cycle."""

    class Meta:
        model = Requirement

    rule_set = factory.SubFactory(RuleSetFactory)
    code = factory.Sequence(lambda n: f"zz-md.requirement-{n}")
    position = factory.Sequence(lambda n: n)
    kind = "total"
    credits = Decimal("40")


# --- Licenses ---------------------------------------------------------------------------------
class LicenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = License

    owner = factory.SubFactory(UserFactory)
    board = factory.SubFactory(BoardFactory)
    number = factory.Sequence(lambda n: f"L{n:06d}")
    issued_on = datetime.date(2010, 7, 1)
    expires_on = datetime.date(2026, 12, 31)


def texas_license(owner, **fields) -> License:  # type: ignore[no-untyped-def]
    """The owner's TX-MD license, expiring 31 Aug 2027, under the rule book's Texas rules.

    The rules must be loaded first (the `load_rules` fixture, or `state_rules_load`).
    """
    fields.setdefault("number", "Q12345678")
    fields.setdefault("issued_on", datetime.date(2012, 1, 1))
    fields.setdefault("expires_on", datetime.date(2027, 8, 31))
    return LicenseFactory(owner=owner, board=Board.objects.get(code="TX-MD"), **fields)  # type: ignore[no-any-return]


def answers(*true: str) -> dict[str, bool]:
    """A license's answers with every question answered: `true` Yes, everything else No."""
    from reporting.conditions import answerable

    return {code: code in true for code in answerable()}


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Memorial Hospital {n} medical staff office")
    slug = factory.Sequence(lambda n: f"memorial-{n}")
    kind = Organization.Kind.CREDENTIALING


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.STAFF


def consent_grant(physician, organization, *licenses, scope=Consent.Scope.STATUS, **fields):  # type: ignore[no-untyped-def]
    """A live consent from `physician` to `organization` for `licenses` (all when none given).

    Test data only: the product grants through organizations' services, which also record
    the event; this builds the row a test needs to start from.
    """
    consent = Consent.objects.create(
        physician=physician,
        organization=organization,
        scope=scope,
        all_licenses=not licenses,
        **fields,
    )
    consent.licenses.set(licenses)
    return consent


# --- CME providers ------------------------------------------------------------------------------
def cme_provider(name: str = "Lone Star Medical Society", slug: str = "lone-star", **fields):  # type: ignore[no-untyped-def]
    """An ACCME-accredited provider (its organization of kind provider included)."""
    from providers.models import Provider

    organization = OrganizationFactory(name=name, slug=slug, kind=Organization.Kind.PROVIDER)
    fields.setdefault("accme_id", "0012345")
    return Provider.objects.create(organization=organization, **fields)


def cme_offering(provider, *, credits: str = "3.50", topics=("medical-ethics",), **fields):  # type: ignore[no-untyped-def]
    """A live activity in Austin designated for `credits` AMA PRA Category 1 credits."""
    from providers.models import Designation, Offering

    fields.setdefault("title", "Ethics at the bedside")
    fields.setdefault("starts_on", datetime.date(2026, 1, 10))
    fields.setdefault("ends_on", fields["starts_on"])
    fields.setdefault("city", "Austin")
    fields.setdefault("state", "TX")
    offering = Offering.objects.create(provider=provider, **fields)
    offering.topics.set(Topic.objects.filter(slug__in=topics))
    Designation.objects.create(
        offering=offering, credit_type=credit_type("ama-pra-1"), max_credits=Decimal(credits)
    )
    return offering


def cme_code(offering, *, session=None, days_open: int = 30, **fields):  # type: ignore[no-untyped-def]
    """A shared claim code, open from a day ago for `days_open` days."""
    from django.utils import timezone

    from providers.services import claim_code_issue

    now = timezone.now()
    return claim_code_issue(
        offering=offering,
        session=session,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=days_open),
        **fields,
    )


def cme_claim(  # type: ignore[no-untyped-def]
    code, learner, *, verification_code: str, first_name: str = "Alice", last_name: str = "Ng"
):
    """`learner`'s attested claim of 1.00 credit of `code`'s activity (and session), of the
    credit type it is designated for."""
    from providers.models import Claim

    offering = code.offering
    return Claim.objects.create(
        offering=offering,
        session=code.session,
        code=code,
        learner=learner,
        email=learner.email,
        first_name=first_name,
        last_name=last_name,
        degree="MD",
        credit_type=offering.designations.get().credit_type,
        credits="1.00",
        attested=True,
        completed_on=offering.starts_on,
        verification_code=verification_code,
    )


@dataclass(frozen=True)
class ProviderEstate:
    """A CME provider `member` works for, one of its activities with a session, a claim code
    and an evaluation question, and `member`'s own claim of it: one of everything a provider
    or claim route can name (the API's contract, isolation and the access matrix attack it)."""

    provider: Any
    offering: Any
    session: Any
    code: Any
    question: Any
    claim: Any


def provider_estate(  # type: ignore[no-untyped-def]
    member,
    *,
    role: str = Role.OWNER,
    name: str = "Gulf Coast Medical Society",
    slug: str = "gulf-coast",
    title: str = "Ethics at the bedside",
    verification_code: str = "ESTATECLAIM1",
) -> ProviderEstate:
    from providers.models import EvaluationQuestion, Session

    provider = cme_provider(name=name, slug=slug)
    MembershipFactory(organization=provider.organization, user=member, role=role)
    offering = cme_offering(provider, title=title)
    session = Session.objects.create(offering=offering, title="Morning", held_on=offering.starts_on)
    question = EvaluationQuestion.objects.create(offering=offering, text="Useful?")
    code = cme_code(offering, session=session)
    claim = cme_claim(code, member, verification_code=verification_code)
    return ProviderEstate(provider, offering, session, code, question, claim)


# --- Activities on offer, for the pages that match them to what physicians still need ---------
_OFFERING_NUMBERS = itertools.count(1)


def offer(  # type: ignore[no-untyped-def]
    *,
    designations: dict[str, str],
    topics: tuple[str, ...] = (),
    claims_close: datetime.datetime = datetime.datetime(2027, 6, 30, tzinfo=datetime.UTC),
    provider=None,
    **fields,
):
    """An activity (live, in Houston on 14 Mar 2027 unless told otherwise) designated for
    `designations` (credit type slug -> maximum), on `topics`, with a shared claim code open
    for a year until `claims_close`; a provider of its own unless one is given."""
    from providers.models import ClaimCode, Designation, Offering

    n = next(_OFFERING_NUMBERS)
    if provider is None:
        provider = cme_provider(name=f"Gulf Coast CME {n}", slug=f"gulf-coast-{n}")
    fields.setdefault("title", f"Ethics in Practice {n}")
    fields.setdefault("starts_on", datetime.date(2027, 3, 14))
    fields.setdefault("ends_on", fields["starts_on"])
    fields.setdefault("city", "Houston")
    fields.setdefault("state", "TX")
    offering = Offering.objects.create(provider=provider, **fields)
    offering.topics.set(Topic.objects.filter(slug__in=topics))
    for slug, credits in designations.items():
        Designation.objects.create(
            offering=offering, credit_type=credit_type(slug), max_credits=Decimal(credits)
        )
    ClaimCode.objects.create(
        offering=offering,
        code=f"OFFER{n:04d}",
        opens_at=claims_close - datetime.timedelta(days=365),
        closes_at=claims_close,
    )
    return offering
