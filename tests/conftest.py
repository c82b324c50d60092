import os
import shutil
import uuid
from collections.abc import Iterator

import boto3
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from reporting.rules.selectors import rules_in_process_forget
from tests.accounts.factories import UserFactory
from tests.services import CHROMIUM_FLAGS, service_missing, start_moto_server

PASSWORD = "correct horse battery staple"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last, after pytest-django has put the database tests first.

    The browser is one Playwright session for the whole run, and while it is open the test
    thread counts as inside an asyncio event loop (Playwright marks its loop as running after
    every call). Any test after the first browser test would run in that state: Django's ORM
    refuses to run there, asyncio.run() and async_to_sync() fail. Grouped at the end, the
    session starts with the first browser test and no other test comes after it.
    """
    items.sort(key=lambda item: "browser" in getattr(item, "fixturenames", ()))


def pytest_report_header(config: pytest.Config) -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = settings.CELERY_BROKER_URL.split("@")[-1] or "none (eager)"
    return f"cmetrack: database backend={database}, celery broker={broker}"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    # Rate-limit counters live in the cache; one test's failed logins must not limit the next.
    # The rules kept per process are named by history ids, which a rolled-back test reuses.
    cache.clear()
    rules_in_process_forget()
    yield
    cache.clear()
    rules_in_process_forget()


# --- Personas: alice owns things, bob must never see them, staff administer rules -------------
@pytest.fixture
def alice(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="alice@example.com", password=PASSWORD, profile__full_name="Alice Ng")


@pytest.fixture
def bob(db):  # type: ignore[no-untyped-def]
    return UserFactory(email="bob@example.com", password=PASSWORD, profile__full_name="Bob Osei")


@pytest.fixture
def alice_client(alice) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(bob) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(bob)
    return client


# --- S3 through a real moto server over HTTP ------------------------------------------------
@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    process, endpoint = start_moto_server()
    yield endpoint
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3_storage(settings, moto_endpoint):  # type: ignore[no-untyped-def]
    """Point default storage at a fresh private bucket on the moto server."""
    bucket = f"cmetrack-test-{uuid.uuid4().hex[:12]}"
    credentials = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1", **credentials)
    client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": moto_endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 300,
                "file_overwrite": False,
                "signature_version": "s3v4",
                "addressing_style": "path",
            },
        },
    }
    return client, bucket


# --- Database backend: CI must really run on PostgreSQL -------------------------------------
@pytest.fixture
def postgresql(db) -> None:  # type: ignore[no-untyped-def]
    if connection.vendor != "postgresql":
        service_missing("PostgreSQL (set DATABASE_URL=postgres://...)")


# --- Browser journeys in Debian's Chromium -------------------------------------------------
@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    executable = shutil.which("chromium")
    if executable is None:
        service_missing("Debian's chromium (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the Django ORM calls our test
    # makes in between (reading the outbox, asserting rows) are still synchronous. Allowed only
    # while the browser is open (the browser tests run last: pytest_collection_modifyitems).
    from playwright.sync_api import sync_playwright

    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


# --- The demo physician's record, and signing a browser in without the login form --
@pytest.fixture
def demo_physician(db):  # type: ignore[no-untyped-def]
    """The demo physician (seed_demo's data: TX/CA/DEA licenses and activities)."""
    from accounts.demo import demo_physician_create
    from activities.demo import demo_activities_create
    from reporting.licenses.demo import demo_licenses_create
    from reporting.rules.services import state_rules_load
    from tests.reporting.conftest import reference_subset

    state_rules_load(document=reference_subset("TX", "CA"))
    user = demo_physician_create(email="demo.physician@example.com", password=PASSWORD)
    demo_activities_create(user=user)
    demo_licenses_create(user=user)
    return user


@pytest.fixture
def browser_sign_in(live_server):  # type: ignore[no-untyped-def]
    """Give a Playwright page a signed-in session cookie for `user`."""
    from django.urls import get_resolver

    # Import the URLconf (and every API schema) here, not inside the first page's timeout.
    get_resolver().url_patterns  # noqa: B018

    def sign_in(page, user) -> None:  # type: ignore[no-untyped-def]
        client = Client()
        client.force_login(user)
        from django.conf import settings

        name = settings.SESSION_COOKIE_NAME
        page.context.add_cookies(
            [{"name": name, "value": client.cookies[name].value, "url": live_server.url}]
        )

    return sign_in
