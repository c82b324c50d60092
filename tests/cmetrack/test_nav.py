"""The main menu: the page's own entry marked current, the entries each visitor may use, and a
sign-out form whose CSRF token is the request's (the markup is kept per kind of visitor)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from cmetrack.lib.nav import section_of

pytestmark = pytest.mark.django_db


def _menu(html: str) -> str:
    return html.split('<nav class="nav"', 1)[1].split("</nav>", 1)[0]


def _current(html: str) -> list[str]:
    return re.findall(r'<a href="[^"]*" aria-current="page">([^<]+)</a>', _menu(html))


@pytest.mark.parametrize(
    ("app", "name", "section"),
    [
        ("reporting", "dashboard", "dashboard"),
        ("reporting", "license_detail", "dashboard"),
        ("reporting", "transcript_download", "transcripts"),
        ("reporting", "history", "profile"),
        ("reporting", "import", "profile"),
        ("reporting", "share_links", "profile"),  # its breadcrumb is the profile's
        ("reporting", "share_link_revoke", "profile"),
        ("accounts", "profile", "profile"),
        ("activities", "list", "activities"),
        ("certificates", "list", "certificates"),
        ("rules", "board", "rules"),
        ("organizations", "sharing", "sharing"),
        ("organizations", "access_log", "sharing"),
        ("organizations", "roster", None),  # an office's own pages are not the physician's
        ("sharing", "support_list", "support"),
        ("sharing", "shared", None),
        ("", "home", None),
        (None, None, None),  # a page no view resolved (404)
    ],
)
def test_each_page_belongs_to_its_menu_entry(app, name, section) -> None:  # type: ignore[no-untyped-def]
    assert section_of(app, name) == section


@pytest.mark.parametrize(
    ("url", "current"),
    [
        (reverse("reporting:dashboard"), ["Dashboard"]),
        (reverse("activities:list"), ["Activities"]),
        (reverse("reporting:transcripts"), ["Transcripts"]),
        (reverse("accounts:profile"), ["Profile"]),
        (reverse("organizations:sharing"), ["Sharing"]),
        (reverse("rules:index"), []),  # signed in, the rule book has no entry of its own
    ],
)
def test_a_physician_sees_the_page_they_are_on_marked(alice_client, url, current) -> None:  # type: ignore[no-untyped-def]
    html = alice_client.get(url).content.decode()
    assert _current(html) == current
    assert ">Admin<" not in _menu(html)
    assert ">Support<" not in _menu(html)


def test_site_staff_also_see_admin_and_support(alice, alice_client) -> None:  # type: ignore[no-untyped-def]
    alice.is_staff = True
    alice.save()
    html = alice_client.get(reverse("reporting:dashboard")).content.decode()
    assert ">Admin</a>" in _menu(html)
    assert ">Support</a>" in _menu(html)


def test_a_visitor_sees_the_rule_book_and_sign_in() -> None:
    html = Client().get(reverse("rules:index")).content.decode()
    assert _current(html) == ["Rule book"]
    assert "Sign in" in _menu(html)
    assert "Sign out" not in _menu(html)


def test_each_request_signs_out_with_its_own_token(alice) -> None:  # type: ignore[no-untyped-def]
    tokens = []
    for _ in range(2):
        client = Client(enforce_csrf_checks=True)
        client.force_login(alice)
        html = client.get(reverse("reporting:dashboard")).content.decode()
        (token,) = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', _menu(html))
        tokens.append(token)
        response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token})
        assert response.status_code == 302  # a forged or missing token would be a 403
        assert "_auth_user_id" not in client.session
    assert tokens[0] != tokens[1]
