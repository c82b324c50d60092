"""What request parameters can put in the shared Redis cache, and what account deletion leaves.

Against a real Redis: `?as_of=` with any date other than today is computed and never stored,
so a script walking dates cannot fill the cache that also carries the broker; and deleting an
account deletes the pages and API answers cached with its license number and activity titles.
"""

import datetime
import os
from collections.abc import Iterator

import pytest
import redis
from django.test import Client
from django.urls import reverse

from accounts.services import api_token_create
from tests.security.test_account_delete import signed_in
from tests.services import redis_url_of_this_worker, service_missing

pytestmark = pytest.mark.django_db
REDIS_URL = redis_url_of_this_worker(
    os.environ.get("CMETRACK_TEST_CACHE_URL", "redis://127.0.0.1:6379/12"), first=12
)
LICENSE_NUMBER = b"SECRET7F3C"


@pytest.fixture
def redis_cache(settings) -> Iterator[redis.Redis]:  # type: ignore[no-untyped-def]
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except (redis.RedisError, OSError):
        service_missing(f"Redis for the cache at {REDIS_URL}")
    client.flushdb()
    settings.CACHES = {
        "default": {
            "BACKEND": "cmetrack.lib.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    yield client
    client.flushdb()


def _page_keys(client: redis.Redis) -> list[bytes]:
    """Cached pages and answers (not rate-limit counters or the per-person registry)."""
    names = (b"template.cache", b"license-page:", b"compliance:")
    return [k for k in client.keys("*") if any(name in k for name in names)]


def _holding_secret(client: redis.Redis) -> list[bytes]:
    return [k for k in _page_keys(client) if LICENSE_NUMBER in (client.get(k) or b"")]


def test_as_of_dates_other_than_today_are_never_stored(alice, alice_client, estate, redis_cache):
    _, raw = api_token_create(user=alice, name="script")
    license = estate.license.pk
    for day in range(1, 29):
        as_of = datetime.date(2025, 2, day).isoformat()
        assert alice_client.get(reverse("reporting:dashboard"), {"as_of": as_of}).status_code == 200
        page = alice_client.get(
            reverse("reporting:license_detail", args=[license]), {"as_of": as_of}
        )
        assert page.status_code == 200
        answer = alice_client.get(
            f"/api/v1/licenses/{license}/compliance",
            {"as_of": as_of},
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        assert answer.status_code == 200
    assert _page_keys(redis_cache) == []

    # Today's pages are still cached: the bound costs repeat visitors nothing.
    alice_client.get(reverse("reporting:dashboard"))
    alice_client.get(f"/api/v1/licenses/{license}/compliance", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert len(_page_keys(redis_cache)) == 2


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_an_as_of_outside_the_calendar_we_judge_is_a_400_not_a_500(alice, estate, as_of):
    _, raw = api_token_create(user=alice, name="script")
    api = Client(headers={"authorization": f"Bearer {raw}"})
    response = api.get(f"/api/v1/licenses/{estate.license.pk}/compliance", {"as_of": as_of})
    assert response.status_code == 400
    assert "between 1900-01-01 and 2100-12-31" in response.json()["detail"]


def test_deleting_the_account_deletes_what_was_cached_for_it(
    alice, estate, redis_cache, django_capture_on_commit_callbacks
):
    client = signed_in(alice)
    assert client.get(reverse("reporting:dashboard")).status_code == 200
    page = client.get(reverse("reporting:license_detail", args=[estate.license.pk]))
    assert LICENSE_NUMBER in page.content
    assert len(_holding_secret(redis_cache)) == 2  # the dashboard cards and the license page

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("accounts:delete"), {"email": alice.email})
    assert done.status_code == 302
    assert _holding_secret(redis_cache) == []
    assert _page_keys(redis_cache) == []
