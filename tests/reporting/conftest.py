import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest

from activities.models import Activity, CreditType, Topic
from reporting.rule_book import read_rule_book
from reporting.rules.services import state_rules_load

DOCUMENT = read_rule_book()


def reference_subset(*states: str) -> dict:
    """The reference document cut down to some states' boards (the DEA record is always kept)."""
    return {**DOCUMENT, "boards": [b for b in DOCUMENT["boards"] if b["state_code"] in states]}


@pytest.fixture
def load_rules(db) -> Callable[..., None]:  # type: ignore[no-untyped-def]
    def load(*states: str) -> None:
        state_rules_load(document=reference_subset(*states))

    return load


@pytest.fixture
def log_activity(db) -> Callable[..., Activity]:  # type: ignore[no-untyped-def]
    """Log an activity directly (the activities app's own tests cover its forms)."""

    def log(
        owner,  # type: ignore[no-untyped-def]
        *,
        credits: str = "1.00",
        credit_type: str = "ama-pra-1",
        completed_on: datetime.date,
        topics: tuple[str, ...] = (),
        title: str = "Grand rounds",
    ) -> Activity:
        activity = Activity.objects.create(
            owner=owner,
            title=title,
            provider="Accredited Provider",
            completed_on=completed_on,
            started_on=completed_on,
            credit_type=CreditType.objects.get(slug=credit_type),
            credits=Decimal(credits),
        )
        activity.topics.set(Topic.objects.filter(slug__in=topics))
        return activity

    return log
