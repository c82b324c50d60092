"""The admin cannot point one physician's activity at another physician's certificate: the
ownership rule lives in the model, so every writer (forms, API, import, admin) meets it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from tests.accounts.factories import UserFactory
from tests.factories import ActivityFactory
from tests.security.conftest import certificate_of
from tests.security.mfa import enable_totp

pytestmark = pytest.mark.django_db


def test_staff_in_the_admin_cannot_give_alices_activity_bobs_certificate(alice, bob, estate):
    staff = UserFactory(email="staff@example.com", is_staff=True, is_superuser=True)
    enable_totp(staff)
    client = Client()
    client.force_login(staff)
    bobs = certificate_of(bob, "Bob's certificate")
    activity = estate.activity
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    form = {
        "owner": alice.pk,
        "title": activity.title,
        "provider": activity.provider or "Texas Medical Association",
        "started_on": activity.completed_on.isoformat(),
        "completed_on": activity.completed_on.isoformat(),
        "credit_type": activity.credit_type_id,
        "credits": str(activity.credits),
        "format": activity.format,
        "certificate": bobs.pk,
        "notes": "",
    }
    response = client.post(url, form)
    assert response.status_code == 200  # the form again, with the error
    assert "Choose one of your own certificates." in response.content.decode()
    activity.refresh_from_db()
    assert activity.certificate_id == estate.certificate.pk

    form["certificate"] = estate.certificate.pk  # her own is accepted: the form itself is valid
    assert client.post(url, form).status_code == 302


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
