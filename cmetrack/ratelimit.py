"""API rate limits: a fixed one-minute window per token and per client IP, kept in the cache.

With Redis (CI, production) every worker shares the counters; the locmem default limits per
process. A refused request gets 429 `{"detail": ...}` and `Retry-After` (seconds to the next
window) from django-ninja's throttle hook, which runs after authentication.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import BaseThrottle

from accounts.models import ApiToken
from organizations.models import OrganizationToken

WINDOW_SECONDS = 60


def _window_count(key: str, *, now: float) -> int:
    """Count one request in the current window of `key`; the count so far."""
    window = int(now // WINDOW_SECONDS)
    cache_key = f"api-rate:{key}:{window}"
    # add() is atomic and only sets a missing key; incr() is atomic on Redis.
    cache.add(cache_key, 0, timeout=WINDOW_SECONDS + 5)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=WINDOW_SECONDS + 5)
        count = 1
    return count


class ApiRateLimit(BaseThrottle):
    """At most API_RATE_LIMIT_PER_MINUTE requests per token, and API_RATE_LIMIT_PER_IP_PER_MINUTE
    per client IP (whatever the credentials), in each clock minute."""

    def allow_request(self, request: HttpRequest) -> bool:
        now = time.time()
        limits = [(f"ip:{self.get_ident(request)}", settings.API_RATE_LIMIT_PER_IP_PER_MINUTE)]
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            limits.append((f"token:{token.pk}", settings.API_RATE_LIMIT_PER_MINUTE))
        elif isinstance(token, OrganizationToken):
            limits.append((f"organization-token:{token.pk}", settings.API_RATE_LIMIT_PER_MINUTE))
        # Count against every limit (no short-circuit), so a refused token still uses its IP's.
        over = [_window_count(key, now=now) > limit for key, limit in limits]
        return not any(over)

    def wait(self) -> float:
        # Windows are aligned to the clock minute, so the wait is the same for every key (and
        # needs no per-request state on this object, which all requests share).
        return seconds_to_next_window(time.time())


def seconds_to_next_window(now: float) -> int:
    return WINDOW_SECONDS - int(now % WINDOW_SECONDS)
