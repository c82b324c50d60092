"""A password reset never skips two-factor, its link works once and expires, and it
ends every session signed in with the old password.

The flows are allauth's real ones: the reset mail's link, the set-password form, the login form
and the TOTP prompt.
"""

import datetime
import re

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.security.mfa import enable_totp, totp_code
from tests.security.sessions import assert_anonymous, assert_signed_in, holding, session_key

NEW_PASSWORD = "a fresh long passphrase 58"
BAD_LINK = "The password reset link was invalid"
ATTACKER = "attacker passphrase 1234"


def reset_link(client: Client, email: str, mailoutbox) -> str:  # type: ignore[no-untyped-def]
    sent = len(mailoutbox)
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302
    assert len(mailoutbox) == sent + 1
    body = mailoutbox[-1].body
    return re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", body).group(1)


def open_link(client: Client, link: str):  # type: ignore[no-untyped-def]
    """Follow the mailed link to the set-password form (allauth moves the key into the session)."""
    return client.get(link, follow=True)


def reset_with(client: Client, link: str, password: str = NEW_PASSWORD):  # type: ignore[no-untyped-def]
    page = open_link(client, link)
    assert BAD_LINK not in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    return client.post(form_url, {"password1": password, "password2": password})


def test_after_a_reset_signing_in_still_needs_the_totp_code(alice, mailoutbox) -> None:
    secret = enable_totp(alice)
    client = Client()
    link = reset_link(client, alice.email, mailoutbox)
    response = reset_with(client, link)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)
    assert_anonymous(client)  # the reset itself signs nobody in

    response = client.post(
        reverse("account_login"), {"login": alice.email, "password": NEW_PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert_anonymous(client)
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert_anonymous(client)
    client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert_signed_in(client)


def test_a_reset_link_works_only_once(alice, mailoutbox) -> None:
    link = reset_link(Client(), alice.email, mailoutbox)
    first = Client()
    assert reset_with(first, link).status_code == 302

    for second in (first, Client()):  # the same browser again, or whoever else saw the mail
        page = open_link(second, link)
        assert page.status_code == 200
        assert BAD_LINK in page.content.decode()
        # Posting a new password, to the mailed link or to the form it used to lead to.
        for url in (link, re.sub(r"/key/(\w+?)-.+/$", r"/key/\1-set-password/", link)):
            refused = second.post(url, {"password1": ATTACKER, "password2": ATTACKER})
            assert BAD_LINK in refused.content.decode()
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_using_one_reset_link_voids_the_others_sent_before(alice, mailoutbox) -> None:
    older = reset_link(Client(), alice.email, mailoutbox)
    newer = reset_link(Client(), alice.email, mailoutbox)
    assert reset_with(Client(), newer).status_code == 302
    assert BAD_LINK in open_link(Client(), older).content.decode()


def test_a_reset_link_expires(alice, mailoutbox, time_machine) -> None:
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    link = reset_link(Client(), alice.email, mailoutbox)
    time_machine.shift(datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT - 60))
    assert BAD_LINK not in open_link(Client(), link).content.decode()
    time_machine.shift(datetime.timedelta(seconds=120))
    client = Client()
    assert BAD_LINK in open_link(client, link).content.decode()
    alice.refresh_from_db()
    assert alice.check_password(PASSWORD)


def test_a_reset_ends_every_session_signed_in_with_the_old_password(
    alice, mailoutbox, time_machine
) -> None:
    time_machine.move_to(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False)
    secret = enable_totp(alice)
    sessions = []
    for _ in range(2):  # a laptop and a phone, each through password + code
        device = Client()
        device.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
        device.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert_signed_in(device)
        sessions.append(session_key(device))
        time_machine.shift(datetime.timedelta(seconds=30))  # allauth refuses a code used twice

    reset_with(Client(), reset_link(Client(), alice.email, mailoutbox))
    for key in sessions:
        assert_anonymous(holding(key))
