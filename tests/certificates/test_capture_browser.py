"""In Chromium: upload a scan and watch it being read, confirm a draft beside its pages, and be
warned before logging the same activity twice.

Reading runs in a real Celery worker on Redis when CELERY_BROKER_URL is set (CI), in-process
otherwise (then the upload request itself reads the file, and its progress row says so).
"""

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from playwright.sync_api import expect

from activities.models import Activity
from certificates.models import Certificate, Draft
from tests.certificates.bundles import certificate_lines
from tests.certificates.factories import make_pdf
from tests.e2e import test_accessibility as accessibility
from tests.reporting.transcripts import conftest as transcript_fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

axe_page = accessibility.axe_page
celery_worker = transcript_fixtures.celery_worker
eager_celery = transcript_fixtures.eager_celery
vocabulary = transcript_fixtures.vocabulary


@pytest.fixture
def reading_jobs(request, settings):  # type: ignore[no-untyped-def]
    """A real worker on Redis when a broker is configured (CI); in-process otherwise."""
    if os.environ.get("CELERY_BROKER_URL"):
        settings.CERTIFICATE_READ_IN_WORKER = True
        return request.getfixturevalue("celery_worker")
    return request.getfixturevalue("eager_celery")


def _scan(tmp_path: Path, lines: list[str]) -> Path:
    """A PNG of the certificate, as a scanner would make it: pixels only, no text layer."""
    source = tmp_path / "certificate.pdf"
    source.write_bytes(make_pdf(lines))
    pdftoppm = shutil.which("pdftoppm") or "pdftoppm"
    target = tmp_path / "scan"
    subprocess.run(
        [pdftoppm, "-png", "-gray", "-r", "150", "-singlefile", source, target], check=True
    )
    return target.with_suffix(".png")


def _slow_upload(page) -> None:  # type: ignore[no-untyped-def]
    # Hold each upload a moment, as a phone connection would, so the progress is visible.
    def hold(route) -> None:  # type: ignore[no-untyped-def]
        time.sleep(0.6)
        route.continue_()

    page.route(re.compile(r".*/certificates/upload$"), hold)


def test_a_scan_shows_progress_then_fills_the_form(
    page, alice, browser_sign_in, reading_jobs, vocabulary, tmp_path
) -> None:
    scan = _scan(tmp_path, certificate_lines("Sepsis Bundles in Practice", credits="2.00"))
    browser_sign_in(page, alice)
    page.goto("/certificates/upload")
    _slow_upload(page)
    page.get_by_label("Certificate file").set_input_files(str(scan))
    button = page.get_by_role("button", name="Upload")
    button.click()

    expect(page.get_by_role("button", name="Uploading…")).to_be_disabled()
    expect(page.locator("[data-upload-progress] li")).to_contain_text("scan.png")
    if os.environ.get("CELERY_BROKER_URL"):
        # A worker reads it: the progress page says so until the form is ready.
        expect(page.get_by_role("heading", name="Being read")).to_be_visible()
    page.wait_for_url(re.compile(r"/activities/new\?certificate=\d+$"), timeout=60_000)
    expect(page.get_by_role("textbox", name="Title")).to_have_value("Sepsis Bundles in Practice")
    expect(page.get_by_role("spinbutton", name="Credits")).to_have_value("2.00")
    assert Certificate.objects.get().status == "ready"


def test_confirm_a_draft_side_by_side(
    page, alice, browser_sign_in, eager_celery, vocabulary, tmp_path
) -> None:
    pdf = tmp_path / "ethics.pdf"
    pdf.write_bytes(make_pdf(certificate_lines("Ethics at the Bedside", credits="1.50")))
    browser_sign_in(page, alice)
    page.goto("/certificates/upload")
    page.get_by_label("Certificate file").set_input_files(str(pdf))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(re.compile(r"/activities/new\?certificate=\d+$"))

    picture = page.get_by_role("img", name="Page 1 of ethics.pdf")
    expect(picture).to_be_visible()
    page.wait_for_function(
        "image => image.complete && image.naturalWidth > 500", arg=picture.element_handle()
    )
    title_mark = page.locator('[data-suggested="title"] .suggested-mark')
    expect(title_mark).to_contain_text("Suggested from the certificate")
    page.get_by_role("button", name=re.compile(r"^It is right\W+Title$")).click()
    expect(page.locator('[data-suggested="title"]')).to_have_count(0)
    page.get_by_role("spinbutton", name="Credits").fill("1.25")  # changing a field confirms it too
    expect(page.locator('[data-suggested="credits"]')).to_have_count(0)
    expect(page.locator('[data-suggested="completed_on"]')).to_have_count(1)
    expect(page.get_by_role("textbox", name="Accredited provider")).to_have_value(
        "Postgraduate Institute for Medicine"
    )
    page.get_by_role("button", name="Save activity").click()
    page.wait_for_url("**/activities/")

    activity = Activity.objects.get()
    assert (activity.title, str(activity.credits)) == ("Ethics at the Bedside", "1.25")
    assert activity.certificate == Certificate.objects.get()
    assert Draft.objects.get().status == Draft.Status.CONFIRMED


def test_logging_the_same_activity_twice_is_warned(
    page, alice, browser_sign_in, vocabulary
) -> None:
    browser_sign_in(page, alice)
    for attempt in range(2):
        page.goto("/activities/new")
        page.get_by_role("textbox", name="Title").fill("Grand Rounds: Sepsis")
        page.get_by_label("Accredited provider").fill("Riverside General Hospital")
        page.get_by_label("Completion date").fill("2025-03-04")
        page.get_by_role("spinbutton", name="Credits").fill("1.00")
        page.get_by_role("button", name="Save activity").click()
        if attempt == 0:
            page.wait_for_url("**/activities/")
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("Already in your record?")
    expect(warning.get_by_role("link", name="“Grand Rounds: Sepsis”")).to_have_attribute(
        "href", f"/activities/{Activity.objects.get().pk}/"
    )
    assert Activity.objects.count() == 1
    page.get_by_role("button", name="Save it again anyway").click()
    page.wait_for_url("**/activities/")
    assert Activity.objects.count() == 2


def test_the_capture_pages_have_no_serious_accessibility_violations(
    axe_page, alice, browser_sign_in, eager_celery, vocabulary
) -> None:
    from certificates.models import ReadingStatus
    from tests.certificates.helpers import store

    read = store(alice, make_pdf(certificate_lines("Ethics at the Bedside")), "ethics.pdf")
    waiting = store(alice, make_pdf(certificate_lines("Stroke Update")), "stroke.pdf")
    Certificate.objects.filter(pk=waiting.pk).update(status=ReadingStatus.READING)
    browser_sign_in(axe_page, alice)
    failures = {}
    for path in [
        "/certificates/upload",
        "/certificates/drafts",
        f"/certificates/{waiting.pk}/reading",
        f"/certificates/{read.pk}/",
        f"/activities/new?draft={read.drafts.get().pk}",
    ]:
        response = axe_page.goto(path)
        assert response.ok, path
        axe_page.wait_for_load_state("networkidle")
        violations = accessibility.axe_violations(axe_page)
        if violations:
            failures[path] = accessibility.describe(violations)
    assert failures == {}, "\n".join(f"{p}: {v}" for p, v in failures.items())
