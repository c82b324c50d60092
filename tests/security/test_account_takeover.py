"""A session that is not fresh (stolen cookie, a shared computer) cannot take the account over.

Adding an address, making one primary, removing one, turning two-factor on or off, creating an
API token and deleting the account all ask for the password again; a password reset goes only
to a verified address; the owner hears at the old address; API tokens end with the password.
All through allauth's real pages and our own, signed in through the real login form.
"""

import datetime
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from accounts.services import api_token_create
from tests.conftest import PASSWORD
from tests.security.mfa import enable_totp
from tests.security.sessions import sign_in

pytestmark = pytest.mark.django_db
ATTACKER = "mallory@example.net"
LATER = datetime.timedelta(minutes=6)  # past ACCOUNT_REAUTHENTICATION_TIMEOUT


@pytest.fixture
def stale_session(alice) -> Client:  # type: ignore[no-untyped-def]
    """Alice's session, as someone holding her cookie has it: signed in, but not just now."""
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) - LATER, tick=False):
        client = sign_in(alice.email)
    return client


def _asks_for_password(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and response["Location"].startswith(
        reverse("account_reauthenticate")
    )


def test_adding_an_address_asks_for_the_password_first(alice, stale_session, mailoutbox):
    response = stale_session.post(reverse("account_email"), {"action_add": "", "email": ATTACKER})
    assert _asks_for_password(response)
    assert not EmailAddress.objects.filter(email=ATTACKER).exists()
    assert mailoutbox == []


def test_choosing_the_primary_or_removing_an_address_asks_for_the_password(alice, stale_session):
    other = EmailAddress.objects.create(user=alice, email="alice@work.example", verified=True)
    for action in ("action_primary", "action_remove"):
        response = stale_session.post(reverse("account_email"), {action: "", "email": other.email})
        assert _asks_for_password(response), action
    other.refresh_from_db()
    assert not other.primary
    assert EmailAddress.objects.get(user=alice, primary=True).email == alice.email


def test_two_factor_and_tokens_and_deletion_ask_for_the_password(alice, stale_session):
    assert _asks_for_password(stale_session.get(reverse("mfa_activate_totp")))
    created = stale_session.post(reverse("accounts:token_create"), {"name": "x", "scope": "read"})
    assert _asks_for_password(created)
    assert not ApiToken.objects.filter(user=alice).exists()
    assert _asks_for_password(stale_session.get(reverse("accounts:delete")))


def test_turning_two_factor_off_asks_for_the_password(alice):
    enable_totp(alice)
    client = Client()
    client.force_login(alice)  # a session with no record of a recent sign-in
    assert _asks_for_password(client.get(reverse("mfa_deactivate_totp")))


def test_a_reset_never_goes_to_an_unverified_address(alice, mailoutbox):
    # An address added to the account but never confirmed (say, by someone with her session).
    EmailAddress.objects.create(user=alice, email=ATTACKER, verified=False)
    response = Client().post(reverse("account_reset_password"), {"email": ATTACKER})
    assert response.status_code == 302  # the same answer as for any address: no enumeration
    for message in mailoutbox:
        assert "/accounts/password/reset/key/" not in message.body
    # Her verified address still gets its link.
    Client().post(reverse("account_reset_password"), {"email": alice.email})
    assert any(
        "/accounts/password/reset/key/" in m.body and m.to == [alice.email] for m in mailoutbox
    )


def _with_password(client: Client, response):  # type: ignore[no-untyped-def]
    """Answer the password prompt; allauth then carries out the request it held back."""
    assert _asks_for_password(response)
    return client.post(response["Location"], {"password": PASSWORD})


def test_after_the_password_the_owner_is_told_at_the_old_address(alice, mailoutbox):
    client = sign_in(alice.email)
    held = client.post(reverse("account_email"), {"action_add": "", "email": ATTACKER})
    assert _with_password(client, held).status_code == 302
    assert EmailAddress.objects.filter(user=alice, email=ATTACKER, verified=False).exists()
    notices = [m for m in mailoutbox if m.to == [alice.email]]
    assert len(notices) == 1
    assert ATTACKER in notices[0].body

    # Once verified and made primary, the old address hears of that too.
    EmailAddress.objects.filter(email=ATTACKER).update(verified=True)
    client.post(reverse("account_email"), {"action_primary": "", "email": ATTACKER})
    assert EmailAddress.objects.get(user=alice, primary=True).email == ATTACKER
    changed = [m for m in mailoutbox if m.to == [alice.email] and ATTACKER in m.body]
    assert len(changed) == 2


def test_api_tokens_end_when_the_password_changes_and_the_owner_is_told(alice, mailoutbox):
    _, raw = api_token_create(user=alice, name="left behind by an intruder")
    api = Client(headers={"authorization": f"Bearer {raw}"})
    assert api.get("/api/v1/profile").status_code == 200
    client = sign_in(alice.email)
    new = "a brand new long passphrase 77"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert response.status_code == 302
    assert api.get("/api/v1/profile").status_code == 401
    assert not ApiToken.objects.filter(user=alice).exists()
    told = [m for m in mailoutbox if m.to == [alice.email] and "API token" in m.body]
    assert len(told) == 1
    assert re.search(r"\b1 personal API token\b", told[0].body)
