"""A session id is new at every sign-in and dead after sign-out, a password change,
expiry or the account being disabled.

Every session here comes from the real allauth login form (not force_login), and "dead" is
checked the way an attacker holding the cookie would: a fresh client presenting it.
"""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD
from tests.security.mfa import enable_totp, totp_code
from tests.security.sessions import (
    assert_anonymous,
    assert_signed_in,
    holding,
    session_key,
    sign_in,
)

NEW_PASSWORD = "a different long passphrase 31"


def test_signing_in_replaces_the_session_id_a_visitor_had_before(alice) -> None:
    client = Client()
    before = client.session.session_key  # a pre-login session, as a fixation attacker plants
    assert before
    client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    after = session_key(client)
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()
    assert_signed_in(client)
    assert_anonymous(holding(before))


def test_each_step_of_a_two_factor_sign_in_gets_a_new_session_id(alice) -> None:
    secret = enable_totp(alice)
    client = Client()
    before = client.session.session_key
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    halfway = session_key(client)
    assert_anonymous(holding(halfway))  # the password alone is not a session

    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    signed_in = session_key(client)
    assert signed_in not in (before, halfway)
    assert_signed_in(client)
    assert_anonymous(holding(before))
    assert_anonymous(holding(halfway))


def test_signing_out_kills_the_old_cookie(alice) -> None:
    client = sign_in(alice.email)
    key = session_key(client)
    assert_signed_in(holding(key))
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert not Session.objects.filter(session_key=key).exists()
    assert_anonymous(holding(key))


def test_a_password_change_keeps_this_session_and_ends_the_others(alice, mailoutbox) -> None:
    here, laptop = sign_in(alice.email), sign_in(alice.email)
    here_key, laptop_key = session_key(here), session_key(laptop)
    response = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert_signed_in(here)  # update_session_auth_hash: kept, under a new id
    assert session_key(here) != here_key
    assert_anonymous(holding(here_key))
    assert_anonymous(laptop)
    assert_anonymous(holding(laptop_key))


def test_a_session_past_its_age_no_longer_authenticates(alice, time_machine) -> None:
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    key = session_key(sign_in(alice.email))
    time_machine.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60))
    assert_signed_in(holding(key))
    time_machine.shift(datetime.timedelta(seconds=120))
    assert_anonymous(holding(key))


@pytest.mark.parametrize("change", ["disabled", "deleted"])
def test_disabling_or_deleting_an_account_ends_its_sessions(alice, change) -> None:
    key = session_key(sign_in(alice.email))
    if change == "disabled":
        User.objects.filter(pk=alice.pk).update(is_active=False)
    else:
        alice.delete()
    assert_anonymous(holding(key))
