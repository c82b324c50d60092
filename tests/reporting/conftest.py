from collections.abc import Callable

import pytest

from activities.models import Activity
from reporting.rule_book import read_rule_book
from reporting.rules.services import state_rules_load
from tests import factories

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
    return factories.log_activity
