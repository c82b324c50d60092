"""The credits a verdict rests on are read in one query of plain rows: they must be exactly the
physician's activities as the ORM reads them (dates, credits to the cent, every topic), and
with a reach exactly those the engine says it can look at."""

import datetime
from decimal import Decimal
from types import MappingProxyType

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from reporting.compliance.selectors import credits_by_owner
from reporting.engine import Credit, Reach

pytestmark = pytest.mark.django_db

TOPICS = (
    (),
    ("medical-ethics",),
    ("pain-management", "opioid-prescribing"),
    ("opioid-prescribing",),
)


@pytest.fixture
def records(alice, bob, log_activity):  # type: ignore[no-untyped-def]
    day = datetime.date(2012, 1, 5)
    n = 0
    while day < datetime.date(2026, 11, 1):
        for owner in (alice, bob):
            log_activity(
                owner,
                completed_on=day,
                credits=("1.5", "30", "0.25", "2.75")[n % 4],
                credit_type=("ama-pra-1", "ama-pra-2")[n % 2],
                topics=TOPICS[n % len(TOPICS)],
                title=f'Course {n} <b>&amp;</b> "{owner.email}"',
            )
        day += datetime.timedelta(days=97)
        n += 1
    # Two the same day: ordered by id within it.
    log_activity(alice, completed_on=day, credits="1", topics=("medical-ethics",))
    log_activity(alice, completed_on=day, credits="2")
    return alice, bob


def as_the_orm_reads_them(owner) -> list[Credit]:  # type: ignore[no-untyped-def]
    return [
        Credit(
            activity_id=activity.pk,
            completed_on=activity.completed_on,
            credit_type=activity.credit_type.slug,
            credits=activity.credits,
            topics=frozenset(topic.slug for topic in activity.topics.all()),
            title=activity.title,
        )
        for activity in Activity.objects.filter(owner=owner)
        .select_related("credit_type")
        .prefetch_related("topics")
        .order_by("completed_on", "pk")
    ]


def test_every_credit_is_read_as_the_orm_reads_it_in_one_query(records) -> None:
    alice, bob = records
    with CaptureQueriesContext(connection) as queries:
        read = credits_by_owner(owner_ids=[alice.pk, bob.pk])

    assert len(queries.captured_queries) == 1
    for owner in (alice, bob):
        expected = as_the_orm_reads_them(owner)
        assert read[owner.pk] == expected
        # To the cent, as stored: "30.00", not "30" (the pages print them).
        assert [str(credit.credits) for credit in read[owner.pk]] == [
            str(credit.credits) for credit in expected
        ]
        assert all(isinstance(credit.credits, Decimal) for credit in read[owner.pk])
    assert any(len(credit.topics) == 2 for credit in read[alice.pk])


@pytest.mark.parametrize(
    "reach",
    [
        Reach(after=datetime.date(2024, 6, 30)),
        Reach(
            after=datetime.date(2024, 6, 30),
            topics=MappingProxyType(
                {
                    "opioid-prescribing": datetime.date(2018, 1, 1),
                    "medical-ethics": None,
                    "pain-management": datetime.date(2018, 1, 1),
                    "human-trafficking": datetime.date(2020, 1, 1),
                }
            ),
        ),
        Reach(after=datetime.date(2024, 6, 30), topics=MappingProxyType({"medical-ethics": None})),
        Reach(after=None),
    ],
)
def test_with_a_reach_exactly_the_credits_in_it_are_read(records, reach) -> None:
    alice, bob = records
    with CaptureQueriesContext(connection) as queries:
        read = credits_by_owner(owner_ids=[alice.pk, bob.pk], reach=reach)

    assert len(queries.captured_queries) == 1
    for owner in (alice, bob):
        whole = as_the_orm_reads_them(owner)
        assert read[owner.pk] == [credit for credit in whole if credit in reach]
        assert 0 < len(read[owner.pk]) <= len(whole)


def test_no_one_has_no_credits_and_asks_nothing() -> None:
    with CaptureQueriesContext(connection) as queries:
        assert credits_by_owner(owner_ids=[]) == {}
    assert queries.captured_queries == []
