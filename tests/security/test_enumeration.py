"""The sign-up, password-reset and login answers do not tell a registered address from
an unknown one (ACCOUNT_PREVENT_ENUMERATION).

Status, redirect and the page that follows are compared byte for byte once the per-request CSRF
token and the address the visitor typed are masked. The timing gap is a figure, not an assertion
that could hold on a loaded CI machine; it is not measured here (speed belongs in bench/).
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

UNKNOWN = "nobody.here@example.com"
PASSPHRASE = "a-long unusual passphrase 42"


def masked(html: bytes, typed: str) -> str:
    text = html.decode()
    text = re.sub(r"[A-Za-z0-9]{64}", "<csrf>", text)  # masked tokens differ on every render
    return text.replace(typed, "<typed address>")


def answer_and_next_page(url: str, data: dict[str, str], typed: str) -> tuple:
    client = Client()
    response = client.post(url, data)
    following = client.get(response["Location"]) if response.status_code == 302 else None
    return (
        response.status_code,
        response.get("Location"),
        masked(response.content, typed),
        following and following.status_code,
        following and masked(following.content, typed),
    )


def test_a_password_reset_answers_alike_for_a_known_and_an_unknown_address(
    alice, mailoutbox
) -> None:
    url = reverse("account_reset_password")
    known = answer_and_next_page(url, {"email": alice.email}, alice.email)
    unknown = answer_and_next_page(url, {"email": UNKNOWN}, UNKNOWN)
    assert known[0] == 302
    assert known[1] == reverse("account_reset_password_done")
    assert known == unknown
    # Each address gets one mail: a link for alice, "no account here" for the unknown one.
    assert [message.to for message in mailoutbox] == [[alice.email], [UNKNOWN]]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body
    assert "/accounts/password/reset/key/" not in mailoutbox[1].body


def test_signing_up_answers_alike_for_a_taken_and_a_free_address(alice) -> None:
    url = reverse("account_signup")
    fields = {"password1": PASSPHRASE, "password2": PASSPHRASE}
    taken = answer_and_next_page(url, {"email": alice.email, **fields}, alice.email)
    free = answer_and_next_page(url, {"email": UNKNOWN, **fields}, UNKNOWN)
    assert taken[0] == 302
    assert taken == free
    assert User.objects.filter(email=UNKNOWN).exists()


@pytest.mark.parametrize("wrong", ["a wrong password", PASSPHRASE])
def test_a_failed_login_answers_alike_for_a_known_and_an_unknown_address(alice, wrong) -> None:
    url = reverse("account_login")
    known = answer_and_next_page(url, {"login": alice.email, "password": wrong}, alice.email)
    unknown = answer_and_next_page(url, {"login": UNKNOWN, "password": wrong}, UNKNOWN)
    assert known[0] == 200
    assert "not correct" in known[2]
    assert known == unknown
