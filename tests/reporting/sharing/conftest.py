"""Alice's Texas license with a CME record and a transcript ready to share; staff for support."""

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reporting.models import ShareLink, Transcript
from reporting.rules.selectors import license_cycle_end
from reporting.sharing import links
from tests.accounts.factories import UserFactory
from tests.certificates.factories import make_pdf
from tests.reporting.transcripts import conftest as transcripts_fixtures
from tests.security.mfa import enable_totp

# The transcripts tests' fixtures, shared rather than copied.
_media = transcripts_fixtures._media
vocabulary = transcripts_fixtures.vocabulary
texas_license = transcripts_fixtures.texas_license
cme_record = transcripts_fixtures.cme_record
load_rules = transcripts_fixtures.load_rules
log_activity = transcripts_fixtures.log_activity

PASSWORD = "correct horse battery staple"  # UserFactory's


@pytest.fixture
def ready_transcript(alice, texas_license) -> Transcript:  # type: ignore[no-untyped-def]
    """A finished transcript of the license's current cycle."""
    end = license_cycle_end(texas_license)
    return Transcript.objects.create(
        owner=alice,
        license=texas_license,
        cycle_start=end.replace(year=end.year - 2),
        cycle_end=end,
        status=Transcript.Status.READY,
        finished_at=timezone.now(),
        file=ContentFile(make_pdf(["CME transcript of Alice"]), name="t.pdf"),
    )


def make_link(license, **fields) -> tuple[ShareLink, str]:  # type: ignore[no-untyped-def]
    fields.setdefault("label", "Memorial Hospital")
    return links.share_link_create(owner=license.owner, license_id=license.pk, **fields)


@pytest.fixture
def staff(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="support@example.com", is_staff=True)


def signed_in_again(user) -> Client:  # type: ignore[no-untyped-def]
    """A session of `user` that has just confirmed its password (allauth's re-authentication)."""
    client = Client()
    client.force_login(user)
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def support_client(staff) -> Client:  # type: ignore[no-untyped-def]
    enable_totp(staff)
    return signed_in_again(staff)
