import datetime

import pytest
from django.urls import reverse

from accounts.models import Profile

pytestmark = pytest.mark.django_db


def _profile_form(**overrides: str) -> dict[str, str]:
    data = {
        "full_name": "Alice Ng, MD",
        "degree": "MD",
        "npi": "1234567893",
        "birth_date": "1979-03-02",
        "specialty": "Family Medicine",
        "paper_size": "letter",
        "reminders_enabled": "on",
    }
    data.update(overrides)
    return data


def test_profile_requires_sign_in(client) -> None:
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_it_saves_the_profile(alice, alice_client) -> None:
    response = alice_client.post(reverse("accounts:profile"), _profile_form(), follow=True)
    assert b"Your profile was saved." in response.content
    alice.profile.refresh_from_db()
    assert alice.profile.npi == "1234567893"
    assert alice.profile.birth_date == datetime.date(1979, 3, 2)
    assert alice.profile.specialty == "Family Medicine"


def test_a_malformed_npi_is_refused_and_nothing_is_stored(alice, alice_client) -> None:
    response = alice_client.post(reverse("accounts:profile"), _profile_form(npi="1234567890"))
    assert response.status_code == 200
    assert "check digit is wrong" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    alice.profile.refresh_from_db()
    assert alice.profile.npi == ""
    assert alice.profile.full_name == "Alice Ng"


def test_a_future_birth_date_is_refused(alice, alice_client) -> None:
    response = alice_client.post(
        reverse("accounts:profile"), _profile_form(birth_date="2999-01-01")
    )
    assert "cannot be in the future" in response.content.decode()
    alice.profile.refresh_from_db()
    assert alice.profile.birth_date is None


def test_an_impossible_date_is_refused(alice, alice_client) -> None:
    response = alice_client.post(
        reverse("accounts:profile"), _profile_form(birth_date="1980-02-30")
    )
    assert "Enter a valid date." in response.content.decode()
    alice.profile.refresh_from_db()
    assert alice.profile.birth_date is None


def test_a_user_without_a_profile_gets_one_on_first_save(db, client) -> None:
    from accounts.models import User

    user = User.objects.create_user("carol@example.com", "x-very-long-password")
    client.force_login(user)
    assert client.get(reverse("accounts:profile")).status_code == 200
    client.post(reverse("accounts:profile"), _profile_form(full_name="Carol Diaz"))
    assert Profile.objects.get(user=user).full_name == "Carol Diaz"


def test_each_user_sees_only_their_own_profile(alice, bob_client) -> None:
    response = bob_client.get(reverse("accounts:profile"))
    assert "bob@example.com" in response.content.decode()
    assert "alice@example.com" not in response.content.decode()
