"""A physician's licenses judged in one batch on the credits their cycles can reach: each license
gets the same verdict, and each requirement the same credits counted, as judging it alone with
the whole career, whichever other license made the batch read further back."""

import datetime
from dataclasses import replace

import pytest

from reporting.compliance import selectors
from reporting.models import Board
from tests.factories import LicenseFactory, answers, texas_license

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 22)


@pytest.fixture
def licenses(alice, load_rules, log_activity):  # type: ignore[no-untyped-def]
    load_rules("TX", "CA")
    texas = texas_license(alice, condition_answers=answers())
    california = LicenseFactory(
        owner=alice,
        board=Board.objects.get(code="CA-MD"),
        issued_on=datetime.date(2010, 1, 1),
        expires_on=datetime.date(2027, 6, 30),
        condition_answers=answers(),
    )
    day = datetime.date(2008, 1, 3)
    n = 0
    while day < AS_OF:  # a course every 40 days for nineteen years, some on topics
        topics = (("medical-ethics",), ("pain-management",), ("opioid-prescribing",), ())[n % 4]
        log_activity(alice, completed_on=day, credits=str(1 + n % 5), topics=topics)
        day += datetime.timedelta(days=40)
        n += 1
    return [texas, california]


def _without_old_topic_credits(report):  # type: ignore[no-untyped-def]
    return replace(report, results=tuple(replace(r, uncounted=()) for r in report.results))


def test_each_license_in_a_batch_is_judged_as_alone_with_the_whole_career(licenses) -> None:
    batch = selectors.judging(licenses, as_of=AS_OF)
    whole = selectors.judging(licenses)  # every credit, no reach
    listing = selectors.judging(licenses, as_of=AS_OF, old_topic_credits=True)
    read = len(batch.credits[licenses[0].owner_id])
    assert 0 < read < len(whole.credits[licenses[0].owner_id])
    for license in licenses:
        mine = batch.judge(license, as_of=AS_OF).report
        theirs = whole.judge(license, as_of=AS_OF).report
        assert mine is not None
        assert theirs is not None
        assert _without_old_topic_credits(mine) == _without_old_topic_credits(theirs)
        assert listing.judge(license, as_of=AS_OF).report == theirs
    # California carries nothing over: it is judged on fewer credits than Texas needs.
    texas, california = (batch.reached[license.pk] for license in licenses)
    assert texas.after is not None
    assert california.after is not None
    assert california.after > texas.after
