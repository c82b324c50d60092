"""A requirement's lists of credits, fetched when the person opens it on the license page: the
page itself carries the summary lines, the lists come on demand, judged with the whole career
so that an old course on the topic is still listed as not counted, with the reason."""

import datetime
import re

import pytest
from django.urls import reverse

from reporting.licenses import selectors
from reporting.models import License, Requirement
from tests.factories import answers, texas_license
from tests.reporting.licenses.opened import lists_urls

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 22)
HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _today(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC))


@pytest.fixture
def texas(alice, load_rules, log_activity) -> License:  # type: ignore[no-untyped-def]
    load_rules("TX")
    license = texas_license(alice, condition_answers=answers())
    log_activity(
        alice,
        completed_on=datetime.date(2026, 3, 1),
        credits="2",
        topics=("medical-ethics",),
        title="Ethics this cycle",
    )
    log_activity(
        alice,
        completed_on=datetime.date(2015, 3, 1),
        credits="2",
        topics=("medical-ethics",),
        title="Ethics long ago",
    )
    log_activity(
        alice,
        completed_on=datetime.date(2026, 4, 1),
        credits="3",
        title='<script>alert("x")</script>',
    )
    return license


def _ethics_code() -> str:
    return next(
        r.code for r in Requirement.objects.filter(kind="topic") if "medical-ethics" in r.topics
    )


def _ethics_url(client, license: License) -> str:  # type: ignore[no-untyped-def]
    page = client.get(reverse("reporting:license_detail", args=[license.pk])).content.decode()
    path = reverse("reporting:requirement_credits", args=[license.pk, _ethics_code()])
    return next(url for url in lists_urls(page) if url.startswith(path + "?"))


def _words(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


def test_the_license_page_carries_the_summary_lines_and_not_the_lists(alice_client, texas):
    page = alice_client.get(reverse("reporting:license_detail", args=[texas.pk])).content.decode()
    assert "Ethics this cycle" not in page
    assert "Ethics long ago" not in page
    assert "5.00 of 48.00 credits" in _words(page)  # the hours counted stay on the page
    assert "Show the activities" in page  # the no-script way to the lists


def test_the_owner_opens_the_topic_and_sees_an_old_course_not_counted_with_the_reason(
    alice_client, texas
):
    response = alice_client.get(_ethics_url(alice_client, texas), headers=HX)
    assert response.status_code == 200
    text = _words(response.content.decode())
    counted, _, not_counted = text.partition("Not counted:")
    assert "Ethics this cycle (2.00" in counted
    assert "Ethics long ago (2.00): completed outside the window" in not_counted
    assert "<html" not in response.content.decode()  # a fragment for the opened <details>


def test_without_scripts_the_link_leads_to_a_page_of_the_lists(alice_client, texas):
    response = alice_client.get(_ethics_url(alice_client, texas))
    assert response.status_code == 200
    text = _words(response.content.decode())
    assert "Back to the TX-MD license" in text
    assert "Ethics long ago (2.00): completed outside the window" in text


def test_the_page_reads_only_what_the_cycle_reaches_and_the_lists_read_the_career(alice, texas):
    item = selectors.license_compliance(user=alice, pk=texas.pk, as_of=AS_OF)
    full, line = selectors.requirement_credits(
        user=alice, pk=texas.pk, code=_ethics_code(), as_of=AS_OF
    )
    titles = {credit.title for credit in item.credits.values()}
    assert "Ethics long ago" not in titles
    assert "Ethics long ago" in {credit.title for credit, _ in line.uncounted}
    assert item.report is not None
    assert full.report is not None
    assert (item.report.status, item.report.compliant) == (
        full.report.status,
        full.report.compliant,
    )
    for mine, theirs in zip(item.report.results, full.report.results, strict=True):
        assert (mine.status, mine.counted, mine.earned) == (
            theirs.status,
            theirs.counted,
            theirs.earned,
        )


def test_a_hostile_title_stays_escaped(alice_client, texas):
    page = alice_client.get(reverse("reporting:license_detail", args=[texas.pk])).content.decode()
    fragments = [alice_client.get(url, headers=HX).content.decode() for url in lists_urls(page)]
    assert any("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in f for f in fragments)
    assert not any('<script>alert("x")' in f for f in fragments)


def test_another_physician_gets_404(alice_client, bob_client, texas):
    url = _ethics_url(alice_client, texas)
    assert bob_client.get(url).status_code == 404
    assert bob_client.get(url, headers=HX).status_code == 404


def test_a_requirement_the_rules_do_not_have_is_404_and_only_reads_are_allowed(alice_client, texas):
    missing = reverse("reporting:requirement_credits", args=[texas.pk, "no-such-requirement"])
    assert alice_client.get(missing).status_code == 404
    url = _ethics_url(alice_client, texas)
    assert alice_client.post(url).status_code == 405


def test_lists_opened_on_a_what_if_page_count_the_hypothetical_credits(alice_client, texas):
    page = alice_client.get(
        reverse("reporting:license_detail", args=[texas.pk]),
        {"credits": "2", "credit_type": "ama-pra-1", "topic": "medical-ethics"},
    ).content.decode()
    path = reverse("reporting:requirement_credits", args=[texas.pk, _ethics_code()])
    url = next(url for url in lists_urls(page) if url.startswith(path + "?"))
    text = _words(alice_client.get(url, headers=HX).content.decode())
    assert "Hypothetical credits (not saved)" in text
