"""In Chromium: upload a certificate, find it in the list and download it."""

import pytest

from certificates.models import Certificate
from tests.certificates.factories import make_pdf
from tests.conftest import PASSWORD

NAME = "Grand rounds \u2013 March.pdf"  # non-ASCII: the RFC 5987 header must carry it

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_upload_then_download_from_the_list(page, alice, tmp_path) -> None:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    pdf = tmp_path / NAME
    pdf.write_bytes(make_pdf(["Certificate of Completion", "Grand rounds, March 4, 2024"]))

    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(alice.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")

    page.goto("/certificates/upload")
    page.get_by_label("Certificate file").set_input_files(str(pdf))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url("**/activities/new?certificate=*")
    assert page.url.endswith(f"?certificate={Certificate.objects.get().pk}")

    page.goto("/certificates/")
    with page.expect_download() as download:
        page.get_by_role("link", name=f"Download {NAME}").click()
    assert download.value.suggested_filename == NAME
    assert violations == []
