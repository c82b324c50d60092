"""Both sides of a claim, in Chromium: a provider offers credit, a physician claims it once,
and the credit is in the physician's record, provider-verified, counting toward Texas.

The CME coordinator of Lone Star Medical Society offers a live activity designated for 3.50
AMA PRA Category 1 credits on medical ethics, with a session and an evaluation question, and
puts the session's QR code on the room's screen. Dr. Morgan, a Texas MD, types the code,
claims 3.00 credits, answers the evaluation and downloads the certificate; the activity is in
her record as provider-verified with the certificate attached, and Texas's ethics requirement
turns met. The coordinator then downloads the PARS file and the CE Broker roster with her row.
Screenshots of the claim page and the provider's claims page at 375 and 1280 px.
"""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Degree
from activities.models import Activity
from organizations.models import Role
from providers.models import Claim
from reporting.rules.services import state_rules_load
from tests.accounts.factories import UserFactory
from tests.factories import MembershipFactory, answers, cme_provider, texas_license
from tests.reporting.conftest import reference_subset
from tests.reporting.transcripts import conftest as transcript_fixtures
from tests.storage import local_media

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

eager_celery = transcript_fixtures.eager_celery
SCREENSHOTS = Path("/work/helpers/reports")
TITLE = "Ethics at the Bedside: Grand Rounds"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    local_media(settings, tmp_path)


def _card(page, code: str):  # type: ignore[no-untyped-def]
    return page.locator("article.license-card", has=page.get_by_role("link", name=code))


def _shots(page, name: str) -> None:  # type: ignore[no-untyped-def]
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SCREENSHOTS / f"provider-{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_claim_lands_in_the_physicians_record_and_the_providers_reports(
    browser, live_server, browser_sign_in, eager_celery
):
    state_rules_load(document=reference_subset("TX"))
    provider = cme_provider(accme_id="0012345", cebroker_provider_number="123456789")
    coordinator = UserFactory(email="coordinator@lonestar.example", profile__full_name="Dana Reyes")
    MembershipFactory(organization=provider.organization, user=coordinator, role=Role.STAFF)
    morgan = UserFactory(email="dr.morgan@example.com", profile__full_name="Jordan Morgan")
    profile = morgan.profile
    profile.degree, profile.npi = Degree.MD, "1234567893"
    profile.birth_date = datetime.date(1979, 6, 14)
    profile.save()
    texas = texas_license(morgan, condition_answers=answers("direct_patient_care"))
    today = timezone.localdate().isoformat()

    staff = browser.new_context(base_url=live_server.url)
    staff.set_default_timeout(15_000)
    office = staff.new_page()
    browser_sign_in(office, coordinator)

    # The provider offers a live activity: 3.50 AMA PRA Category 1, medical ethics.
    office.goto("/providers/lone-star/")
    office.get_by_role("link", name="Offer a new activity").click()
    office.get_by_label(re.compile(r"^Title:?$")).fill(TITLE)
    office.get_by_label("Learning format").select_option(label="Live activity")
    office.get_by_label("First day").fill(today)
    office.get_by_label("Last day").fill(today)
    office.get_by_label(re.compile(r"^City:?$")).fill("Austin")
    office.get_by_label(re.compile(r"^State:?$")).fill("TX")
    office.get_by_label("PARS activity id").fill("123456789")
    office.get_by_label("CE Broker course tracking number").fill("654321")
    office.get_by_label("CE Broker subject area code").fill("ETH")
    office.get_by_label("Medical ethics").check()
    office.get_by_label("Maximum AMA PRA Category 1 credits").fill("3.50")
    office.get_by_role("button", name="Save activity").click()
    office.wait_for_url(re.compile(r"/providers/activities/\d+/$"))
    assert "3.50 AMA PRA Category 1" in office.locator("main").inner_text()

    # A session for the room, and one evaluation question.
    sessions = office.locator("section", has=office.get_by_role("heading", name="Sessions"))
    sessions.get_by_label(re.compile(r"^Title:?$")).fill("Grand rounds, morning")
    sessions.get_by_label("Date").fill(today)
    sessions.get_by_role("button", name="Add session").click()
    office.wait_for_url(re.compile(r"/providers/activities/\d+/$"))
    evaluation = office.locator("section", has=office.get_by_role("heading", name="Evaluation"))
    evaluation.get_by_label("Question").fill("How useful was this to your practice?")
    evaluation.get_by_role("button", name="Add question").click()
    office.wait_for_url(re.compile(r"/providers/activities/\d+/$"))

    # The session's code, and its QR code on the room's screen.
    office.get_by_role("link", name="Codes and QR").click()
    issue = office.get_by_role("region", name="Issue a code")
    issue.get_by_label("Claims for").select_option(label="Grand rounds, morning")
    issue.get_by_role("button", name="Issue code").click()
    office.get_by_role("link", name="QR for the screen").click()
    assert office.locator(".code-screen-qr svg").is_visible()
    code = office.locator(".code-screen-code").get_attribute("data-code")
    assert code is not None
    office.screenshot(path=str(SCREENSHOTS / "provider-qr-screen-1280.png"), full_page=True)

    # Dr. Morgan claims 3.00 with the code, answers the evaluation, downloads the certificate.
    learner = browser.new_context(base_url=live_server.url)
    learner.set_default_timeout(15_000)
    page = learner.new_page()
    browser_sign_in(page, morgan)
    page.goto("/cme/claim")
    page.get_by_label("Claim code").fill(f"{code[:4]}-{code[4:]}")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(f"**/cme/claim/{code}")
    assert "Grand rounds, morning" in page.locator("main").inner_text()
    page.get_by_label("AMA PRA Category 1 (up to 3.50)").check()
    page.get_by_label("Credits you claim").fill("3.00")
    _shots(page, "claim-page")
    page.get_by_label(re.compile("commensurate with the extent of my participation")).check()
    page.get_by_label(re.compile("Report my credit for this activity to ACCME")).check()
    page.get_by_role("button", name="Claim credit").click()
    page.wait_for_url(re.compile(r"/cme/claims/\d+/$"))
    assert (
        "Answer the provider's evaluation to receive your certificate"
        in page.locator("main").inner_text()
    )
    page.get_by_label("5 - excellent").check()
    page.get_by_role("button", name="Send the evaluation").click()
    page.wait_for_url(re.compile(r"/cme/claims/\d+/$"))
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the certificate (PDF)").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in pdf.pages)
    assert "Jordan Morgan" in text
    assert TITLE in text
    assert "3.0" in text
    claim = Claim.objects.get()
    assert claim.verification_code in text

    # In her record: provider-verified, the certificate attached; Texas ethics is met.
    page.get_by_role("link", name="Provider-verified activity").click()
    main = page.locator("main").inner_text()
    assert "Provider-verified: issued by Lone Star Medical Society" in main
    assert "cme-certificate-" in main
    activity = Activity.objects.get(owner=morgan)
    assert activity.provider_verified
    assert activity.certificate is not None
    page.goto("/dashboard/")
    ethics = _card(page, "TX-MD").locator("li.requirement", has_text="medical ethics")
    assert "Met" in ethics.inner_text()
    assert texas.pk

    # The provider's claims page has her row; the PARS file and the CE Broker roster too.
    office.goto(f"/providers/activities/{claim.offering_id}/claims")
    assert "Morgan, Jordan" in office.locator("main").inner_text()
    _shots(office, "claims-page")
    office.get_by_role("link", name="Exports").click()
    with office.expect_download() as pars:
        office.get_by_role("link", name=re.compile("Download pars-learners")).click()
    pars_text = Path(pars.value.path()).read_text(encoding="utf-8-sig")
    assert "Morgan" in pars_text
    assert "Q12345678" in pars_text
    assert "3.00" in pars_text
    with office.expect_download() as roster:
        office.get_by_role("link", name=re.compile("Download cebroker")).click()
    (row,) = Path(roster.value.path()).read_text(encoding="utf-8-sig").strip().splitlines()
    assert row.startswith("123456789,654321,,,Q12345678,")
    assert "State=TX" in row
    staff.close()
    learner.close()
