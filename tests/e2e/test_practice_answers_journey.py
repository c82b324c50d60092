"""A new physician adds licenses without touching a question: nothing is silently not required.
Then a No to direct patient care on the profile names the Texas requirements it removes."""

import datetime
import re

import pytest
from django.urls import get_resolver
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Profile
from reporting.models import Board, License
from reporting.rules.services import state_rules_load
from tests.e2e.practice import answer_practice_question
from tests.reporting.conftest import reference_subset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def add_license(page, code: str, number: str, issued_on: str = "2012-07-01") -> None:  # type: ignore[no-untyped-def]
    """Fill in the license form and save it without answering any question."""
    board = Board.objects.get(code=code)
    page.goto("/dashboard/licenses/new")
    page.get_by_label("Board").select_option(value=str(board.pk))
    # The board's questions arrive by htmx; wait for them before filling the rest.
    expect(page.locator("#license-conditions")).not_to_contain_text("Once you choose a board")
    page.get_by_label("License number").fill(number)
    page.get_by_label("First licensed in this state").fill(issued_on)
    expires = timezone.localdate() + datetime.timedelta(days=400)
    page.get_by_label("Expires on").fill(expires.isoformat())
    page.get_by_role("button", name="Save license").click()
    page.wait_for_url("**/dashboard/licenses/*/")


def requirement_line(page, text: str):  # type: ignore[no-untyped-def]
    return page.locator("li.requirement", has_text=text)


def test_untouched_questions_never_make_a_requirement_silently_not_required(
    page, live_server, browser_sign_in, alice
) -> None:
    state_rules_load(document=reference_subset("FL"))
    get_resolver().url_patterns  # noqa: B018 - import the URLconf outside the first page's timeout
    browser_sign_in(page, alice)

    add_license(page, "US-DEA", "AN1234563")
    dea = License.objects.get(owner=alice, board__code="US-DEA")
    mate = requirement_line(page, "substance use disorder")
    expect(mate).to_contain_text("8")
    assert "not required" not in mate.inner_text().lower()

    # The Florida form shows the DEA question as answered by the registration just added.
    page.goto("/dashboard/licenses/new")
    page.get_by_label("Board").select_option(value=str(Board.objects.get(code="FL-DO").pk))
    expect(page.locator("#license-conditions")).to_contain_text(
        "Yes — you added a DEA registration"
    )
    add_license(page, "FL-DO", "OS12345")
    course = requirement_line(page, "controlled substances")
    expect(course).to_be_visible()
    assert "not required" not in course.inner_text().lower()

    assert License.objects.get(pk=dea.pk).condition_answers == {}
    assert License.objects.get(owner=alice, board__code="FL-DO").condition_answers == {}
    assert Profile.objects.get(user=alice).practice_facts == {}  # nothing was taken as No


def test_no_direct_patient_care_names_the_texas_requirements_it_removes(
    page, live_server, browser_sign_in, alice
) -> None:
    state_rules_load(document=reference_subset("TX"))
    get_resolver().url_patterns  # noqa: B018
    browser_sign_in(page, alice)

    # Licensed in 2021, this is the fourth renewal period: Texas asks direct patient care for
    # human trafficking (first renewal, then every third) and opioid prescribing (every 8 years).
    add_license(page, "TX-MD", "Q58213", issued_on="2021-03-01")
    texas = page.url
    # Unanswered, the Texas mandates tied to patient care may apply: the page asks.
    trafficking = requirement_line(page, "Human trafficking")
    expect(trafficking).to_contain_text("answer the question")

    answer_practice_question(page, "Do you provide direct patient care?", "No")
    assert Profile.objects.get(user=alice).practice_facts == {"direct_patient_care": False}

    page.goto(texas)
    trafficking = requirement_line(page, "Human trafficking")
    expect(trafficking).to_contain_text(re.compile("not required", re.IGNORECASE))
    expect(trafficking).to_contain_text("direct patient care")
    opioids = page.locator("li.requirement", has_text="Opioid prescribing")
    expect(opioids.first).to_be_visible()
    for line in opioids.all():
        assert "not required" in line.inner_text().lower()
    assert any("direct patient care" in line.inner_text() for line in opioids.all())

    # The license form shows the answer where it came from, with a way to change it.
    page.goto(texas + "edit")
    summary = page.locator("#license-conditions")
    expect(summary).to_contain_text("From your profile: Do you provide direct patient care? No")
    summary.get_by_role("link", name="change on your profile").first.click()
    page.wait_for_url("**/profile/#practice")
