"""The add-activity form works with the keyboard alone, and key pages fit a 375 px phone."""

import datetime
from decimal import Decimal

import pytest

from activities.models import Activity

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    name: el.name || "", type: el.type || "", tag: el.tagName.toLowerCase(),
    text: (el.innerText || el.value || "").trim(), label: el.labels?.[0]?.innerText.trim() || "",
    outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth),
  };
}"""

# The outermost elements that stick out past the viewport's right edge (for the failure message).
TOO_WIDE = """() => [...document.querySelectorAll("body *")]
  .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter(el => !el.parentElement.closest("[data-wide]"))
  .map(el => { el.dataset.wide = ""; return el.tagName.toLowerCase() + "." + el.className
    + " " + Math.round(el.getBoundingClientRect().right); })
  .slice(0, 8)"""


def test_a_physician_tabs_through_the_add_activity_form_and_submits_it(
    page, browser_sign_in, alice
) -> None:
    browser_sign_in(page, alice)
    page.goto("/activities/new")

    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED)
    assert first["text"] == "Skip to content"

    typed = {
        "title": "Sepsis update (keyboard only)",
        "provider": "Texas Medical Association",
        "started_on": "09302026",
        "completed_on": "10012026",
        "credits": "1.5",
    }
    visited: list[str] = []
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["tag"] in {"input", "select", "textarea", "button"}:
            # Every control shows where the focus is (a real outline, not colour alone).
            assert focused["outline"] != "none", focused
            assert focused["outlineWidth"] >= 2, focused
        if focused["name"] in typed:
            page.keyboard.type(typed.pop(focused["name"]))
        elif focused["name"] == "topics" and focused["label"] == "Medical ethics":
            page.keyboard.press("Space")
        elif focused["tag"] == "button" and focused["text"] == "Save activity":
            page.keyboard.press("Enter")
            break
        visited.append(focused["name"] or focused["text"])
    else:
        pytest.fail(f"never reached the Save button; focus went through {visited}")

    page.wait_for_url("**/activities/")
    assert typed == {}, f"these fields were never reached by Tab: {sorted(typed)}"
    activity = Activity.objects.get(owner=alice)
    assert (activity.title, activity.provider, activity.credits) == (
        "Sepsis update (keyboard only)",
        "Texas Medical Association",
        Decimal("1.50"),
    )
    assert (activity.started_on, activity.completed_on) == (
        datetime.date(2026, 9, 30),
        datetime.date(2026, 10, 1),
    )
    assert [t.slug for t in activity.topics.all()] == ["medical-ethics"]
    assert page.get_by_role("link", name="Sepsis update (keyboard only)", exact=True).is_visible()


@pytest.mark.parametrize("path", ["/dashboard/", "/activities/new", "/activities/"])
def test_a_375_px_phone_never_scrolls_sideways(
    browser, live_server, browser_sign_in, demo_physician, path
) -> None:
    context = browser.new_context(base_url=live_server.url, viewport={"width": 375, "height": 740})
    try:
        page = context.new_page()
        browser_sign_in(page, demo_physician)
        page.goto(path)
        widths = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.body.scrollWidth,"
            " document.documentElement.clientWidth]"
        )
        assert widths[2] == 375
        too_wide = page.evaluate(TOO_WIDE)
        assert max(widths[:2]) <= 375, f"{path} is {max(widths[:2])} px wide: {too_wide}"
        if path == "/dashboard/":
            assert page.locator(".progress-chart svg").first.bounding_box()["width"] <= 375
    finally:
        context.close()
