"""Bench-only settings: the product's settings plus a URLconf that adds the floor view.

Selected with DJANGO_SETTINGS_MODULE=bench.settings by the bench scripts only; production
never imports this module, so the floor view is never reachable there.
"""

from cmetrack.settings import *  # noqa: F403

ROOT_URLCONF = "bench.floor_urls"

# `collectstatic` for the bench (DEBUG off needs the manifest) goes under var/, not staticfiles/.
STATIC_ROOT = BASE_DIR / "var" / "bench-static"  # noqa: F405
