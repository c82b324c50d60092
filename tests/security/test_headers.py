"""Every kind of response carries the security headers, with production settings.

The production values come from a subprocess that imports cmetrack.settings with DEBUG off (the
only way to see what `if not DEBUG:` sets); this process then serves requests with them.
"""

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from tests.conftest import PASSWORD
from tests.security.production import production_settings

SECURITY_SETTINGS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CONTENT_SECURITY_POLICY",
    "X_FRAME_OPTIONS",
]


# Session, not module: pytest-django runs this module's database tests early and the other
# one late, so a module fixture would start the subprocess twice.
@pytest.fixture(scope="session")
def production_values() -> dict:
    return production_settings(SECURITY_SETTINGS)


@pytest.fixture
def production(settings, production_values):  # type: ignore[no-untyped-def]
    for name, value in production_values.items():
        setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["cme.example.org"]
    return settings


def assert_hardened(response, what: str) -> None:  # type: ignore[no-untyped-def]
    headers = response.headers
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    ), what
    csp = headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp, what
    assert "unsafe-eval" not in csp, what
    if csp.startswith("default-src 'none'"):
        assert "sandbox" in csp, what  # downloads: nothing may run, even if opened inline
    else:
        for directive in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
            assert directive in csp, what
        assert "object-src 'none'" in csp, what
    assert headers["X-Content-Type-Options"] == "nosniff", what
    assert headers["Referrer-Policy"] == "same-origin", what
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin", what
    assert headers["X-Frame-Options"] == "DENY", what


def secure_client(user=None) -> Client:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False, headers={"host": "cme.example.org"})
    if user is not None:
        client.force_login(user)
    return client


def test_production_cookies_are_host_prefixed_and_secure(production, alice):
    client = secure_client()
    page = client.get("/accounts/login/", secure=True)
    assert_hardened(page, "login page")
    cookie = page.cookies["__Host-csrftoken"]
    assert cookie["secure"]
    assert cookie["path"] == "/"
    assert not cookie["domain"]
    response = client.post(
        "/accounts/login/", {"login": alice.email, "password": PASSWORD}, secure=True
    )
    session = response.cookies["__Host-sessionid"]
    assert session["secure"]
    assert session["httponly"]
    assert session["path"] == "/"
    assert not session["domain"]


def test_production_turns_on_a_year_of_hsts_and_host_cookies(production_values):
    assert production_values["SECURE_HSTS_SECONDS"] >= 31536000
    assert production_values["SESSION_COOKIE_NAME"].startswith("__Host-")


def test_html_api_download_404_and_500_responses_carry_the_headers(production, alice, estate):
    client = secure_client(alice)
    assert_hardened(client.get("/dashboard/", secure=True), "HTML page")
    api = client.get("/api/v1/activities", secure=True)
    assert api.status_code == 200
    assert_hardened(api, "API")
    download = client.get(f"/certificates/{estate.certificate.public_id}/download", secure=True)
    assert download.status_code == 200
    assert_hardened(download, "download")
    # Read the file to the end: the test client then closes it (and the open file) itself,
    # without the request_finished signal closing this test's database connection.
    assert download.getvalue().startswith(b"%PDF-")
    missing = client.get("/no-such-page", secure=True)
    assert missing.status_code == 404
    assert_hardened(missing, "404")
    assert b"Traceback" not in missing.content
    assert b"urlpatterns" not in missing.content

    # A real failure: the storage lost the certificate file the row points at.
    default_storage.delete(estate.certificate.file.name)
    broken = client.get(f"/certificates/{estate.certificate.public_id}/download", secure=True)
    assert broken.status_code == 500
    assert_hardened(broken, "500")
    assert b"Traceback" not in broken.content
    assert estate.certificate.file.name.encode() not in broken.content
