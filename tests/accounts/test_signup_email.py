"""The sign-up e-mail speaks as CME Track from the public address, and confirming signs in."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

PUBLIC = "https://cme.example.org"
PASSPHRASE = "a-long unusual passphrase 42"


def _signup(client, email: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("account_signup"),
        {"email": email, "password1": PASSPHRASE, "password2": PASSPHRASE},
        HTTP_HOST="127.0.0.1:8701",
    )


def test_the_confirmation_mail_names_cme_track_and_the_public_address(
    client, mailoutbox, settings
) -> None:
    settings.SITE_URL = PUBLIC
    _signup(client, "new@example.com")

    (message,) = mailoutbox
    assert "CME Track" in message.subject
    assert "CME Track" in message.body
    assert PUBLIC in message.body
    # Not the host the request came in on, nor allauth's placeholder site.
    assert "127.0.0.1:8701" not in message.subject + message.body
    assert "example.com" not in message.subject + message.body.replace("new@example.com", "")
    assert not re.search(r"Hello from \S+!", message.body)
    assert re.search(rf"{re.escape(PUBLIC)}/accounts/confirm-email/\S+/", message.body)


def test_confirming_in_the_browser_that_signed_up_signs_in(client, mailoutbox) -> None:
    _signup(client, "new@example.com")
    assert "_auth_user_id" not in client.session
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body)

    response = client.post(path.group(1))

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="new@example.com").pk)
    assert client.get(reverse("reporting:dashboard")).status_code == 200


def test_the_link_opened_in_another_browser_confirms_but_does_not_sign_in(
    client, mailoutbox
) -> None:
    _signup(client, "new@example.com")
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body)
    other = Client()

    other.post(path.group(1))

    assert "_auth_user_id" not in other.session
    user = User.objects.get(email="new@example.com")
    assert user.emailaddress_set.get().verified
