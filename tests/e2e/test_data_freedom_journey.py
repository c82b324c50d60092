"""A physician takes the whole record away, deletes the account, and brings it back.

Export (Profile → "Download all my data"), delete the account (re-authenticate, type the
address), then a new account imports the ZIP and the dashboard judges every license exactly as
before. Certificates live in S3 (a moto server) throughout.
"""

import pytest
from django.urls import get_resolver
from django.utils import timezone

from accounts.models import User
from certificates.models import Certificate
from reporting.licenses import selectors as licenses_selectors
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def compliance(user: User) -> list[tuple]:
    """Every license's verdict, requirement by requirement, without database ids."""
    return [
        (
            item.license.board.code,
            item.license.number,
            item.report.compliant if item.report else None,
            [
                (line.result.requirement_id, str(line.result.status), line.result.earned)
                for line in item.lines
            ],
        )
        for item in licenses_selectors.dashboard(user=user, as_of=timezone.localdate())
    ]


def cards(page) -> list[str]:  # type: ignore[no-untyped-def]
    page.goto("/dashboard/")
    return page.locator("article.license-card").all_inner_texts()


def sign_in(page, email: str) -> None:  # type: ignore[no-untyped-def]
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")


def test_export_delete_and_import_into_a_new_account_keeps_every_verdict(
    page, s3_storage, demo_physician, tmp_path
) -> None:
    get_resolver().url_patterns  # noqa: B018 - import the URLconf outside the first page's timeout
    email = demo_physician.email
    before = compliance(demo_physician)
    assert len(before) == 3
    certificates = sorted(
        Certificate.objects.filter(owner=demo_physician).values_list("sha256", flat=True)
    )
    assert certificates

    sign_in(page, email)
    shown_before = cards(page)
    page.get_by_role("navigation").get_by_role("link", name="Profile").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download all my data").click()
    export = tmp_path / info.value.suggested_filename
    info.value.save_as(export)
    assert export.read_bytes()[:2] == b"PK"

    page.get_by_role("link", name="Delete your account").click()
    if "reauthenticate" in page.url:
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Type your e-mail address to confirm").fill(email)
    page.get_by_role("button", name="Delete my account and everything in it").click()
    page.get_by_text("Your account and everything in it have been deleted.").wait_for()
    assert not User.objects.filter(email=email).exists()
    assert not Certificate.objects.exists()

    newcomer = UserFactory(email="same.doctor@example.org", password=PASSWORD)
    sign_in(page, newcomer.email)
    page.get_by_role("navigation").get_by_role("link", name="Profile").click()
    page.get_by_role("link", name="Import an export").click()
    page.get_by_label("Export file (.zip)").set_input_files(str(export))
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/dashboard/")
    assert page.get_by_text("Imported 3 licenses").is_visible()

    assert compliance(newcomer) == before
    assert cards(page) == shown_before
    assert (
        sorted(Certificate.objects.filter(owner=newcomer).values_list("sha256", flat=True))
        == certificates
    )
