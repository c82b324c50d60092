"""The rule-set change page fits a laptop screen: no sideways scroll, labels read whole.

Staff open the Texas rules (loaded from the rule book) in Chromium at 1,280 px; at 375 px the
page may be long but the credit-type labels still never break letter by letter.
"""

import os
from pathlib import Path

import pytest

from reporting.models import RuleSet
from reporting.rules.services import state_rules_load
from tests.accounts.factories import UserFactory
from tests.reporting.conftest import reference_subset
from tests.security.mfa import enable_totp

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


def _widest_label_breaks(page) -> list[str]:  # type: ignore[no-untyped-def]
    """Credit-type labels whose text wraps onto more than one line."""
    return page.evaluate(
        """() => [...document.querySelectorAll("div[id$='credit_types'] label")]
             .filter(label => label.getClientRects().length > 1
                           || label.getBoundingClientRect().height > 2 * parseFloat(
                                getComputedStyle(label).lineHeight || "16"))
             .map(label => label.textContent.trim())"""
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_the_rule_set_change_page_has_no_sideways_scroll(
    browser, live_server, browser_sign_in, width
) -> None:
    state_rules_load(document=reference_subset("TX"))
    staff = UserFactory(email="rules@example.com", is_staff=True, is_superuser=True)
    enable_totp(staff)
    rule_set = RuleSet.objects.get(board__code="TX-MD")
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    try:
        page = context.new_page()
        browser_sign_in(page, staff)
        page.goto(f"/admin/reporting/ruleset/{rule_set.pk}/change/")
        assert page.get_by_role(
            "heading", name="A board changed its rules? Start a new version"
        ).is_visible()

        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if width == 1280:
            assert scroll_width <= width, f"{scroll_width} px wide at {width} px"
        assert page.locator("div[id$='credit_types'] label").count() > 0
        assert _widest_label_breaks(page) == []
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SCREENSHOTS}/ruleset-{width}.png", full_page=False)
    finally:
        context.close()
