"""A new clinician signs up, confirms the address, signs in and fills in the profile."""

import re

import pytest

from accounts.models import Profile

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long unusual passphrase 42"


def test_signup_confirm_login_and_edit_profile(page, live_server, mailoutbox) -> None:
    page.goto("/")
    page.get_by_role("link", name="Create account").first.click()
    page.get_by_label("Email").fill("new.doctor@example.com")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")

    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mailoutbox[-1].body).group(
        1
    )
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    # Confirming in the browser that signed up signs in.
    page.wait_for_url("**/dashboard/")

    # Signing out and in again works with the confirmed address.
    page.get_by_role("button", name="Sign out").click()
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill("new.doctor@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")

    page.get_by_role("navigation").get_by_role("link", name="Profile").click()
    page.get_by_label("Full name (as on your licenses)").fill("Dr. Jordan Lee")
    page.get_by_label("NPI").fill("1234567890")
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_text("check digit is wrong").is_visible()

    page.get_by_label("NPI").fill("1234567893")
    page.get_by_label("Degree").select_option("DO")
    page.get_by_role("button", name="Save profile").click()
    assert page.get_by_text("Your profile was saved.").is_visible()

    profile = Profile.objects.get(user__email="new.doctor@example.com")
    assert (profile.full_name, profile.npi, profile.degree) == (
        "Dr. Jordan Lee",
        "1234567893",
        "DO",
    )
