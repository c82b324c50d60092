"""A new physician's whole first session, in Chromium, as they would do it.

Sign up, confirm the e-mail, turn on TOTP, add a Texas MD and a Florida DO license, upload
three certificates (each prefilling the activity form), log Category 2 reading, read on the
dashboard what each license still needs, add the missing ethics credits, watch that turn met,
then generate a transcript and an audit packet and find the activity titles in both PDFs.

Files go to S3 (a moto server); transcripts are rendered by a real Celery worker on Redis when
CELERY_BROKER_URL is set (CI), in-process otherwise.
"""

import datetime
import io
import os
import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.urls import get_resolver
from django.utils import timezone
from pypdf import PdfReader

from activities.models import Activity
from certificates.models import Certificate
from reporting.models import License
from reporting.rules.services import state_rules_load
from tests.certificates.factories import make_pdf
from tests.e2e.practice import answer_practice_question, open_license_form
from tests.reporting.conftest import reference_subset
from tests.reporting.transcripts import conftest as transcript_fixtures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The transcript tests' Celery fixtures, shared rather than copied.
celery_worker = transcript_fixtures.celery_worker
eager_celery = transcript_fixtures.eager_celery

EMAIL = "dr.morgan@example.com"
PASSWORD = "a long unusual passphrase 42"


@pytest.fixture
def transcript_jobs(request):  # type: ignore[no-untyped-def]
    """A real worker on Redis when a broker is configured (CI); in-process otherwise."""
    if os.environ.get("CELERY_BROKER_URL"):
        return request.getfixturevalue("celery_worker")
    return request.getfixturevalue("eager_celery")


def _days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def certificates() -> list[tuple[str, str, str, str, str]]:
    """(file name, title, provider, credits, completion date) for three certificates."""
    return [
        ("hypertension.pdf", "Hypertension Update", "American Heart Association", "20.00", 90),
        ("sepsis.pdf", "Sepsis Bundles in Practice", "Society of Critical Care", "18.00", 60),
        ("opioids.pdf", "Safe Opioid Prescribing", "State Medical Association", "6.00", 30),
    ]


def certificate_pdf(title: str, provider: str, credits: str, completed: datetime.date) -> bytes:
    return make_pdf(
        [
            "Certificate of Completion",
            "This certifies that Dr. Sam Morgan has participated in the enduring material titled",
            f"\u201c{title}\u201d",
            f"Provider: {provider}",
            f"This activity is designated for a maximum of {credits} AMA PRA Category 1 "
            "Credits(TM).",
            f"Completed on {completed:%B} {completed.day}, {completed.year}.",
        ]
    )


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _card(page, code: str):  # type: ignore[no-untyped-def]
    return page.locator("article.license-card", has=page.get_by_role("link", name=code))


def _pdf_text(path) -> str:  # type: ignore[no-untyped-def]
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def sign_up_and_confirm(page, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    page.goto("/")
    page.get_by_role("link", name="Create account").first.click()
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body)
    page.goto(link.group(1))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/dashboard/")  # confirming in the browser that signed up signs in


def enable_totp(page) -> str:  # type: ignore[no-untyped-def]
    page.get_by_role("navigation").get_by_role("link", name="Security").click()
    page.goto("/accounts/2fa/totp/activate/")
    if "reauthenticate" in page.url:  # allauth asks for the password again, even right after login
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        page.wait_for_url("**/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()
    page.wait_for_url(re.compile(r".*/accounts/2fa/.*"))
    assert Authenticator.objects.filter(user__email=EMAIL, type=Authenticator.Type.TOTP).exists()
    return secret


def add_license(page, board: str, number: str, *, questions: tuple[str, ...] = ()) -> None:  # type: ignore[no-untyped-def]
    open_license_form(page)
    page.get_by_label("Board").select_option(label=board)
    for question in questions:  # about this state: Yes/No, nothing chosen until answered
        page.get_by_role("group", name=question).get_by_label("Yes", exact=True).check()
    page.get_by_label("License number").fill(number)
    page.get_by_label("First licensed in this state").fill("2012-07-01")
    expires = timezone.localdate() + datetime.timedelta(days=300)
    page.get_by_label("Expires on").fill(expires.isoformat())
    page.get_by_role("button", name="Save license").click()
    page.wait_for_url("**/dashboard/licenses/*/")


def upload_and_log(page, tmp_path, name, title, provider, credits, days_ago) -> None:  # type: ignore[no-untyped-def]
    completed = _days_ago(days_ago)
    path = tmp_path / name
    path.write_bytes(certificate_pdf(title, provider, credits, completed))
    page.goto("/certificates/upload")
    page.get_by_label("Certificate file").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/activities/new?certificate=*")
    # The form arrives filled in from the certificate; the physician checks and saves.
    assert page.get_by_label("Title").input_value() == title
    assert page.get_by_label("Accredited provider").input_value() == provider
    assert page.get_by_label("Credits").input_value() == credits
    assert page.get_by_label("Completion date").input_value() == completed.isoformat()
    if "Opioid" in title:
        page.get_by_label("Opioid prescribing").check()
    page.get_by_role("button", name="Save activity").click()
    page.wait_for_url("**/activities/")


def test_a_physician_from_sign_up_to_an_audit_packet(
    page, live_server, mailoutbox, s3_storage, transcript_jobs, tmp_path
) -> None:
    state_rules_load(document=reference_subset("TX", "FL"))
    get_resolver().url_patterns  # noqa: B018 - import the URLconf outside the first page's timeout

    sign_up_and_confirm(page, mailoutbox)
    enable_totp(page)

    # A fact about the physician, asked once on the profile and reused by every license.
    answer_practice_question(page, "Do you provide direct patient care?", "Yes")
    add_license(page, "TX-MD — Texas Medical Board", "Q58213")
    add_license(page, "FL-DO — Florida Board of Osteopathic Medicine", "OS12345")
    assert sorted(License.objects.values_list("board__code", flat=True)) == ["FL-DO", "TX-MD"]

    for name, title, provider, credits, days_ago in certificates():
        upload_and_log(page, tmp_path, name, title, provider, credits, days_ago)
    assert Certificate.objects.filter(owner__email=EMAIL).count() == 3
    assert Activity.objects.filter(owner__email=EMAIL, certificate__isnull=False).count() == 3

    # Category 2: reading, in the quick form.
    page.goto("/activities/quick")
    page.get_by_label("Title").fill("Reading: NEJM review articles")
    page.get_by_label("Date").fill(_days_ago(10).isoformat())
    page.get_by_label("Hours").fill("4")
    page.get_by_label("Credit type").select_option(label="AMA PRA Category 2")
    page.get_by_role("button", name=re.compile("Log it|Save")).click()
    page.wait_for_url("**/activities/")

    # The dashboard says, per license, exactly what is missing.
    page.goto("/dashboard/")
    texas, florida = _card(page, "TX-MD"), _card(page, "FL-DO")
    ethics = texas.locator("li.requirement", has_text="medical ethics")
    assert "You need 2.00 more credits of medical ethics" in ethics.inner_text()
    assert "In progress" in ethics.inner_text()
    florida_text = florida.inner_text()
    # 64B15-13.001 has no AOA 1-A minimum: AMA Category 1 counts toward Florida DO's 40.
    assert "AOA Category 1-A credits" not in florida_text
    for missing in (
        "You need 1.00 more credit of state laws and board rules",
        "You need 2.00 more credits of medical errors",
    ):
        assert missing in florida_text
    assert "medical ethics" not in florida_text
    # The chart says it in words too: the total is reached, the specifics are not.
    assert "You have 48 of 40 credits: the total for this cycle is reached." in florida_text

    # The missing ethics credits, then the requirement turns met.
    page.goto("/activities/new")
    page.get_by_label("Title").fill("Ethics at the Bedside")
    page.get_by_label("Accredited provider").fill("Texas Medical Association")
    page.get_by_label("Completion date").fill(_days_ago(5).isoformat())
    page.get_by_label("Credits").fill("2")
    page.get_by_label("Medical ethics").check()
    page.get_by_role("button", name="Save activity").click()
    page.wait_for_url("**/activities/")
    page.goto("/dashboard/")
    ethics = _card(page, "TX-MD").locator("li.requirement", has_text="medical ethics")
    assert "Met" in ethics.inner_text()

    # A transcript and an audit packet for Texas, downloaded, with the activity titles inside.
    texts = {}
    for kind in ("Transcript", "Audit packet (transcript + certificates)"):
        page.get_by_role("navigation").get_by_role("link", name="Transcripts").click()
        page.get_by_role("group", name="License and CME cycle").get_by_role("radio").first.check()
        page.get_by_role("radio", name=kind, exact=True).check()
        page.get_by_role("button", name="Continue").click()
        name = page.get_by_label("Full name (as on your license)")
        if kind == "Transcript":
            # A new account has no name on file: no document is made out to an e-mail address.
            page.get_by_role("button", name="Generate the PDF").click()
            page.get_by_text("Enter your full name as your board knows it").wait_for()
            name.fill("Dana Rivera")
        else:
            assert name.input_value() == "Dana Rivera"  # saved with the first document
        page.get_by_role("button", name="Generate the PDF").click()
        status = page.locator(".transcript-status").first
        status.get_by_text("Ready").wait_for(timeout=60_000)
        with page.expect_download() as info:
            status.get_by_role("link", name="Download PDF").click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert path.read_bytes().startswith(b"%PDF")
        texts[info.value.suggested_filename] = _pdf_text(path)
    assert len(texts) == 2
    titles = [title for _, title, *_ in certificates()]
    for name, text in texts.items():
        assert "Dana Rivera" in text, name
        for title in [*titles, "Ethics at the Bedside", "Reading: NEJM review articles"]:
            assert title in text, f"{title!r} is not in {name}"
