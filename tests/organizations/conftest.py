"""An office (Memorial) with an owner, a staff member and a viewer; alice is a physician with
Texas, California and Florida licenses; bob is a physician Memorial has no consent from."""

import datetime

import pytest
from django.test import Client

from organizations.models import Organization, Role
from reporting.models import Board, License
from tests import factories
from tests.accounts.factories import UserFactory
from tests.reporting import conftest as reporting_fixtures
from tests.storage import local_media

load_rules = reporting_fixtures.load_rules
log_activity = reporting_fixtures.log_activity

# Judged as of this day in every roster test: the clock never decides an assertion.
TODAY = datetime.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Documents go to a fresh folder per test, never the developer's var/media."""
    local_media(settings, tmp_path)


def download(client: Client, url: str):  # type: ignore[no-untyped-def]
    """GET a file and read it whole: the test client closes a streamed file once it is read.

    Closing it again would send `request_finished` a second time, and Django's handler for it
    closes the test's database connection on PostgreSQL (its transaction is not autocommit).
    """
    response = client.get(url)
    if getattr(response, "streaming", False):
        response.content_bytes = b"".join(response.streaming_content)
    return response


@pytest.fixture
def on_today(time_machine) -> None:  # type: ignore[no-untyped-def]
    """The pages judge as of the real today: hold it at TODAY, noon in Texas."""
    time_machine.move_to(datetime.datetime(2026, 6, 1, 17, tzinfo=datetime.UTC), tick=False)


@pytest.fixture
def memorial(db) -> Organization:  # type: ignore[no-untyped-def]
    return factories.OrganizationFactory(name="Memorial Hospital", slug="memorial")


def _member(organization: Organization, email: str, role: str, name: str):  # type: ignore[no-untyped-def]
    user = UserFactory(email=email, profile__full_name=name)
    factories.MembershipFactory(organization=organization, user=user, role=role)
    return user


@pytest.fixture
def olivia(memorial):  # type: ignore[no-untyped-def]
    """Memorial's owner."""
    return _member(memorial, "olivia@memorial.example", Role.OWNER, "Olivia Owens")


@pytest.fixture
def sam(memorial):  # type: ignore[no-untyped-def]
    """Memorial's credentialing staff."""
    return _member(memorial, "sam@memorial.example", Role.STAFF, "Sam Staff")


@pytest.fixture
def vera(memorial):  # type: ignore[no-untyped-def]
    """Memorial's read-only viewer."""
    return _member(memorial, "vera@memorial.example", Role.VIEWER, "Vera Viewer")


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def _license(owner, code: str, number: str, expires_on: datetime.date) -> License:  # type: ignore[no-untyped-def]
    return factories.LicenseFactory(  # type: ignore[no-any-return]
        owner=owner,
        board=Board.objects.get(code=code),
        number=number,
        issued_on=datetime.date(2012, 1, 1),
        expires_on=expires_on,
        condition_answers=factories.answers("direct_patient_care"),
    )


@pytest.fixture
def alice_licenses(alice, load_rules) -> dict[str, License]:  # type: ignore[no-untyped-def]
    """Alice's Texas (expires 31 Aug 2026), California and Florida licenses."""
    load_rules("TX", "CA", "FL")
    return {
        "TX": _license(alice, "TX-MD", "Q12345", datetime.date(2026, 8, 31)),
        "CA": _license(alice, "CA-MD", "A99999", datetime.date(2027, 12, 31)),
        "FL": _license(alice, "FL-MD", "ME77777", datetime.date(2028, 1, 31)),
    }
