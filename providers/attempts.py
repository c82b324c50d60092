"""How many claim codes one person may try: a code guessed in a loop is refused for a while.

A shared code is short enough to type from a slide, so it could be guessed: every code that
fails counts against the learner's account (when signed in) and their address, in a fixed
window kept in the cache (Redis in production, so every worker shares the counts). A refusal
says when the window ends.
"""

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _limits() -> tuple[int, int, int]:
    return (
        settings.CLAIM_CODE_ATTEMPTS_PER_USER,
        settings.CLAIM_CODE_ATTEMPTS_PER_ADDRESS,
        settings.CLAIM_CODE_ATTEMPT_WINDOW_SECONDS,
    )


@dataclass(frozen=True)
class Refusal:
    retry_after: int  # seconds

    @property
    def message(self) -> str:
        minutes = max(1, math.ceil(self.retry_after / 60))
        unit = "minute" if minutes == 1 else "minutes"
        return (
            "Too many claim codes were tried from your account or address. "
            f"Please try again in {minutes} {unit}."
        )


def client_address(request: HttpRequest) -> str:
    # Forwarded headers survive only from our own proxy (the middleware drops the rest); the
    # proxy appends the address it saw, so the last entry is the one to trust.
    forwarded = request.headers.get("x-forwarded-for", "")
    if forwarded:
        return forwarded.split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(key: str, window: int, now: float) -> str:
    return f"claim-code:{key}:{int(now // window)}"


def _keys(request: HttpRequest) -> list[tuple[str, int]]:
    per_user, per_address, _ = _limits()
    keys = [(f"ip:{client_address(request)}", per_address)]
    if request.user.is_authenticated:
        keys.append((f"user:{request.user.pk}", per_user))
    return keys


def claim_code_refusal(request: HttpRequest) -> Refusal | None:
    """A Refusal while this person (account or address) has used up their failed attempts.

    Only codes that fail count: a learner who mistypes the credits or forgets the attestation
    can try again, while a guesser, who mostly hits unknown codes, is stopped.
    """
    window = _limits()[2]
    now = time.time()
    for key, limit in _keys(request):
        if int(cache.get(_key(key, window, now), 0)) >= limit:
            return Refusal(retry_after=window - int(now % window))
    return None


def claim_code_failed(request: HttpRequest) -> None:
    """Count one unknown, closed or used code against the account and the address."""
    window = _limits()[2]
    now = time.time()
    for key, _limit in _keys(request):
        cache_key = _key(key, window, now)
        cache.add(cache_key, 0, timeout=window + 5)
        try:
            cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, timeout=window + 5)
