"""Alice's whole estate (one of everything she can own), for bob to attack."""

import datetime
import hashlib
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile

from accounts.models import ApiToken
from accounts.services import api_token_create
from activities.models import Activity
from certificates.models import Certificate
from reporting.models import Attestation, CalendarFeed, License, Transcript
from tests.certificates.factories import make_pdf
from tests.factories import ActivityFactory, BoardFactory, LicenseFactory, RequirementFactory
from tests.reporting.conftest import (  # noqa: F401 - shared fixtures
    load_rules,
    log_activity,
    reference_subset,
)
from tests.reporting.transcripts.conftest import (  # noqa: F401 - shared fixtures
    eager_celery,
    texas_license,
    vocabulary,
)
from tests.storage import local_media

SECRET_TITLE = "Alice-only grand rounds 7f3c"


@dataclass
class Estate:
    activity: Activity
    certificate: Certificate
    license: License
    transcript: Transcript
    token: ApiToken
    calendar: CalendarFeed
    attestation: Attestation


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    local_media(settings, tmp_path)


def certificate_of(owner, text: str = "Certificate of Completion") -> Certificate:  # type: ignore[no-untyped-def]
    data = make_pdf([text])
    return Certificate.objects.create(
        owner=owner,
        file=ContentFile(data, name="proof.pdf"),
        filename="proof.pdf",
        content_type="application/pdf",
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
    )


@pytest.fixture
def estate(alice, vocabulary) -> Estate:  # type: ignore[no-untyped-def]  # noqa: F811
    certificate = certificate_of(alice, SECRET_TITLE)
    activity = ActivityFactory(owner=alice, title=SECRET_TITLE, certificate=certificate)
    license = LicenseFactory(owner=alice, board=BoardFactory(), number="SECRET7F3C")
    requirement = RequirementFactory(rule_set__board=license.board, kind="topic", credits=2)
    attestation = Attestation.objects.create(
        license=license,
        requirement_code=requirement.code,
        kind="exempt",
        reason="SECRET7F3C exemption",
    )
    transcript = Transcript.objects.create(
        owner=alice,
        license=license,
        cycle_start=datetime.date(2024, 1, 1),
        cycle_end=datetime.date(2026, 1, 1),
        status=Transcript.Status.READY,
        file=ContentFile(make_pdf([SECRET_TITLE]), name="t.pdf"),
    )
    token, _raw = api_token_create(user=alice, name="alice laptop")
    calendar = CalendarFeed.objects.create(owner=alice)
    return Estate(activity, certificate, license, transcript, token, calendar, attestation)
