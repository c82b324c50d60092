"""The public rule book in Chromium: readable without signing in, at a phone's width too."""

import pytest

from reporting.rules.services import state_rules_load
from tests.e2e.test_accessibility import axe_page, axe_violations, describe  # noqa: F401
from tests.reporting.conftest import reference_subset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def rule_book(db):  # type: ignore[no-untyped-def]
    state_rules_load(document=reference_subset("TX", "FL", "KY"))


@pytest.mark.parametrize("width", [375, 1280])
def test_a_visitor_finds_a_boards_rules_and_their_sources(axe_page, rule_book, width) -> None:  # noqa: F811
    axe_page.set_viewport_size({"width": width, "height": 900})
    axe_page.goto("/rules/")
    axe_page.get_by_role("link", name="(TX-MD)").click()
    axe_page.get_by_role("heading", name="The rules").wait_for()
    assert "medical ethics" in axe_page.content()
    assert axe_page.locator(".sources a").count() > 0
    no_sideways = axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert no_sideways, "the page scrolls sideways"
    violations = axe_violations(axe_page)
    assert violations == [], describe(violations)
    axe_page.goto("/rules/")
    violations = axe_violations(axe_page)
    assert violations == [], describe(violations)
