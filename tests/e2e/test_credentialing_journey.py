"""A credentialing office and a physician, each in their own browser.

The office's owner creates the office and invites the physician by e-mail; the physician opens
the link and shares the status and transcripts of two of three licenses; the office sees both
on its roster, keeps those due within 90 days, and downloads a fresh transcript (a PDF); the
physician revokes; the office's roster no longer has the row and the license page is gone; the
physician's access log names every look. Screenshots of the roster and the sharing page at
375 px and 1280 px go to SCREENSHOT_DIR when it is set.
"""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.urls import get_resolver
from django.utils import timezone

from accounts.models import RecordAccess
from organizations.models import Consent
from reporting.models import Board, License
from tests import factories
from tests.accounts.factories import UserFactory
from tests.e2e.test_accessibility import axe_violations, describe
from tests.reporting.conftest import reference_subset
from tests.reporting.transcripts import conftest as transcript_fixtures
from tests.storage import local_media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

eager_celery = transcript_fixtures.eager_celery

OFFICE = "Memorial Hospital medical staff office"
PHYSICIAN_EMAIL = "dr.rivera@example.com"


def _license(owner, code: str, number: str, *, issued_days_ago: int, expires_in: int) -> License:  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    return factories.LicenseFactory(  # type: ignore[no-any-return]
        owner=owner,
        board=Board.objects.get(code=code),
        number=number,
        issued_on=today - datetime.timedelta(days=issued_days_ago),
        expires_on=today + datetime.timedelta(days=expires_in),
        condition_answers=factories.answers("direct_patient_care"),
    )


def _shoot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    """The page at a phone's width and a laptop's, whole, into SCREENSHOT_DIR."""
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder, f"orgs-{name}-{width}.png")), full_page=True)
        # Nothing wider than the screen: a phone never scrolls sideways.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} scrolls sideways at {width} px"
    page.set_viewport_size({"width": 1280, "height": 900})


def _accessible(page) -> None:  # type: ignore[no-untyped-def]
    """No serious or critical axe-core violation on the page as it stands."""
    violations = axe_violations(page)
    assert violations == [], f"{page.url}: {describe(violations)}"


def _rows(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("table.roster tbody tr").all_inner_texts()


def test_an_office_invites_a_physician_who_shares_then_revokes(
    browser, live_server, browser_sign_in, mailoutbox, eager_celery, settings, tmp_path
) -> None:
    local_media(settings, tmp_path)
    get_resolver().url_patterns  # noqa: B018 - import the URLconf outside the first page's timeout
    from reporting.rules.services import state_rules_load

    state_rules_load(document=reference_subset("TX", "CA", "FL"))
    owner = UserFactory(email="olivia@memorial.example", profile__full_name="Olivia Owens")
    physician = UserFactory(email=PHYSICIAN_EMAIL, profile__full_name="Dana Rivera")
    physician.profile.degree = "MD"
    physician.profile.save()
    # Texas renews in 60 days; California in about 400; Florida is not shared.
    texas = _license(physician, "TX-MD", "Q58213", issued_days_ago=3000, expires_in=60)
    _license(physician, "CA-MD", "A164422", issued_days_ago=330, expires_in=400)
    _license(physician, "FL-MD", "ME90210", issued_days_ago=3000, expires_in=300)
    factories.log_activity(
        physician, completed_on=timezone.localdate() - datetime.timedelta(days=20),
        credits="12.00", title="Sepsis Bundles in Practice",
    )  # fmt: skip

    # bypass_csp only lets the test inject axe-core; the pages are served with their headers.
    office_context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    physician_context = browser.new_context(base_url=live_server.url, bypass_csp=True)
    office, doctor = office_context.new_page(), physician_context.new_page()
    for page in (office, doctor):
        page.set_default_timeout(15_000)
        page.set_viewport_size({"width": 1280, "height": 900})
    browser_sign_in(office, owner)
    browser_sign_in(doctor, physician)

    # The owner creates the office and invites the physician.
    office.goto("/organizations/")
    _accessible(office)
    office.get_by_label("Organization's name").fill(OFFICE)
    office.get_by_role("button", name="Create organization").click()
    office.get_by_text(f"No physician shares a record with {OFFICE} yet").wait_for()
    office.get_by_role("link", name="Invite a physician").click()
    _accessible(office)
    office.get_by_label("E-mail address").fill(PHYSICIAN_EMAIL)
    office.get_by_label("A physician, to share their record with us").check()
    office.get_by_role("button", name="Send invitation").click()
    office.get_by_text(f"Invitation sent to {PHYSICIAN_EMAIL}.").wait_for()
    [mail] = mailoutbox
    link = re.search(r"https?://[^/\s]+(/organizations/invitations/\S+)", mail.body)
    assert link is not None

    # The physician shares the status and transcripts of Texas and California.
    doctor.goto(link.group(1))
    doctor.get_by_role("heading", name=f"Share your record with {OFFICE}?").wait_for()
    _accessible(doctor)
    doctor.get_by_label(re.compile(r"Status and transcripts —")).check()
    doctor.get_by_label("Texas license Q58213 (TX-MD)").check()
    doctor.get_by_label("California license A164422 (CA-MD)").check()
    doctor.get_by_role("button", name=f"Share with {OFFICE}").click()
    doctor.wait_for_url("**/organizations/sharing/")
    card = doctor.locator("article.consent")
    assert "Status and transcripts" in card.inner_text()
    assert "Texas license Q58213, California license A164422" in card.inner_text()
    _shoot(doctor, "sharing")
    _accessible(doctor)

    # The office sees both on its roster, then only what is due within 90 days.
    office.goto("/organizations/")
    office.get_by_role("link", name=OFFICE).click()
    rows = _rows(office)
    assert len(rows) == 2
    assert any("Texas license Q58213" in row for row in rows)
    assert any("California license A164422" in row for row in rows)
    assert not any("Florida" in row for row in rows)
    _shoot(office, "roster")
    _accessible(office)
    office.get_by_text("Filter and sort").click()
    office.get_by_label("Due within (days)").fill("90")
    office.get_by_role("button", name="Apply").click()
    office.wait_for_url("**due_within=90**")
    [due] = _rows(office)
    assert "Texas license Q58213" in due
    assert "Dana Rivera" in due

    # A fresh transcript of the Texas license, downloaded as a PDF.
    office.get_by_role("link", name="Texas license Q58213").click()
    office.get_by_role("heading", name="Dana Rivera: Texas license Q58213").wait_for()
    _shoot(office, "license")
    _accessible(office)
    office.get_by_label("A fresh transcript (PDF)").check()
    office.get_by_role("button", name="Make it now").click()
    with office.expect_download() as download:
        office.get_by_role("link", name=re.compile(r"^Download PDF")).click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF")
    assert download.value.suggested_filename.startswith("cme-transcript-TX-MD")

    # The physician revokes; the office's next look finds nothing.
    doctor.goto("/organizations/sharing/")
    doctor.get_by_role("link", name=f"Revoke {OFFICE}'s access").click()
    _accessible(doctor)
    doctor.get_by_role("button", name=f"Revoke {OFFICE}'s access").click()
    doctor.get_by_text(f"{OFFICE} can no longer see your record.").wait_for()
    assert Consent.objects.get().revoked_at is not None

    office.goto(office.url.split("/licenses/")[0] + "/")
    assert _rows(office) == []
    office.get_by_text(f"No physician shares a record with {OFFICE} yet").wait_for()
    slug = Consent.objects.get().organization.slug
    gone = office.goto(f"/organizations/{slug}/licenses/{texas.pk}/")
    assert gone is not None
    assert gone.status == 404

    # Every look is on the physician's access log.
    doctor.get_by_role("link", name="Who looked at my record").click()
    log = doctor.locator("table").inner_text()
    _shoot(doctor, "access-log")
    _accessible(doctor)
    by = f"{OFFICE} (olivia@memorial.example)"
    for what in (
        "Roster: status of",
        "Texas license Q58213: compliance",
        "Texas license Q58213: transcript requested",
        "Texas license Q58213: transcript PDF",
    ):
        assert what in log, what
    assert by in log
    assert RecordAccess.objects.filter(physician=physician).count() >= 5
    office_context.close()
    physician_context.close()
