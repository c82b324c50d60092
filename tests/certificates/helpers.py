import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Activity, CreditType
from certificates.models import Certificate
from certificates.services import certificate_store
from tests.factories import ActivityFactory


def upload(data: bytes, name: str = "certificate.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def store(owner, data: bytes, name: str = "certificate.pdf") -> Certificate:  # type: ignore[no-untyped-def]
    """A certificate stored through the real service (validation, extraction, storage)."""
    return certificate_store(owner=owner, upload=upload(data, name)).certificate


def activity_backed_by(certificate: Certificate, title: str = "Grand rounds") -> Activity:
    return ActivityFactory(
        owner=certificate.owner,
        title=title,
        completed_on=datetime.date(2024, 1, 8),
        credit_type=CreditType.objects.order_by("position").first(),
        credits=Decimal("1.50"),
        certificate=certificate,
    )
