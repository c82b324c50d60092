"""The cache backend shares one Redis client per server instead of building one per call."""

import threading

import pytest
import redis
from django.conf import settings

from cmetrack.lib.redis_cache import SharedClientRedisCache
from tests.services import service_missing


@pytest.fixture
def backend() -> SharedClientRedisCache:
    if "redis" not in settings.CACHES["default"]["BACKEND"].lower():
        service_missing("Redis for the cache (REDIS_URL)")
    location = settings.CACHES["default"]["LOCATION"]
    try:
        redis.Redis.from_url(location, socket_connect_timeout=1).ping()
    except (redis.RedisError, OSError):
        service_missing(f"Redis for the cache at {location}")
    return SharedClientRedisCache(location, {"KEY_PREFIX": "shared-client-test"})


def test_every_call_uses_the_same_client(backend):
    first = backend._cache.get_client("a")
    assert backend._cache.get_client("b") is first
    assert backend._cache.get_client("a", write=True) is first


def test_the_shared_client_reads_and_writes(backend):
    backend.set_many({"one": 1, "two": [2]}, timeout=30)
    assert backend.get_many(["one", "two", "three"]) == {"one": 1, "two": [2]}
    backend.delete_many(["one", "two"])
    assert backend.get("one") is None


def test_threads_sharing_the_client_each_read_their_own_value(backend):
    wrong: list[int] = []

    def work(n: int) -> None:
        for round_ in range(50):
            backend.set(f"thread-{n}", (n, round_), timeout=30)
            if backend.get(f"thread-{n}") != (n, round_):
                wrong.append(n)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
    backend.delete_many([f"thread-{n}" for n in range(8)])
