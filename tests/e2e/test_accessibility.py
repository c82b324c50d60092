"""Every main page passes axe-core with no serious or critical violation.

axe-core comes from the npm registry (package.json; `npm ci` installs it into node_modules/).
Our CSP forbids inline scripts, so this test's browser context bypasses CSP to inject the
test tool; the pages themselves are served with their real headers.
"""

import json
from pathlib import Path

import pytest
from django.urls import get_resolver

from reporting.rules import selectors as rules_selectors
from reporting.transcripts import (
    license_cycles,
    transcript_render,
    transcript_request,
)
from reporting.transcripts.forms import cycle_value
from tests.services import service_missing
from tests.storage import local_media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
BLOCKING = {"serious", "critical"}

PUBLIC_PAGES = ["/", "/accounts/signup/", "/accounts/login/"]
SIGNED_IN_PAGES = [
    "/dashboard/",
    "/dashboard/licenses/new",
    "/activities/",
    "/activities/new",
    "/certificates/",
    "/certificates/upload",
    "/dashboard/transcripts/",
    "/profile/",
]


def axe_source() -> str:
    if not AXE.exists():
        service_missing("axe-core (run `npm ci` at the repository root)")
    return AXE.read_text()


def axe_violations(page) -> list[dict]:  # type: ignore[no-untyped-def]
    """Run axe-core on the page and return its serious and critical violations."""
    page.add_script_tag(content=axe_source())
    results = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    assert results["passes"], "axe-core ran no checks"
    return [v for v in results["violations"] if v["impact"] in BLOCKING]


def describe(violations: list[dict]) -> str:
    return json.dumps(
        [
            {
                "rule": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:5],
                "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
            }
            for v in violations
        ],
        indent=1,
    )


@pytest.fixture
def axe_page(browser, live_server):  # type: ignore[no-untyped-def]
    """A page whose context may inject the test tool despite the site's CSP."""
    axe_source()
    get_resolver().url_patterns  # noqa: B018 - import the URLconf outside the page's timeout
    context = browser.new_context(bypass_csp=True, base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_serious_violations(axe_page, path) -> None:
    response = axe_page.goto(path)
    assert response.ok, path
    violations = axe_violations(axe_page)
    assert violations == [], f"{path}: {describe(violations)}"


def test_signed_in_pages_have_no_serious_violations(
    axe_page, browser_sign_in, demo_physician, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    browser_sign_in(axe_page, demo_physician)
    license = demo_physician.licenses.order_by("pk").first()
    cycle = license_cycles(license)[0]
    local_media(settings, tmp_path)
    requested = transcript_request(owner=demo_physician, license_id=license.pk)
    issued = transcript_render(transcript_id=requested.pk)
    assert issued is not None
    activity = demo_physician.activities.order_by("pk").first()
    requirement = (
        rules_selectors.license_rule_set(license).requirements.order_by("position").first().code
    )
    pages = [
        *SIGNED_IN_PAGES,
        f"/dashboard/licenses/{license.pk}/",
        f"/dashboard/licenses/{license.pk}/edit",
        f"/dashboard/licenses/{license.pk}/requirements/{requirement}/attest",
        # A requirement's lists as a page (the license page's link when scripts do not run).
        f"/dashboard/licenses/{license.pk}/requirements/{requirement}/credits",
        "/dashboard/practice/",
        f"/activities/{activity.pk}/",
        f"/activities/{activity.pk}/edit",
        # Before a PDF is made: the name, degree, NPI and license number it will show.
        f"/dashboard/transcripts/new?kind=transcript&cycle={cycle_value(license, cycle)}",
        # What a credentialing clerk sees.
        f"/verify/{issued.verification_code}",
    ]
    failures = {}
    for path in pages:
        response = axe_page.goto(path)
        assert response.ok, path
        violations = axe_violations(axe_page)
        if violations:
            failures[path] = describe(violations)
    assert failures == {}, "\n".join(f"{p}: {v}" for p, v in failures.items())


def test_status_is_never_told_by_colour_alone(axe_page, browser_sign_in, demo_physician) -> None:
    """Every requirement's status badge carries a word, not just a colour."""
    browser_sign_in(axe_page, demo_physician)
    axe_page.goto("/dashboard/")
    badges = axe_page.locator(".requirement .status")
    assert badges.count() > 0
    words = {"Met", "Short", "Not met", "In progress", "Not required", "May apply"}
    for text in badges.all_inner_texts():
        assert any(word in text for word in words), text
