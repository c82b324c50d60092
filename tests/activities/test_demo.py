import datetime
import io

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_EMAIL
from activities.demo import demo_activities_create
from activities.models import Activity
from activities.selectors import activity_totals
from tests.activities.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_the_demo_is_a_realistic_year_with_real_certificates(alice) -> None:
    created = demo_activities_create(user=alice)
    assert 25 <= len(created) <= 40
    activities = Activity.objects.filter(owner=alice)
    dates = [activity.completed_on for activity in activities]
    assert max(dates) <= TODAY
    assert min(dates) > TODAY - datetime.timedelta(days=366)
    slugs = set(activities.values_list("topics__slug", flat=True))
    assert {"medical-ethics", "opioid-prescribing", "implicit-bias", "human-trafficking"} <= slugs
    types = {row.slug for row in activity_totals(activities=activities).by_credit_type}
    assert types == {"ama-pra-1", "ama-pra-2"}
    backed = activities.exclude(certificate=None).select_related("certificate")
    assert backed.count() >= 5
    for activity in backed:
        certificate = activity.certificate
        assert certificate.owner == alice
        with certificate.file.open("rb") as stored:
            assert stored.read(5) == b"%PDF-"
        assert activity.title.split(":")[0] in " ".join(certificate.text.split())


def test_seeding_twice_logs_the_demo_year_once() -> None:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo CME activities" in out.getvalue()
    count = Activity.objects.filter(owner__email=DEMO_EMAIL).count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Activity.objects.filter(owner__email=DEMO_EMAIL).count() == count >= 25
