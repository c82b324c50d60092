"""A namespace per person in the shared cache, so that deleting an account clears it.

Pages and API answers cached for a physician (license numbers, activity titles) carry two
things of theirs in every key: a random generation, and a version token that names the state
of their record. Each token used is remembered, so account deletion can delete every entry
cached under it; dropping the generation makes anything missed unreachable as well, and such
an entry expires on its own within the hour.
"""

import secrets
from dataclasses import dataclass

from django.core.cache import cache

# Longer than anything cached under a generation lives; losing one early only costs a miss.
REGISTRY_SECONDS = 24 * 3600
# Tokens remembered per person: a busy hour of edits stays far below this.
MAX_TOKENS = 500


def _generation_key(user_id: int) -> str:
    return f"personal-cache-generation:{user_id}"


def _tokens_key(user_id: int) -> str:
    return f"personal-cache-tokens:{user_id}"


def _generation_start(user_id: int) -> str:
    generation = secrets.token_hex(8)
    if not cache.add(_generation_key(user_id), generation, REGISTRY_SECONDS):
        # Another request started one first; use theirs so both share the entries.
        generation = cache.get(_generation_key(user_id)) or generation
    return generation


@dataclass(frozen=True)
class PersonalCache:
    """A person's generation and the tokens remembered so far, read together."""

    user_id: int
    generation: str
    tokens: list[str]

    def remember(self, token: str) -> None:
        """Note that entries are about to be cached for this person under `token`."""
        if token not in self.tokens:
            tokens = [*self.tokens, token][-MAX_TOKENS:]
            cache.set(_tokens_key(self.user_id), tokens, REGISTRY_SECONDS)


def personal_cache_open(user_id: int) -> PersonalCache:
    """The person's generation (started if they have none) and tokens in one cache read: every
    page a physician opens names its cache entries this way, so it is one round trip, not two."""
    found = cache.get_many([_generation_key(user_id), _tokens_key(user_id)])
    generation = found.get(_generation_key(user_id))
    if generation is None:
        generation = _generation_start(user_id)
    return PersonalCache(user_id, generation, found.get(_tokens_key(user_id)) or [])


def personal_cache_forget(user_id: int) -> list[str]:
    """Make everything cached for this person unreachable; returns the tokens it was under."""
    tokens = cache.get(_tokens_key(user_id)) or []
    cache.delete_many([_generation_key(user_id), _tokens_key(user_id)])
    return tokens
