"""A physician makes a share link in the browser; someone without an account opens it in
another browser; then the link is revoked, another runs out, and both are refused."""

import datetime
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import RecordAccess
from reporting.models import License, ShareLink, Transcript
from reporting.rules.selectors import license_cycle_end
from reporting.sharing.links import share_link_create
from tests.certificates.factories import make_pdf
from tests.e2e.test_accessibility import axe_violations, describe
from tests.storage import local_media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("/work/helpers/reports")
ENDED = "This link has ended or does not exist"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    local_media(settings, tmp_path)


def _ready_transcript(license: License) -> None:
    end = license_cycle_end(license)
    Transcript.objects.create(
        owner=license.owner,
        license=license,
        cycle_start=end.replace(year=end.year - 2),
        cycle_end=end,
        status=Transcript.Status.READY,
        finished_at=timezone.now(),
        file=ContentFile(make_pdf(["CME transcript"]), name="t.pdf"),
    )


def _anonymous(browser, live_server, width: int):  # type: ignore[no-untyped-def]
    # bypass_csp: axe-core is injected as a script the site's CSP would refuse.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 900}, bypass_csp=True
    )
    context.set_default_timeout(10_000)
    return context


def test_a_share_link_opens_for_an_anonymous_browser_until_revoked_or_run_out(
    page, browser, live_server, browser_sign_in, demo_physician
) -> None:
    texas = License.objects.get(owner=demo_physician, board__code="TX-MD")
    _ready_transcript(texas)
    browser_sign_in(page, demo_physician)

    # The physician makes the link in the form.
    page.goto("/dashboard/share-links/")
    page.get_by_label("License").select_option(str(texas.pk))
    page.get_by_label("Who is it for?").fill("Memorial Hospital credentialing")
    page.get_by_label("Days until it ends").fill("30")
    page.get_by_label("Include the certificates of the activities that counted").check()
    page.get_by_role("button", name="Create the link").click()
    address = page.locator("#share-address").input_value()
    assert "/s/" in address

    # Someone without an account opens it, on a phone and on a desktop.
    for width in (375, 1280):
        context = _anonymous(browser, live_server, width)
        holder = context.new_page()
        response = holder.goto(address)
        assert response.status == 200
        assert response.headers["referrer-policy"] == "no-referrer"
        assert texas.number in holder.inner_text("main")
        assert holder.get_by_role("link", name="Download the transcript (PDF)").is_visible()
        assert holder.get_by_role("link", name="Sign out").count() == 0
        scroll, inner = holder.evaluate(
            "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= inner, f"the shared page scrolls sideways at {width} px"
        violations = axe_violations(holder)
        assert violations == [], describe(violations)
        holder.screenshot(path=str(SCREENSHOTS / f"share-{width}.png"), full_page=True)
        context.close()
    assert RecordAccess.objects.filter(physician=demo_physician, channel="share_link").count() == 2

    # The physician sees the views and ends the link.
    page.goto("/dashboard/share-links/")
    link = ShareLink.objects.get(label="Memorial Hospital credentialing")
    row = page.locator(f"#share-link-{link.pk}")
    assert row.locator(".share-link-views").inner_text().startswith("viewed 2 times")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name="End now").click()
    page.wait_for_url("**/dashboard/share-links/")
    assert "has ended" in page.inner_text(".messages")
    page.set_viewport_size({"width": 375, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / "share-links-list-375.png"), full_page=True)

    context = _anonymous(browser, live_server, 1280)
    holder = context.new_page()
    response = holder.goto(address)
    assert response.status == 404
    assert ENDED in holder.inner_text("main")
    assert texas.number not in holder.content()

    # Another link runs out: refused the same way.
    _, secret = share_link_create(owner=demo_physician, license_id=texas.pk, label="Auditor")
    ShareLink.objects.filter(label="Auditor").update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = holder.goto(f"/s/{secret}")
    assert response.status == 404
    assert ENDED in holder.inner_text("main")
    context.close()
    assert RecordAccess.objects.filter(physician=demo_physician, channel="share_link").count() == 2
