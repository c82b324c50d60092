"""The requirement lines of the pages someone the physician shares with reads (a share link's
holder, site support, a credentialing office): every credit counted and every credit not
counted, with the reason, an old course on a topic included; nothing the physician typed
becomes markup; and no link to edit, answer or attest on her behalf."""

import datetime
import re
from html import escape

import pytest
from django.test import Client
from django.urls import reverse

from accounts import support
from organizations import records
from organizations.models import Consent, Role
from reporting.compliance.selectors import LicenseCompliance, RequirementLine
from reporting.models import License
from reporting.sharing import record
from reporting.templatetags.compliance import credit_type_words
from tests.factories import MembershipFactory, OrganizationFactory, consent_grant
from tests.reporting.sharing.conftest import make_link

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 22)
TITLE = "<script>alert(1)</script>"
NUMBER = "<script>alert(2)</script>"
# The engine's reason for a topic course older than the requirement's window: listed only
# when the page is judged with `old_topic_credits`, as these pages are.
OLD_COURSE = "Ethics long ago (2.00): completed outside the window"


@pytest.fixture(autouse=True)
def _today(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime.datetime(2026, 11, 22, 18, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def texas(alice, texas_license, log_activity) -> License:  # type: ignore[no-untyped-def]
    """Alice's Texas license with a hostile number, a hostile course title counted toward the
    total, an ethics course this cycle and one long before the ethics window."""
    License.objects.filter(pk=texas_license.pk).update(number=NUMBER)
    log_activity(alice, credits="10.00", completed_on=datetime.date(2026, 2, 3), title=TITLE)
    log_activity(
        alice,
        credits="2.00",
        completed_on=datetime.date(2026, 3, 14),
        title="Ethics this cycle",
        topics=("medical-ethics",),
    )
    log_activity(
        alice,
        credits="2.00",
        completed_on=datetime.date(2015, 3, 1),
        title="Ethics long ago",
        topics=("medical-ethics",),
    )
    texas_license.refresh_from_db()
    return texas_license  # type: ignore[no-any-return]


def _share_page(texas: License) -> tuple[str, LicenseCompliance]:
    link, raw = make_link(texas)
    page = Client().get(reverse("sharing:shared", args=[raw]))
    assert page.status_code == 200
    return page.content.decode(), record.license_shared(link=link, as_of=AS_OF)


def _support_page(texas: License, support_client: Client) -> tuple[str, LicenseCompliance]:
    access = support.support_access_open(physician=texas.owner, reason="My total looks wrong")
    page = support_client.get(reverse("sharing:support_record", args=[access.public_id]))
    assert page.status_code == 200
    (item,) = record.support_record(physician=texas.owner, as_of=AS_OF).licenses
    return page.content.decode(), item


def _office_page(
    texas: License, scope: str = Consent.Scope.EVERYTHING
) -> tuple[str, LicenseCompliance]:
    office = OrganizationFactory(slug="memorial")
    member = MembershipFactory(organization=office, role=Role.STAFF).user
    consent_grant(texas.owner, office, texas, scope=scope)
    client = Client()
    client.force_login(member)
    page = client.get(reverse("organizations:license", args=["memorial", texas.pk]))
    assert page.status_code == 200
    return page.content.decode(), records.license_compliance(license=texas, as_of=AS_OF)


PAGES = {
    "share link": lambda texas, support_client: _share_page(texas),
    "support": _support_page,
    "office": lambda texas, support_client: _office_page(texas),
}


def _words(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def _requirements(page: str) -> str:
    """The page's requirements section, from its verdict to its last line."""
    return page.split('<section id="requirements', 1)[1].split("</section>", 1)[0]


def _expected(line: RequirementLine) -> list[str]:
    """Each credit of the line as its list item reads, escaped as the page must escape it."""
    counted = [
        f"<li>{credit.completed_on.day} {credit.completed_on:%b %Y} — {escape(credit.title)}"
        f" ({credit.credits:.2f} {escape(credit_type_words(credit.credit_type))})</li>"
        for credit in line.counted
    ]
    uncounted = [
        f"<li>{escape(credit.title)} ({credit.credits:.2f}): {escape(reason)}</li>"
        for credit, reason in line.uncounted
    ]
    return counted + uncounted


@pytest.mark.parametrize("name", PAGES)
def test_each_line_lists_every_credit_counted_and_not_counted_with_the_reason(
    name, texas, support_client
):
    page, item = PAGES[name](texas, support_client)

    lines = _requirements(page).split('<li class="requirement">')[1:]
    assert len(lines) == len(item.lines) > 0
    for segment, line in zip(lines, item.lines, strict=True):
        for credit in _expected(line):
            assert credit in segment, (line.result.requirement_id, credit)
        if line.uncounted:
            assert "Which activities counted and which did not" in segment
    assert OLD_COURSE in _words(page)
    assert sum(len(line.uncounted) for line in item.lines) > 0


@pytest.mark.parametrize("name", PAGES)
def test_a_hostile_title_and_license_number_stay_text(name, texas, support_client):
    page, _ = PAGES[name](texas, support_client)

    assert "<script>alert(" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # the course, in its list
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page  # the license number


@pytest.mark.parametrize("name", PAGES)
def test_nothing_edits_answers_or_attests_on_her_behalf(name, texas, support_client):
    # Questions left open: the owner's page links each to where it is answered.
    License.objects.filter(pk=texas.pk).update(condition_answers={})
    page, _ = PAGES[name](texas, support_client)

    requirements = _requirements(page)
    assert "May apply — answer:" in requirements
    assert "<a " not in requirements
    assert reverse("reporting:license_edit", args=[texas.pk]) not in page
    assert "Attest instead" not in page
    assert "hx-get" not in requirements  # the lists are written inline, not fetched


def test_a_status_only_consent_shows_the_lines_without_any_activity(texas):
    page, item = _office_page(texas, scope=Consent.Scope.STATUS)

    assert _requirements(page).count('<li class="requirement">') == len(item.lines) > 0
    assert "Which activities counted" not in page
    assert "Ethics long ago" not in page
    assert "alert(1)" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
