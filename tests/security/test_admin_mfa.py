"""The admin is for staff with two-factor authentication, and nobody else."""

import pytest
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.test import Client
from django.urls import reverse

from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD
from tests.security.mfa import enable_totp


@pytest.fixture
def staff(db):  # type: ignore[no-untyped-def]
    return UserFactory(
        email="staff@example.com", password=PASSWORD, is_staff=True, is_superuser=True
    )


def test_a_clinician_is_refused_the_admin(bob_client):
    response = bob_client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert bob_client.get("/admin/reporting/ruleset/").status_code in (302, 403)
    assert bob_client.get("/admin/reporting/ruleset/", follow=True).status_code == 403


def test_staff_without_two_factor_are_sent_to_set_it_up(staff):
    client = Client()
    client.force_login(staff)
    for path in ("/admin/", "/admin/reporting/ruleset/", "/admin/accounts/user/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get("/admin/", follow=True)
    assert "Set up two-factor authentication before using the administration" in (
        page.content.decode()
    )


def test_staff_with_two_factor_reach_the_admin(staff):
    enable_totp(staff)
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_the_plain_admin_login_does_not_accept_a_staff_password(staff):
    enable_totp(staff)
    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/", {"username": staff.email, "password": PASSWORD}
    )
    # allauth's wrapper sends everyone to its own login; the POST logged nobody in.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_staff_password_alone_stops_at_the_code_prompt(staff):
    secret = enable_totp(staff)
    client = Client()
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302  # still anonymous

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    counter = next(iter(yield_hotp_counters_from_time()))
    code = f"{hotp_value(secret, counter):06d}"
    client.post(reverse("mfa_authenticate"), {"code": code})
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get("/admin/").status_code == 200
