"""URLs reversed once per process for the pages written in Python.

A dashboard card names four URLs and a license page one or two per requirement; Django's
`reverse` walks its resolver each time (~0.1 ms), and the same physician's pages name the same
URLs visit after visit. The prefix the site is mounted under and the URLconf are part of the key,
so a per-request URLconf or a different mount point never gets another's answer.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse


def url(name: str, *args: str | int) -> str:
    """`reverse(name, args=args)`, remembered for the last few thousand URLs."""
    return _reversed(get_script_prefix(), get_urlconf(), name, args)


@functools.lru_cache(maxsize=4096)
def _reversed(prefix: str, urlconf: str | None, name: str, args: tuple[str | int, ...]) -> str:
    del prefix  # a key only: `reverse` reads the current prefix itself
    return reverse(name, urlconf=urlconf, args=args)
