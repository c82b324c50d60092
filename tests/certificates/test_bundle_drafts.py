"""A file of four certificates becomes four drafts, each with its page, confirmed one by one.

These need the reader that splits bundles (certificates.extraction.readings): a reader that
takes a whole file as one certificate fails them.
"""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from certificates.models import Certificate, Draft
from tests.certificates.bundles import bundle_pdf, certificate_lines
from tests.certificates.helpers import store
from tests.reporting.transcripts import conftest as transcript_fixtures

TITLES = [
    "Human Trafficking: Recognition and Response",
    "Safe Opioid Prescribing",
    "Implicit Bias in Clinical Care",
    "Domestic Violence Screening",
]

eager_celery = transcript_fixtures.eager_celery
vocabulary = transcript_fixtures.vocabulary


def _bundle() -> bytes:
    return bundle_pdf(
        [certificate_lines(title, day=f"March {4 + n}, 2025") for n, title in enumerate(TITLES)]
    )


@pytest.mark.django_db
def test_a_bundle_of_four_certificates_is_four_drafts_with_their_pages(alice) -> None:
    certificate = store(alice, _bundle(), "bundle.pdf")
    drafts = list(certificate.drafts.order_by("position"))
    assert [(d.first_page, d.last_page) for d in drafts] == [(1, 1), (2, 2), (3, 3), (4, 4)]
    assert [d.suggestions["title"] for d in drafts] == TITLES
    assert [d.suggestions["completed_on"] for d in drafts] == [
        "2025-03-04",
        "2025-03-05",
        "2025-03-06",
        "2025-03-07",
    ]
    assert all(d.suggestions["credits"] == "1.00" for d in drafts)


@pytest.mark.django_db
def test_a_bundle_upload_lists_its_drafts_and_each_review_shows_only_its_page(
    alice, alice_client
) -> None:
    from tests.certificates.helpers import upload

    response = alice_client.post(reverse("certificates:upload"), {"file": upload(_bundle())})
    certificate = Certificate.objects.get()
    assert response["Location"] == reverse("certificates:reading", args=[certificate.pk])
    page = alice_client.get(response["Location"]).content.decode()
    assert "4 drafts to confirm" in page
    third = certificate.drafts.get(position=3)
    review = alice_client.get(reverse("activities:create"), {"draft": third.pk})
    assert review.context["page_numbers"] == [3]
    assert review.context["form"].initial["title"] == TITLES[2]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_upload_a_bundle_of_four_and_find_four_drafts(
    page, alice, browser_sign_in, eager_celery, vocabulary, tmp_path
) -> None:
    pdf = tmp_path / "four certificates.pdf"
    pdf.write_bytes(_bundle())
    browser_sign_in(page, alice)
    page.goto("/certificates/upload")
    page.get_by_label("Certificate file").set_input_files(str(pdf))
    page.get_by_role("button", name="Upload").click()
    page.wait_for_url(re.compile(r"/certificates/\d+/reading$"))
    expect(page.get_by_role("heading", name="4 drafts to confirm")).to_be_visible()
    for title in TITLES:
        expect(page.get_by_text(title)).to_be_visible()
    page.get_by_role("link", name="Review draft 2").click()
    expect(page.get_by_role("textbox", name="Title")).to_have_value(TITLES[1])
    expect(page.get_by_role("img", name=re.compile(r"^Page 2 of"))).to_be_visible()
    page.wait_for_load_state("networkidle")  # no page image still drawing at teardown
    assert Draft.objects.count() == 4
