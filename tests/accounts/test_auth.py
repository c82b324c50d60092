import re
import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _signup(client, email: str, password: str = "a-long unusual passphrase 42"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": password, "password2": password},
    )


def _confirmation_link(message) -> str:  # type: ignore[no-untyped-def]
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^/\s]+/)", message.body).group(1)


def test_signup_sends_a_confirmation_and_login_waits_for_it(client, mailoutbox) -> None:
    response = _signup(client, "new@example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mailoutbox) == 1
    assert "new@example.com" in mailoutbox[0].to

    # Verification is mandatory: signing in before confirming only re-sends the link.
    response = client.post(
        reverse("account_login"),
        {"login": "new@example.com", "password": "a-long unusual passphrase 42"},
    )
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    link = _confirmation_link(mailoutbox[-1])
    client.post(link)
    response = client.post(
        reverse("account_login"),
        {"login": "new@example.com", "password": "a-long unusual passphrase 42"},
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="new@example.com").pk)


def test_a_weak_password_is_refused_and_no_account_is_created(client) -> None:
    response = _signup(client, "weak@example.com", password="password123")
    assert response.status_code == 200
    assert "This password is too common." in response.content.decode()
    assert not User.objects.filter(email="weak@example.com").exists()


def test_a_duplicate_email_creates_nothing_and_tells_the_owner(alice, client, mailoutbox) -> None:
    # The page does not reveal that the address is taken (enumeration);
    # the clear message goes to the mailbox owner instead.
    response = _signup(client, "ALICE@example.com")
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email__iexact="alice@example.com").count() == 1
    assert "already" in mailoutbox[-1].body.lower()


def test_the_sixth_failed_login_is_rate_limited_even_with_the_right_password(alice, client) -> None:
    for _ in range(5):
        response = client.post(
            reverse("account_login"), {"login": alice.email, "password": "wrong"}
        )
        assert response.status_code == 200
        assert "not correct" in response.content.decode()
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_totp_code_keeps_the_user_out(alice, client) -> None:
    secret = generate_totp_secret()
    TOTP.activate(alice, secret)
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")

    right = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": right})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()


def test_password_reset_mail_links_to_a_working_form(alice, client, mailoutbox) -> None:
    client.post(reverse("account_reset_password"), {"email": alice.email})
    assert len(mailoutbox) == 1
    link = re.search(
        r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mailoutbox[0].body
    ).group(1)
    response = client.get(link, follow=True)
    assert response.status_code == 200
    new_password = "another long passphrase 77"
    client.post(
        response.redirect_chain[-1][0], {"password1": new_password, "password2": new_password}
    )
    alice.refresh_from_db()
    assert alice.check_password(new_password)
