"""A physician adds a Texas license, logs ethics credits and watches the requirement turn met."""

import datetime

import pytest
import time_machine
from django.test import Client
from playwright.sync_api import expect

from accounts.models import Profile
from reporting.models import License
from reporting.rules.services import state_rules_load
from tests.e2e.practice import answer_practice_question, open_license_form
from tests.factories import log_activity
from tests.reporting.conftest import reference_subset

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _sign_in(page, live_server, user) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def _ethics_line(page):  # type: ignore[no-untyped-def]
    return page.locator("li.requirement", has_text="medical ethics")


@time_machine.travel(datetime.datetime(2026, 11, 22, 15, 0, tzinfo=datetime.UTC), tick=True)
def test_adding_ethics_credits_turns_the_texas_requirement_met(page, live_server, alice) -> None:
    state_rules_load(document=reference_subset("TX"))
    _sign_in(page, live_server, alice)

    # A fact about the physician, not the state: answered once, on the profile.
    answer_practice_question(page, "Do you provide direct patient care?", "Yes")
    open_license_form(page)
    page.get_by_label("Board").select_option(label="TX-MD — Texas Medical Board")
    # The questions this board's rules ask arrive by htmx once the board is chosen.
    page.get_by_role("group", name="pain-management clinic").get_by_label("No").check()
    page.get_by_label("License number").fill("Q58213")
    page.get_by_label("First licensed in this state").fill("2010-06-01")
    page.get_by_label("Expires on").fill("2026-11-01")
    page.get_by_role("button", name="Save license").click()
    page.wait_for_url("**/dashboard/licenses/*/")

    assert License.objects.get(owner=alice).condition_answers == {"pain_clinic": False}
    assert Profile.objects.get(user=alice).practice_facts == {"direct_patient_care": True}
    assert "Short" in _ethics_line(page).inner_text()

    page.goto("/activities/new")
    page.get_by_label("Title").fill("Ethics at the bedside")
    page.get_by_label("Accredited provider").fill("Texas Medical Association")
    page.get_by_label("Completion date").fill("2026-10-01")
    page.get_by_label("Credits").fill("2")
    page.get_by_label("Medical ethics").check()
    page.get_by_role("button", name="Save activity").click()
    page.wait_for_url("**/activities/")

    log_activity(
        alice,
        completed_on=datetime.date(2012, 5, 1),
        credits="2",
        topics=("medical-ethics",),
        title="Ethics, years ago",
    )
    page.goto("/dashboard/")
    page.locator(".license-card").get_by_role("link", name="TX-MD").click()
    line = _ethics_line(page)
    assert "Met" in line.inner_text()
    # The lists arrive when the requirement is opened: this cycle's course counted, a course
    # taken long before the window listed as not counted, with the reason.
    line.get_by_text("Which activities counted").click()
    expect(line.get_by_text("Ethics at the bedside")).to_be_visible()
    expect(
        line.get_by_text("Ethics, years ago (2.00): completed outside the window")
    ).to_be_visible()
