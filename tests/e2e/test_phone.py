"""Between patients, on a 375 x 800 phone: the dashboard, the activity list, a license and
the transcripts page fit the screen (no sideways scroll), pass axe-core, and answer "what do I
still need, and by when?" first."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import axe_source, axe_violations, describe

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 800}


@pytest.fixture
def phone(browser, live_server, browser_sign_in, demo_physician):  # type: ignore[no-untyped-def]
    """A signed-in 375 x 800 page that may inject axe-core despite the site's CSP."""
    axe_source()
    context = browser.new_context(bypass_csp=True, base_url=live_server.url, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_sign_in(page, demo_physician)
    yield page
    context.close()


def _fits_and_passes_axe(page, path: str) -> None:  # type: ignore[no-untyped-def]
    response = page.goto(path)
    assert response.ok, path
    width, inner = page.evaluate("() => [document.scrollingElement.scrollWidth, window.innerWidth]")
    assert inner == 375
    assert width <= inner, f"{path} scrolls sideways: {width} px"
    violations = axe_violations(page)
    assert violations == [], f"{path}: {describe(violations)}"


def _top(page, selector: str) -> float:  # type: ignore[no-untyped-def]
    return page.locator(selector).first.bounding_box()["y"]


def test_the_dashboard_says_what_each_license_needs_on_the_first_screen(phone) -> None:
    _fits_and_passes_axe(phone, "/dashboard/")
    strip = phone.locator(".summary-strip li")
    assert strip.count() == phone.locator(".license-card").count() == 3
    # The strip comes before any card, on the first screen.
    assert _top(phone, ".summary-strip") < _top(phone, ".license-card")
    last_line = strip.last.bounding_box()
    assert last_line["y"] + last_line["height"] <= PHONE["height"]
    # One line per license: its status in words and what is missing by when, or that nothing is.
    lines = strip.all_inner_texts()
    assert any("CA-MD:" in line and " by " in line for line in lines), lines
    assert all(
        line.split()[0] in {"On", "Complete", "Behind", "Overdue", "Needs", "Cannot"}
        or line.startswith(("◔", "✓", "◑", "✗", "✎", "!"))
        for line in lines
    ), lines
    # The cards follow in the same order.
    codes = [line.split(":")[0].split()[-1] for line in lines]
    cards = phone.locator(".license-card h2 a").all_inner_texts()
    assert cards == codes


def test_the_activity_list_is_cards_with_its_filters_folded(phone) -> None:
    _fits_and_passes_axe(phone, "/activities/")
    search = phone.get_by_label("Search")
    assert not search.is_visible()  # the filters wait behind their button
    first = phone.locator("#activity-results tbody tr").first
    box = first.bounding_box()
    assert box["y"] < PHONE["height"]  # the first activity is on the first screen
    assert box["width"] <= 375
    assert first.locator("td[data-label='Credit type']").is_visible()
    phone.get_by_text("Filter activities").click()
    assert search.is_visible()


def test_a_license_page_shows_the_requirements_before_the_what_if_tool(
    phone, demo_physician
) -> None:
    license = demo_physician.licenses.get(board__code="TX-MD")
    _fits_and_passes_axe(phone, f"/dashboard/licenses/{license.pk}/")
    assert _top(phone, "#requirements") < _top(phone, "#what-if-heading")
    # A limit on Category 2 says what counts without a Met badge.
    cap = phone.locator("li.requirement", has_text="Category 2, at most")
    assert cap.count() == 1
    assert cap.locator(".status").count() == 0


def test_a_requirements_lists_open_in_place_and_still_fit(phone, demo_physician) -> None:
    license = demo_physician.licenses.get(board__code="TX-MD")
    _fits_and_passes_axe(phone, f"/dashboard/licenses/{license.pk}/")
    total = phone.locator("li.requirement").filter(has=phone.locator("details.credit-lists")).first
    assert total.locator("details.credit-lists li").count() == 0  # not in the page's markup
    total.get_by_text("Which activities counted").click()
    expect(total.locator("details.credit-lists li").first).to_be_visible()
    width = phone.evaluate("() => document.scrollingElement.scrollWidth")
    assert width <= 375, f"an opened list scrolls sideways: {width} px"
    violations = axe_violations(phone)
    assert violations == [], describe(violations)


def test_the_transcript_picker_names_license_and_cycle_without_opening(phone) -> None:
    _fits_and_passes_axe(phone, "/dashboard/transcripts/")
    choices = phone.get_by_role("group", name="License and CME cycle").get_by_role("radio")
    assert choices.count() >= 3
    labels = phone.locator(".cycle-choice").all_inner_texts()
    assert any(
        label.startswith("TX-MD (license") and "(current cycle)" in label for label in labels
    )
    clipped = phone.evaluate(
        "() => [...document.querySelectorAll('.cycle-choice')]"
        ".filter(el => el.scrollWidth > el.clientWidth).length"
    )
    assert clipped == 0
