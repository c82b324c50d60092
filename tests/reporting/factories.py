"""Boards, rule sets, requirements and licenses with minimal, valid defaults."""

import datetime
from decimal import Decimal

import factory

from reporting.models import Board, License, Requirement, RuleSet
from tests.accounts.factories import UserFactory


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


class LicenseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = License

    owner = factory.SubFactory(UserFactory)
    board = factory.SubFactory(BoardFactory)
    number = factory.Sequence(lambda n: f"L{n:06d}")
    issued_on = datetime.date(2010, 7, 1)
    expires_on = datetime.date(2026, 12, 31)


def answers(*true: str) -> dict[str, bool]:
    """A license's answers with every question answered: `true` Yes, everything else No."""
    from reporting.conditions import answerable

    return {code: code in true for code in answerable()}
