"""Look-alike e-mail addresses: one stored form per mailbox, no second account that reads the
same, and the staff command that finds an account by address never trips over two."""

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.emails import email_normalise, email_skeleton
from accounts.models import ApiToken, User
from tests.conftest import PASSWORD
from tests.security.sessions import sign_in

pytestmark = pytest.mark.django_db
DOTLESS = "alice@example-ma\u0131l.com"  # a dotless i in the domain
CYRILLIC = "\u0430lice@example-mail.com"  # a Cyrillic a at the start
LOOKS_REGISTERED = "looks the same as one already registered"


def _sign_up(client, email: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("account_signup"), {"email": email, "password1": PASSWORD, "password2": PASSWORD}
    )


@pytest.fixture
def genuine(db) -> User:  # type: ignore[no-untyped-def]
    user = User.objects.create_user("alice@example-mail.com", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_the_same_mailbox_typed_differently_is_one_stored_address() -> None:
    assert email_normalise("Alice@EXAMPLE-Mail.com") == "alice@example-mail.com"
    assert email_normalise("alice@b\u00fccher.example") == "alice@xn--bcher-kva.example"
    assert email_normalise("\uff41lice@example.com") == "alice@example.com"  # fullwidth a, NFKC
    assert email_skeleton(DOTLESS) == email_skeleton("alice@example-mail.com")
    assert email_skeleton(CYRILLIC) == email_skeleton("ALICE@example-mail.com")
    assert email_skeleton("bob@example.com") != email_skeleton("alice@example.com")


@pytest.mark.parametrize("lookalike", [DOTLESS, CYRILLIC])
def test_signing_up_with_a_lookalike_address_is_refused_and_creates_nothing(
    client, genuine, lookalike
) -> None:
    response = _sign_up(client, lookalike)
    assert response.status_code == 200
    page = response.content.decode()
    # A non-ASCII local part never passes address validation; a look-alike domain is refused.
    assert LOOKS_REGISTERED in page or "Enter a valid email address." in page
    assert User.objects.count() == 1
    assert not EmailAddress.objects.exclude(user=genuine).exists()


def test_a_unicode_domain_is_stored_in_its_ascii_form(client, mailoutbox) -> None:
    response = _sign_up(client, "Dana@B\u00fccher.example")
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "dana@xn--bcher-kva.example"
    assert EmailAddress.objects.get(user=user).email == "dana@xn--bcher-kva.example"


def test_adding_a_lookalike_of_another_account_is_refused(genuine, bob) -> None:
    client = sign_in(bob.email)
    response = client.post(reverse("account_email"), {"action_add": "", "email": DOTLESS})
    assert response.status_code == 200  # refused before the password is even asked for
    assert LOOKS_REGISTERED in response.content.decode()
    assert not EmailAddress.objects.filter(user=bob).exclude(email=bob.email).exists()


def test_the_token_command_picks_the_exact_account_among_lookalikes(capsys) -> None:
    # Two accounts written before normalisation, as older rows are: case-insensitively, on
    # PostgreSQL, the dotless i upper-cases to the same I.
    real = User.objects.create(email="dana@example-mail.com")
    twin = User.objects.create(email="dana@example-ma\u0131l.com")
    call_command("create_api_token", "DANA@example-mail.com", "--name", "ci")
    assert ApiToken.objects.get().user == real
    call_command("create_api_token", "dana@example-ma\u0131l.com", "--name", "ci")
    assert ApiToken.objects.filter(user=twin).count() == 1  # its own address, given exactly
    assert ApiToken.objects.filter(user=real).count() == 1
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_token", "nobody@example-mail.com")
