"""Choosing a board on the license form brings its expiry rule and, where it fixes one, the date."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from reporting.models import Board
from reporting.rules import selectors as rules_selectors
from reporting.rules.services import state_rules_load
from tests.reporting.conftest import reference_subset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = os.environ.get("SCREENSHOT_DIR")


@pytest.mark.parametrize("width", [375, 1280])
def test_choosing_a_board_fills_in_the_expiry_its_rule_gives(
    browser, live_server, browser_sign_in, alice, width
) -> None:
    state_rules_load(document=reference_subset("AR", "CA"))
    alice.profile.birth_date = datetime.date(1980, 4, 12)
    alice.profile.save()
    arkansas = Board.objects.get(code="AR-MD")
    expected = rules_selectors.expiry_proposal(
        board=arkansas,
        birth_date=alice.profile.birth_date,
        issued_on=None,
        on_or_after=timezone.localdate(),
    )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    try:
        page = context.new_page()
        browser_sign_in(page, alice)
        page.goto("/dashboard/licenses/new")
        page.get_by_label("Board").select_option(label="AR-MD — " + arkansas.name)

        hint = page.locator("#expiry-proposal")
        hint.wait_for()
        assert "last day of your birth month, every year" in hint.inner_text()
        assert page.get_by_label("Expires on").input_value() == expected.on.isoformat()

        # California counts from first licensure: typing it brings the date.
        page.get_by_label("Board").select_option(
            label="CA-MD — " + Board.objects.get(code="CA-MD").name
        )
        page.locator("#expiry-proposal", has_text="first licensed").wait_for()
        page.get_by_label("First licensed in this state").fill("2016-05-17")
        page.get_by_label("First licensed in this state").dispatch_event("change")
        page.locator("#expiry-proposal", has_text="31 May").wait_for()
        assert page.get_by_label("Expires on").input_value().endswith("-05-31")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        if SCREENSHOTS:
            Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=f"{SCREENSHOTS}/license-form-{width}.png", full_page=True)
    finally:
        context.close()


def test_a_date_typed_while_the_proposal_is_on_its_way_is_kept(
    browser, live_server, browser_sign_in, alice
) -> None:
    # Texas-like boards count from first licensure: leaving that field asks the server for the
    # expiry. A physician who goes on to type the expiry before the answer arrives keeps it.
    state_rules_load(document=reference_subset("CA"))
    context = browser.new_context(base_url=live_server.url)
    try:
        page = context.new_page()
        browser_sign_in(page, alice)
        page.goto("/dashboard/licenses/new")
        page.get_by_label("Board").select_option(
            label="CA-MD — " + Board.objects.get(code="CA-MD").name
        )
        page.locator("#expiry-proposal", has_text="first licensed").wait_for()
        # Hold the proposal until the physician has typed the date.
        held = []
        page.route("**/dashboard/licenses/new?*", lambda route: held.append(route))
        page.get_by_label("First licensed in this state").fill("2016-05-17")
        page.get_by_label("First licensed in this state").dispatch_event("change")
        for _ in range(50):
            if held:
                break
            page.wait_for_timeout(100)
        assert held, "the first-licensure date asked for no proposal"
        page.get_by_label("Expires on").fill("2027-01-31")
        held[0].continue_()
        page.locator("#expiry-proposal", has_text="31 May").wait_for()
        page.wait_for_timeout(300)  # past htmx's settle: nothing may rewrite the field later
        assert page.get_by_label("Expires on").input_value() == "2027-01-31"
    finally:
        context.close()
