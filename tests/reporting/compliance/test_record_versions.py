"""Many physicians' record versions at once: the same keys as one at a time, in one query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.compliance.selectors import record_version, record_versions
from reporting.licenses.services import profile_practice_update
from tests.accounts.factories import UserFactory
from tests.factories import LicenseFactory, log_activity

pytestmark = pytest.mark.django_db

AS_OF = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _today_is_as_of(time_machine) -> None:  # type: ignore[no-untyped-def]
    # Only today's versions are remembered for the account's deletion; both paths must agree.
    time_machine.move_to(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC))


def _physicians(count: int) -> list:  # type: ignore[type-arg]
    physicians = []
    for n in range(count):
        physician = UserFactory()
        LicenseFactory(owner=physician)
        log_activity(physician, completed_on=datetime.date(2026, 3, n + 1))
        physicians.append(physician)
    return physicians


def test_each_key_is_the_one_record_version_gives(alice) -> None:
    physicians = [alice, *_physicians(3)]

    versions = record_versions(user_ids=[p.pk for p in physicians], as_of=AS_OF)

    for physician in physicians:
        alone = record_version(user=physician, as_of=AS_OF)
        assert versions[physician.pk] == alone
    assert versions[alice.pk].licenses == 0
    assert len({version.key for version in versions.values()}) == 4


def test_one_query_whatever_the_number_of_physicians() -> None:
    few = [p.pk for p in _physicians(2)]
    many = few + [p.pk for p in _physicians(20)]

    with CaptureQueriesContext(connection) as for_few:
        record_versions(user_ids=few, as_of=AS_OF)
    with CaptureQueriesContext(connection) as for_many:
        assert len(record_versions(user_ids=many, as_of=AS_OF)) == 22

    assert len(for_few) == len(for_many) == 1


def test_a_change_moves_only_that_physicians_key() -> None:
    first, second = _physicians(2)
    ids = [first.pk, second.pk]
    before = record_versions(user_ids=ids, as_of=AS_OF)

    profile_practice_update(user=second, answers={"direct_patient_care": True})
    after = record_versions(user_ids=ids, as_of=AS_OF)

    assert after[first.pk] == before[first.pk]
    assert after[second.pk].key != before[second.pk].key


def test_another_day_is_another_key_and_is_not_kept() -> None:
    [physician] = _physicians(1)

    today = record_versions(user_ids=[physician.pk], as_of=AS_OF)[physician.pk]
    tomorrow = record_versions(user_ids=[physician.pk], as_of=AS_OF + datetime.timedelta(days=1))

    assert tomorrow[physician.pk].key != today.key
    assert (today.cache_seconds, tomorrow[physician.pk].cache_seconds) == (3600, 0)


def test_no_physicians_is_no_query() -> None:
    with CaptureQueriesContext(connection) as captured:
        assert record_versions(user_ids=[], as_of=AS_OF) == {}
    assert len(captured) == 0


@pytest.mark.parametrize("model", ["activity", "license", "attestation"])
def test_an_edit_stamped_before_the_latest_change_still_moves_the_key(alice, model) -> None:  # type: ignore[no-untyped-def]
    # Two edits in flight at once commit in either order, and app servers' clocks differ: the
    # row edited last can carry the earlier stamp. The key must move all the same.
    from activities.models import Activity
    from reporting.models import Attestation, License

    license = LicenseFactory(owner=alice)
    second = LicenseFactory(owner=alice)
    log_activity(alice, completed_on=datetime.date(2026, 3, 1))
    log_activity(alice, completed_on=datetime.date(2026, 3, 2))
    for one in (license, second):
        Attestation.objects.create(
            license=one, requirement_code="ethics", kind="completed", completed_on=AS_OF
        )
    rows = {"activity": Activity, "license": License, "attestation": Attestation}[model]
    first, latest = rows.objects.order_by("pk")[:2]
    noon = datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC)
    rows.objects.filter(pk=first.pk).update(updated_at=noon - datetime.timedelta(seconds=5))
    rows.objects.filter(pk=latest.pk).update(updated_at=noon)
    before = record_version(user=alice, as_of=AS_OF).key

    rows.objects.filter(pk=first.pk).update(updated_at=noon - datetime.timedelta(seconds=2))

    assert record_version(user=alice, as_of=AS_OF).key != before
    assert record_versions(user_ids=[alice.pk], as_of=AS_OF)[alice.pk].key != before
