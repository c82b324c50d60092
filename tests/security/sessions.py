"""Session helpers: sign in through the real login form, and try a cookie from another browser."""

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD


def sign_in(email: str, password: str = PASSWORD) -> Client:
    client = Client()
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    assert "_auth_user_id" in client.session
    return client


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def holding(key: str) -> Client:
    """Someone else's browser presenting this session cookie."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = key
    return client


def assert_signed_in(client: Client) -> None:
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/api/v1/profile").status_code == 200


def assert_anonymous(client: Client) -> None:
    page = client.get("/dashboard/")
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("account_login"))
    assert client.get("/api/v1/profile").status_code == 401
