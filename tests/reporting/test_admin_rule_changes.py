"""Staff changing a rule set: the impact preview counts licenses, in-place edits warn first."""

import datetime
import re
from decimal import Decimal

import pytest

from reporting.models import Requirement, RuleSet
from tests.factories import BoardFactory, LicenseFactory, RuleSetFactory, log_activity
from tests.reporting import test_admin as admin_tests

change_form, url = admin_tests.change_form, admin_tests.url
# The admin tests' fixtures: the day they run on, staff with two-factor, the Texas rules.
_today = admin_tests._today
staff, staff_client, texas = admin_tests.staff, admin_tests.staff_client, admin_tests.texas

pytestmark = pytest.mark.django_db


def test_the_preview_counts_each_change_of_shortfall_without_naming_a_license(
    staff_client, texas
) -> None:
    first = LicenseFactory(
        board=texas.board, number="Q58213", expires_on=datetime.date(2027, 6, 30)
    )
    second = LicenseFactory(board=texas.board, expires_on=datetime.date(2027, 5, 31))
    for license in (first, second):
        log_activity(license.owner, credits="45", completed_on=datetime.date(2025, 9, 1))
    unchanged = LicenseFactory(board=texas.board, expires_on=datetime.date(2027, 6, 30))
    log_activity(unchanged.owner, credits="60", completed_on=datetime.date(2025, 9, 1))

    response = staff_client.post(
        url("ruleset_preview_impact", texas.pk),
        change_form(texas, **{"requirements-0-credits": "50", "_preview_impact": "1"}),
    )

    page = response.content.decode()
    (change,) = response.context["impact"].changes
    assert (change.before, change.after, change.licenses) == (
        "nothing short",
        "5.00 credits in total missing",
        2,
    )
    rows = re.findall(r"<tr>(.*?)</tr>", page.split('id="impact-changes"')[1], re.S)
    cells = [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<td>(.*?)</td>", rows[-1], re.S)
    ]
    assert cells == ["nothing short", "5.00 credits in total missing", "2"]
    # Rule maintenance, not a physician's record: no names, e-mails, numbers or renewal dates.
    for license in (first, second):
        assert license.owner.email not in page
        assert f"/admin/reporting/license/{license.pk}" not in page
    assert "8213" not in page
    assert "31 May 2027" not in page
    # The edits stay in the form, "Save" goes to the change view, and a link leads back.
    assert 'name="requirements-0-credits" value="50' in page
    assert f'action="{url("ruleset_change", texas.pk)}"' in page
    assert f'href="{url("ruleset_change", texas.pk)}"' in page
    assert "Back button" not in page
    assert Requirement.objects.get(rule_set=texas).credits == Decimal("40")


def test_the_change_form_says_which_cycles_an_in_place_edit_rewrites(staff_client, texas) -> None:
    LicenseFactory(board=texas.board, expires_on=datetime.date(2025, 12, 31))  # ended
    LicenseFactory(board=texas.board, expires_on=datetime.date(2027, 6, 30))
    LicenseFactory(board=texas.board, expires_on=datetime.date(2019, 12, 31))  # before it

    page = staff_client.get(url("ruleset_change", texas.pk)).content.decode()

    warning = page.split('id="in-place-warning"')[1].split("</div>")[0]
    text = " ".join(re.sub(r"<[^>]+>", "", warning).split())
    assert "every cycle that ends on or after 1 Jan 2020" in text
    assert "the current cycles of 2 licenses, 1 of them already ended" in text
    assert "Saving here changes all their verdicts, past ones included." in text
    # "New version" is offered first, as the way that keeps past cycles as judged.
    assert f'href="{url("ruleset_new_version", texas.pk)}"' in warning
    assert page.index('id="in-place-warning"') < page.index('name="_save"')


def test_the_first_version_reads_from_the_start_not_year_one(staff_client) -> None:
    board = BoardFactory(code="CA-MD", state="CA", name="Medical Board of California")
    first = RuleSetFactory(board=board, effective_from=datetime.date.min)

    listing = staff_client.get(url("ruleset_changelist")).content.decode()
    change = staff_client.get(url("ruleset_change", first.pk)).content.decode()
    board_page = staff_client.get(url("board_change", board.pk)).content.decode()

    assert "From the start" in listing
    assert "From the start" in board_page
    assert "every cycle" in change
    for page in (listing, board_page):
        assert "0001" not in page
    assert str(first) == "CA-MD from the start to open"


def test_the_admin_index_has_one_accounts_section(staff_client) -> None:
    page = staff_client.get("/admin/").content.decode()

    captions = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', page)
    assert len(captions) == len(set(captions)), captions
    assert "Users and API tokens" in captions


def test_the_history_page_highlights_profile_not_dashboard(alice_client) -> None:
    page = alice_client.get("/dashboard/history/").content.decode()

    current = re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', page)
    assert current == ["Profile"]


def test_rule_sets_still_sort_by_start(staff_client) -> None:
    board = BoardFactory(code="NM", state="NM", name="New Mexico")
    RuleSetFactory(
        board=board, effective_from=datetime.date.min, effective_to=datetime.date(2023, 12, 31)
    )
    RuleSetFactory(board=board, effective_from=datetime.date(2024, 1, 1))

    page = staff_client.get(url("ruleset_changelist") + "?o=2").content.decode()

    assert page.index("From the start") < page.index("1 Jan 2024")
    assert RuleSet.objects.filter(board=board).count() == 2
