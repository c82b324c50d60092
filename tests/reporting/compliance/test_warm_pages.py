"""The pages judged at write time: after a change commits, the next visit finds them cached,
and what it finds is exactly what judging on the spot would have shown.

Each warm-up path gets its own test: an activity saved, a CSV import, a license change, an
attestation, practice answers, a rule change re-evaluated by staff, and the new day.
"""

import datetime
from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities import spreadsheets
from activities.models import CreditType
from activities.services import activity_create
from reporting.compliance import evaluation
from reporting.compliance import selectors as compliance_selectors
from reporting.licenses import services as license_services
from reporting.licenses import warm
from reporting.models import Attestation, Board, License, Requirement
from tests.factories import answers

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _today(time_machine) -> None:  # type: ignore[no-untyped-def]
    time_machine.move_to(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC))
    cache.clear()


@pytest.fixture(autouse=True)
def _warm_up_in_process() -> Iterator[None]:
    """The warm-up runs where the change commits, as in the embedded default; with a broker
    (CI) nothing here consumes the judging queue."""
    from cmetrack.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def texas(alice, load_rules) -> License:  # type: ignore[no-untyped-def]
    load_rules("TX")
    return License.objects.create(
        owner=alice,
        board=Board.objects.get(code="TX-MD"),
        number="TX-LICENSE-W1",
        issued_on=datetime.date(2012, 1, 1),
        expires_on=datetime.date(2027, 8, 31),
        condition_answers=answers(),
    )


def _get(client, url: str) -> tuple[str, int]:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    if "<main" in page:  # the page's own content: the CSRF token in the head differs per visit
        page = page[page.index("<main") : page.index("</main>")]
    return page, len(captured)


def _pages(license: License) -> list[str]:
    return [
        reverse("reporting:dashboard"),
        reverse("reporting:license_detail", args=[license.pk]),
        f"/api/v1/licenses/{license.pk}/compliance",
    ]


def assert_served_warm_and_right(client, license: License, expect: str) -> None:  # type: ignore[no-untyped-def]
    """Every page is a cache hit (no judging: the queries of a repeat visit), shows `expect`,
    and is the same as the page judged on the spot with the cache emptied."""
    warm_pages = [_get(client, url) for url in _pages(license)]
    cache.clear()
    cold_pages = [_get(client, url)[0] for url in _pages(license)]
    for (page, queries), cold, url in zip(warm_pages, cold_pages, _pages(license), strict=True):
        # session, user, record version (+ the license itself on its page): nothing judged
        assert queries <= 4, (url, queries)
        assert page == cold, url
    assert expect in warm_pages[0][0]


def _credit_type() -> CreditType:
    return CreditType.objects.get(slug="ama-pra-1")


def test_an_activity_saved_warms_the_pages_under_the_new_version(
    alice, alice_client, texas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        activity_create(
            owner=alice,
            title="Sepsis update",
            provider="State Society",
            completed_on=datetime.date(2026, 3, 1),
            started_on=datetime.date(2026, 3, 1),
            credit_type=_credit_type(),
            credits=Decimal("10"),
            format="live",
        )
    assert_served_warm_and_right(alice_client, texas, "You need 38.00 more credits")


def test_a_csv_import_of_many_rows_is_one_warm_up(
    alice, alice_client, texas, django_capture_on_commit_callbacks
) -> None:
    header = "title,provider,started_on,completed_on,credit_type,credits,format,topics,notes\n"
    rows = "".join(
        f"Case review {n},Hospital,2026-02-{n % 28 + 1:02d},2026-02-{n % 28 + 1:02d},"
        "ama-pra-1,0.25,live,,\n"
        for n in range(120)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert (
            spreadsheets.activity_import(owner=alice, data=(header + rows).encode()).created == 120
        )
    assert len(callbacks) == 1  # one message for the whole file, not one per row
    callbacks[0]()
    assert_served_warm_and_right(alice_client, texas, "You need 18.00 more credits")


def test_a_license_change_warms_its_pages(
    alice, alice_client, texas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        license_services.license_update(license=texas, number="TX-RENEWED-7")
    assert_served_warm_and_right(alice_client, texas, "TX-RENEWED-7")


def test_an_attestation_warms_the_pages(
    alice, alice_client, texas, django_capture_on_commit_callbacks
) -> None:
    code = next(
        r.code
        for r in Requirement.objects.filter(rule_set__board__code="TX-MD")
        if r.kind not in ("total", "category_cap", "category_min")
    )
    with django_capture_on_commit_callbacks(execute=True):
        license_services.attestation_save(
            user=alice,
            license=texas,
            requirement_code=code,
            kind="completed",
            completed_on=datetime.date(2026, 5, 1),
        )
    assert Attestation.objects.filter(license=texas).count() == 1
    assert_served_warm_and_right(alice_client, texas, "Attested")


def test_practice_answers_warm_the_pages(
    alice, alice_client, texas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        license_services.profile_practice_update(user=alice, answers={"dea_registrant": True})
    assert_served_warm_and_right(alice_client, texas, "TX-LICENSE-W1")


def test_a_rule_change_by_staff_warms_every_holders_pages(
    alice, alice_client, texas, django_capture_on_commit_callbacks
) -> None:
    total = Requirement.objects.get(rule_set__board__code="TX-MD", kind="total")
    total.credits = Decimal("60")
    with django_capture_on_commit_callbacks(execute=True):
        total.save()  # what the admin's requirement inline does, then re-evaluates
        evaluation.licenses_reevaluate_on_commit(board_id=total.rule_set.board_id)
    assert_served_warm_and_right(alice_client, texas, "You need 60.00 more credits")


def test_the_new_day_is_warmed_once(alice, alice_client, texas, time_machine) -> None:
    assert warm.pages_warm_today() == 1  # one message for every physician with a license
    assert warm.pages_warm_today() == 0  # the later hourly runs find the day done
    assert_served_warm_and_right(alice_client, texas, "You need 48.00 more credits")
    time_machine.move_to(datetime.datetime(2026, 11, 23, 0, 5, tzinfo=datetime.UTC))
    assert warm.pages_warm_today() == 1
    assert_served_warm_and_right(alice_client, texas, "As of 23 Nov 2026")


def test_a_warm_up_of_an_older_version_is_never_served(
    alice, alice_client, texas, log_activity
) -> None:
    assert warm.pages_warm(user=alice)
    # A change the warm-up never heard of (no commit hook): the version moves, the page misses.
    log_activity(alice, credits="20", completed_on=datetime.date(2026, 4, 1))
    page, queries = _get(alice_client, reverse("reporting:dashboard"))
    assert "You need 28.00 more credits" in page
    assert queries > 4  # judged on the spot
    assert warm.pages_warm(user=alice)  # a warm-up judges the version it reads itself
    assert not warm.pages_warm(user=alice)  # and then has nothing left to do


def test_a_pending_warm_up_absorbs_the_next_change(alice, texas) -> None:
    warm.pages_warm_soon(owner_id=alice.pk)  # eager here: ran at once and cleared its mark
    assert cache.get(f"pages-warm-pending:{alice.pk}") is None
    cache.clear()
    cache.add(f"pages-warm-pending:{alice.pk}", 1, 60)  # a queued one, not started yet
    warm.pages_warm_soon(owner_id=alice.pk)
    version = compliance_selectors.record_version(user=alice, as_of=TODAY)
    keys = warm.page_keys(version=version, license_ids=[texas.pk])
    assert cache.get_many(keys) == {}  # nothing queued twice: the pending one will do it
