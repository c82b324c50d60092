"""In a browser: the license page fetches the activities offered for its open mandates after it
has loaded, and they fit a phone's screen as well as a desktop's."""

import datetime
import os
from pathlib import Path

import pytest
from django.utils import timezone

from reporting.rules.services import state_rules_load
from tests.e2e.test_accessibility import axe_source, axe_violations, describe
from tests.factories import answers, cme_provider, log_activity, offer, texas_license
from tests.reporting.conftest import reference_subset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Where to keep the pictures for a reviewer, if asked (they are not part of the test's verdict).
PICTURES = os.environ.get("OFFERS_SCREENSHOTS", "")


@pytest.fixture
def record(alice):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    state_rules_load(document=reference_subset("TX"))
    license = texas_license(
        alice,
        issued_on=datetime.date(2012, 1, 1),
        expires_on=today + datetime.timedelta(days=270),
        condition_answers=answers("direct_patient_care"),
    )
    log_activity(alice, completed_on=today - datetime.timedelta(days=200), credits="20.00")
    close = timezone.now() + datetime.timedelta(days=200)
    offer(
        title="Ethics in Practice",
        designations={"ama-pra-1": "3.50"},
        topics=("medical-ethics",),
        provider=cme_provider(name="Gulf Coast Medical Society", slug="gulf-coast"),
        starts_on=today + datetime.timedelta(days=97),
        claims_close=close,
    )
    offer(
        title="Professional Responsibility: Boundaries and Disclosure",
        provider=cme_provider(name="Lone Star Academy of Medicine", slug="lone-star-academy"),
        designations={"ama-pra-1": "1.00", "aoa-1a": "1.00"},
        topics=("professional-responsibility",),
        learning_format="enduring",
        online=True,
        city="",
        state="",
        starts_on=today - datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=300),
        claims_close=close,
    )
    offer(
        title="Ethics Journal Club",
        designations={"ama-pra-2": "1.00"},
        topics=("medical-ethics",),
        starts_on=today + datetime.timedelta(days=20),
        claims_close=close,
    )
    return license


@pytest.mark.parametrize("width", [375, 1280])
def test_the_license_page_lists_the_offers_for_its_open_ethics_hours(  # type: ignore[no-untyped-def]
    browser, live_server, browser_sign_in, alice, record, width
) -> None:
    axe_source()
    context = browser.new_context(
        bypass_csp=True, base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_sign_in(page, alice)
    page.goto(f"/dashboard/licenses/{record.pk}/")
    offers = page.locator("#offers")
    offers.wait_for()
    text = offers.inner_text()
    assert "of medical ethics or professional responsibility by" in text
    assert "Ethics in Practice, 3.5 AMA PRA Category 1 Credits™" in text
    assert "Ethics Journal Club" not in text  # Category 2: not for Texas's ethics hours
    # The module running now comes before next season's course.
    assert text.index("Professional Responsibility") < text.index("Ethics in Practice")
    scroll, inner = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert scroll <= inner, f"the page scrolls sideways at {width} px"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    if PICTURES:
        page.locator("#requirements-heading").scroll_into_view_if_needed()
        offers.evaluate("section => section.scrollIntoView({block: 'end'})")
        page.screenshot(path=str(Path(PICTURES) / f"gaps-license-{width}.png"))
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_providers_activity_page_says_which_mandates_it_counts_toward(  # type: ignore[no-untyped-def]
    browser, live_server, browser_sign_in, alice, width
) -> None:
    from organizations.models import Role
    from tests.factories import MembershipFactory

    state_rules_load(document=reference_subset("TX", "CA", "FL", "NY"))
    provider = cme_provider(name="Gulf Coast Medical Society", slug="gulf-coast")
    MembershipFactory(organization=provider.organization, user=alice, role=Role.STAFF)
    ethics = offer(
        provider=provider,
        title="Ethics in Practice",
        designations={"ama-pra-1": "3.50"},
        topics=("medical-ethics", "implicit-bias"),
    )
    axe_source()
    context = browser.new_context(
        bypass_csp=True, base_url=live_server.url, viewport={"width": width, "height": 900}
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_sign_in(page, alice)
    page.goto(f"/providers/activities/{ethics.pk}/")
    mandates = page.locator("#mandates")
    mandates.wait_for()
    text = mandates.inner_text()
    assert "Texas Medical Board — medical ethics or professional responsibility, 2 h" in text
    scroll, inner = page.evaluate("() => [document.scrollingElement.scrollWidth, innerWidth]")
    assert scroll <= inner, f"the page scrolls sideways at {width} px"
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    if PICTURES:
        mandates.evaluate("section => section.scrollIntoView({block: 'start'})")
        page.screenshot(path=str(Path(PICTURES) / f"gaps-activity-{width}.png"))
    context.close()
