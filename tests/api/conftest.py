import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client

from accounts.models import ApiToken, User
from accounts.selectors import profile_get
from accounts.services import api_token_create, profile_update
from activities.models import Activity, CreditType, Topic
from certificates.models import Certificate
from reporting.licenses.services import license_create
from reporting.models import Board, License
from reporting.rules.services import state_rules_load
from tests.certificates.conftest import media  # noqa: F401 - every test stores into tmp_path
from tests.certificates.factories import make_pdf
from tests.certificates.helpers import store
from tests.factories import ActivityFactory
from tests.reporting.conftest import (  # noqa: F401 - shared fixtures
    load_rules,
    log_activity,
    reference_subset,
)


def bearer_client(user: User, *, scope: str = ApiToken.Scope.READ_WRITE) -> Client:
    _, raw = api_token_create(user=user, name="tests", scope=scope)
    return Client(headers={"authorization": f"Bearer {raw}"})


@pytest.fixture
def alice_api(alice) -> Client:  # type: ignore[no-untyped-def]
    return bearer_client(alice)


@pytest.fixture
def bob_api(bob) -> Client:  # type: ignore[no-untyped-def]
    return bearer_client(bob)


def fill_record(user: User) -> dict[str, object]:
    """A Texas physician's record: profile, a TX license and a DEA registration, activities with
    topics, two certificates (one backing an activity, one not). Rules must be loaded."""
    profile_update(
        profile=profile_get(user=user),
        full_name="Alice Ng",
        npi="1234567893",
        specialty="Family medicine",
        birth_date=datetime.date(1980, 4, 2),
    )
    texas = license_create(
        owner=user,
        board=Board.objects.get(code="TX-MD"),
        number="Q12345",
        issued_on=datetime.date(2015, 6, 1),
        expires_on=datetime.date(2027, 8, 31),
        conditions=["direct_patient_care"],
    )
    dea = license_create(
        owner=user,
        board=Board.objects.get(code="US-DEA"),
        number="AN1234563",
        issued_on=datetime.date(2016, 1, 1),
        expires_on=datetime.date(2028, 1, 31),
        conditions=[],
    )
    pdf = store(user, make_pdf(["Certificate of Completion", "Medical ethics, 2 credits"]))
    scan = store(user, make_pdf(["Certificate of attendance", "Scanned"]), name="scan.pdf")
    ama = CreditType.objects.get(slug="ama-pra-1")
    activities = []
    for number in range(12):
        completed_on = datetime.date(2026, 1, 10) + datetime.timedelta(days=number * 20)
        activity = ActivityFactory(
            owner=user,
            title=f"Grand rounds {number}",
            provider="=HYPERLINK(1)" if number == 0 else "Accredited Provider",
            started_on=completed_on,
            completed_on=completed_on,
            credit_type=ama,
            credits=Decimal("4.25"),
            notes="Line one\nline two" if number == 1 else "",
            certificate=pdf if number == 2 else None,
        )
        activities.append(activity)
    activities[3].topics.set(Topic.objects.filter(slug__in=["medical-ethics"]))
    activities[4].topics.set(
        Topic.objects.filter(slug__in=["opioid-prescribing", "pain-management"])
    )
    return {"licenses": [texas, dea], "certificates": [pdf, scan], "activities": activities}


@pytest.fixture
def alice_record(alice) -> dict[str, object]:  # type: ignore[no-untyped-def]
    state_rules_load(document=reference_subset("TX"))
    return fill_record(alice)


def record_counts(user: User) -> tuple[int, int, int]:
    return (
        Activity.objects.filter(owner=user).count(),
        License.objects.filter(owner=user).count(),
        Certificate.objects.filter(owner=user).count(),
    )


RecordCounts = Callable[[User], tuple[int, int, int]]
