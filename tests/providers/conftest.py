"""A provider (Lone Star Medical Society) with one live ethics activity, its staff, and
physicians who claim: alice (a Texas MD), and others who must not see what is not theirs."""

import pytest

from accounts.models import Degree
from organizations.models import Role
from providers.models import EvaluationQuestion
from tests.accounts.factories import UserFactory
from tests.factories import MembershipFactory, cme_code, cme_offering, cme_provider
from tests.reporting.transcripts.conftest import (  # noqa: F401 - shared fixtures
    eager_celery,
    load_rules,
    texas_license,
    vocabulary,
)
from tests.storage import local_media


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    local_media(settings, tmp_path)


@pytest.fixture
def provider(db, vocabulary):  # type: ignore[no-untyped-def]  # noqa: F811
    return cme_provider()


@pytest.fixture
def coordinator(provider):  # type: ignore[no-untyped-def]
    """The provider's CME coordinator (staff)."""
    user = UserFactory(email="coordinator@lonestar.example", profile__full_name="Dana Reyes")
    MembershipFactory(organization=provider.organization, user=user, role=Role.STAFF)
    return user


@pytest.fixture
def coordinator_client(client, coordinator):  # type: ignore[no-untyped-def]
    client.force_login(coordinator)
    return client


@pytest.fixture
def offering(provider):  # type: ignore[no-untyped-def]
    offering = cme_offering(provider)
    EvaluationQuestion.objects.create(
        offering=offering, position=1, text="How useful was the activity to your practice?"
    )
    return offering


@pytest.fixture
def code(offering):  # type: ignore[no-untyped-def]
    return cme_code(offering)


@pytest.fixture
def physician(alice):  # type: ignore[no-untyped-def]
    alice.profile.degree = Degree.MD
    alice.profile.save()
    return alice


@pytest.fixture
def nurse_practitioner(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="np@example.com", profile__full_name="Sam Lee", profile__degree="NP")


def ethics_status(physician, license) -> str:  # type: ignore[no-untyped-def]
    """The Texas license's medical-ethics requirement as the license page judges it today."""
    from django.utils import timezone

    from reporting.licenses.selectors import license_compliance

    judged = license_compliance(user=physician, pk=license.pk, as_of=timezone.localdate())
    assert judged.report is not None
    (ethics,) = [r for r in judged.report.results if "medical-ethics" in r.topics]
    return str(ethics.status)
