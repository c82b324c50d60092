"""Django's Redis cache with one Redis client per connection pool instead of one per call.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` on every cache call, and
building one fills its table of some 700 response callbacks: about 0.15 ms, twice on every
page (the record version and the cached cards) and four times when a verdict is judged. A
client is safe to share between threads (each command borrows a connection from the pool) and
its pool notices a fork (gunicorn's preload) and opens new connections in the child.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Django's own (private) pool helpers, which its type stubs leave out.
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        client = self._clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            # Another thread may have made one meanwhile; either serves, both use `pool`.
            client = self._clients.setdefault(
                index,
                self._client(connection_pool=pool),  # type: ignore[attr-defined]
            )
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
