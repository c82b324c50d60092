"""No writer can point one physician's activity at another physician's certificate: the
ownership rule lives in the model, so every writer (forms, API, import) meets it. (The admin
has no activity page at all: tests/security/test_staff_access.py.)"""

import datetime

import pytest
from django.core.exceptions import ValidationError

from activities.models import Activity
from tests.factories import ActivityFactory
from tests.security.conftest import certificate_of

pytestmark = pytest.mark.django_db


def test_the_model_refuses_another_owners_certificate(alice, bob, estate):
    activity = ActivityFactory.build(
        owner=alice,
        credit_type=estate.activity.credit_type,
        completed_on=datetime.date(2026, 1, 5),
        certificate=certificate_of(bob, "Bob's"),
        provider="Texas Medical Association",
    )
    with pytest.raises(ValidationError) as refused:
        activity.full_clean()
    assert refused.value.message_dict["certificate"] == ["Choose one of your own certificates."]
    assert not Activity.objects.filter(certificate__owner=bob).exists()
