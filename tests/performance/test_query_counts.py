"""Every list and dashboard page runs the same number of SQL queries for 5 and for 50 items.

Counts, not timings: a page whose queries grow with the physician's record (an N+1) fails here
on any machine. Each page also stays under a stated ceiling, so a new query per page is a
deliberate change to this file. The figures behind these ceilings: docs/performance.md.
"""

import datetime
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from activities.models import Activity, CreditType, Topic
from reporting.models import License, Transcript
from reporting.rule_book import read_rule_book
from reporting.rules.services import state_rules_load
from tests import factories
from tests.certificates.factories import CertificateFactory
from tests.storage import local_media

TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    local_media(settings, tmp_path)


@pytest.fixture
def texas_license(alice) -> License:  # type: ignore[no-untyped-def]
    document = read_rule_book()
    document = {**document, "boards": [b for b in document["boards"] if b["state_code"] == "TX"]}
    state_rules_load(document=document)
    return factories.texas_license(alice, number="Q12345", issued_on=datetime.date(2010, 1, 1))


def log_activities(owner, count: int) -> None:  # type: ignore[no-untyped-def]
    """`count` more activities, every third one with a topic (so topic lookups are exercised)."""
    kinds = list(CreditType.objects.order_by("position")[:2])
    ethics = Topic.objects.order_by("pk").first()
    start = Activity.objects.filter(owner=owner).count()
    for i in range(start, start + count):
        activity = factories.ActivityFactory(
            owner=owner,
            title=f"Grand rounds {i}",
            provider="Accredited Provider",
            started_on=TODAY - datetime.timedelta(days=i),
            completed_on=TODAY - datetime.timedelta(days=i),
            credit_type=kinds[i % len(kinds)],
            credits=Decimal("1.25"),
        )
        if i % 3 == 0 and ethics is not None:
            activity.topics.add(ethics)


def change_records(owner, count: int) -> None:  # type: ignore[no-untyped-def]
    """`count` rounds of: log an activity, change it, change the license (history rows)."""
    license = License.objects.get(owner=owner)
    before = Activity.objects.filter(owner=owner).count()
    log_activities(owner, count)
    for activity in Activity.objects.filter(owner=owner).order_by("pk")[before:]:
        activity.credits += 1
        activity.save()
        license.number = f"Q{activity.pk}"
        license.save()


def store_certificates(owner, count: int) -> None:  # type: ignore[no-untyped-def]
    for _ in range(count):
        CertificateFactory(owner=owner)


def request_transcripts(owner, count: int) -> None:  # type: ignore[no-untyped-def]
    license = License.objects.get(owner=owner)
    for _ in range(count):
        Transcript.objects.create(
            owner=owner,
            license=license,
            cycle_start=datetime.date(2025, 8, 31),
            cycle_end=datetime.date(2027, 8, 31),
        )


# page -> (URL given the license, how its items grow, query ceiling, text the page must show).
# Ceilings are the counts measured on 2026-11-22 plus 2; the verdict pages read the practice
# answers too since 2026-12-07 (profile facts, DEA registration and attestations, in one query
# since the same day: two fewer on each verdict page); the activity list reads its rows' topic
# names with the rows since then too (one fewer).
PAGES: dict[str, tuple[Callable[[License], str], Callable[..., None], int, str]] = {
    "dashboard": (lambda lic: "/dashboard/", log_activities, 11, "TX-MD"),
    "activity list": (lambda lic: "/activities/", log_activities, 8, "Grand rounds"),
    "certificate list": (lambda lic: "/certificates/", store_certificates, 6, "certificate-"),
    "transcripts list": (
        lambda lic: "/dashboard/transcripts/",
        request_transcripts,
        10,
        "Queued",
    ),
    "license detail": (lambda lic: f"/dashboard/licenses/{lic.pk}/", log_activities, 13, "TX-MD"),
    "compliance API": (
        lambda lic: f"/api/v1/licenses/{lic.pk}/compliance",
        log_activities,
        11,
        "requirements",
    ),
    "activities API list": (lambda lic: "/api/v1/activities", log_activities, 7, "Grand rounds"),
    "certificates API list": (
        lambda lic: "/api/v1/certificates",
        store_certificates,
        7,
        "certificate-",
    ),
    "transcripts API list": (lambda lic: "/api/v1/transcripts", request_transcripts, 7, "queued"),
    "history": (lambda lic: "/dashboard/history/", change_records, 8, "Grand rounds"),
}


def queries_for(client: Client, url: str, shows: str) -> int:
    client.get(url)  # the first request fills per-process caches (sessions, content types)
    # Counted with the verdict cache empty: the first visit after a change is the costly one.
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"as_of": TODAY.isoformat()} if "dashboard" in url else {})
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    assert shows in response.content.decode(), f"{url} does not show {shows!r}"
    return len(captured.captured_queries)


@pytest.mark.parametrize("page", list(PAGES))
def test_queries_do_not_grow_with_the_record(page, alice, alice_client, texas_license) -> None:  # type: ignore[no-untyped-def]
    path, grow, ceiling, shows = PAGES[page]
    url = path(texas_license)
    grow(alice, 5)
    with_5 = queries_for(alice_client, url, shows)
    grow(alice, 45)
    with_50 = queries_for(alice_client, url, shows)
    assert with_50 == with_5, f"{page}: {with_5} queries with 5 items, {with_50} with 50 (an N+1)"
    assert with_50 <= ceiling, f"{page}: {with_50} queries, the ceiling is {ceiling}"


def test_the_lists_show_the_newest_page_only(alice, alice_client, texas_license) -> None:  # type: ignore[no-untyped-def]
    """The query count holds because lists are paginated: 50 activities are not 50 rows."""
    log_activities(alice, 50)
    body = alice_client.get("/activities/").content.decode()
    assert len(set(re.findall(r"Grand rounds (\d+)", body))) == 25  # one page
    api = alice_client.get("/api/v1/activities").json()
    assert api["count"] == 50
