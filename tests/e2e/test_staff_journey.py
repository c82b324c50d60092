"""A credentialing staff member raises a board's total for future cycles, in Chromium.

Staff sign in to the admin with a password and a TOTP code, start a new version of the Texas
rules from the day after a physician's current cycle ends, preview its impact, raise the total,
preview again (nothing saved; the edits stay in the form), save, and the physician's dashboard
keeps the old total for the current cycle and shows the new one once the license is renewed
into the next cycle.
"""

import datetime
import re
import time
from decimal import Decimal

import pytest
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.urls import get_resolver
from django.utils import timezone

from reporting.models import Board, License, Requirement, RuleSet
from reporting.rules.services import state_rules_load
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD
from tests.reporting import conftest as reporting_fixtures
from tests.reporting.conftest import reference_subset
from tests.reporting.factories import answers

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

log_activity = reporting_fixtures.log_activity


def totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def _total_line(page):  # type: ignore[no-untyped-def]
    card = page.locator("article.license-card", has=page.get_by_role("link", name="TX-MD"))
    return card.locator("li.requirement", has_text="in total")


def test_staff_raise_the_texas_total_for_the_next_cycle_only(
    page, browser, live_server, browser_sign_in, alice, log_activity
) -> None:
    state_rules_load(document=reference_subset("TX"))
    get_resolver().url_patterns  # noqa: B018 - import the URLconf outside the first page's timeout
    today = timezone.localdate()
    license = License.objects.create(
        owner=alice,
        board=Board.objects.get(code="TX-MD"),
        number="Q58213",
        issued_on=datetime.date(2010, 6, 1),
        expires_on=today + datetime.timedelta(days=200),
        condition_answers=answers("direct_patient_care"),
    )
    log_activity(alice, credits="50", completed_on=today - datetime.timedelta(days=30))
    staff = UserFactory(email="credentialing@example.com", password=PASSWORD, is_staff=True)
    staff.is_superuser = True
    staff.save()
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    old = RuleSet.objects.get(board__code="TX-MD")
    old_total = Requirement.objects.get(rule_set=old, kind="total").credits
    assert old_total == Decimal("48")
    next_cycle_from = license.expires_on + datetime.timedelta(days=1)

    # Staff: password, then the authenticator's code, then the admin.
    page.goto("/admin/")
    page.get_by_label("Email").fill(staff.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name=re.compile("Sign In|Confirm")).click()
    page.wait_for_url("**/admin/")

    page.get_by_role("link", name="Rule sets").click()
    page.get_by_role("link", name=re.compile(r"^TX-MD")).first.click()
    page.get_by_role("link", name="New version…").click()
    page.get_by_label("New version in force from").fill(next_cycle_from.isoformat())
    page.get_by_role("button", name="Preview impact").click()
    # The physician's current cycle ends before the new version starts: nobody is judged by it.
    assert page.locator("#impact-considered").inner_text() == "0"
    assert RuleSet.objects.filter(board__code="TX-MD").count() == 1
    page.get_by_role("button", name="Create the new version").click()
    page.wait_for_url(re.compile(r".*/admin/reporting/ruleset/\d+/change/"))
    new = RuleSet.objects.get(board__code="TX-MD", effective_from=next_cycle_from)

    # Raise the total in the copy; preview what that would change (it saves nothing), then save.
    total_index = page.evaluate(
        """() => [...document.querySelectorAll("select[name$='-kind']")]
             .find(el => el.value === "total").name.split("-")[1]"""
    )
    credits = page.locator(f"input[name='requirements-{total_index}-credits']")
    credits.fill("60")
    page.get_by_role("button", name="Preview impact (saves nothing)").click()
    # Still nobody: the raised total only judges cycles that end after the new version starts.
    assert page.locator("#impact-considered").inner_text() == "0"
    assert Requirement.objects.get(rule_set=new, kind="total").credits == old_total
    # The preview is the form again with the edits kept: save from there.
    assert page.locator(f"input[name='requirements-{total_index}-credits']").input_value() == "60"
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url("**/admin/reporting/ruleset/")
    assert Requirement.objects.get(rule_set=new, kind="total").credits == Decimal("60")
    assert Requirement.objects.get(rule_set=old, kind="total").credits == Decimal("48")

    # The physician: the current cycle keeps 48; the next cycle (after renewing) wants 60.
    physician = browser.new_context(base_url=live_server.url)
    try:
        mine = physician.new_page()
        browser_sign_in(mine, alice)
        mine.goto("/dashboard/")
        assert "Met: 50.00 of 48.00 credits in total." in _total_line(mine).inner_text()
        mine.goto(f"/dashboard/licenses/{license.pk}/edit")
        renewed = license.expires_on.replace(year=license.expires_on.year + 2)
        mine.get_by_label("Expires on").fill(renewed.isoformat())
        mine.get_by_role("button", name="Save license").click()
        mine.wait_for_url("**/dashboard/licenses/*/")
        mine.goto("/dashboard/")
        line = _total_line(mine).inner_text()
        assert "60.00" in line, line
        assert "48.00" not in line
    finally:
        physician.close()
