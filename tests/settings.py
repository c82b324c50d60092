"""The test suite's settings: the product's, with what only tests may change.

pytest selects it (pyproject `DJANGO_SETTINGS_MODULE`); subprocesses that play production set
`cmetrack.settings` themselves.
"""

from cmetrack.settings import *  # noqa: F403

# PBKDF2's million rounds cost ~0.3 s a login; tests check our behaviour, not the hash.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Celery's back-off counts whole seconds; without jitter the tests can time it: a transcript's
# five retries wait 1 + 2 + 2 + 2 + 2 s on a real worker (eager mode retries at once).
TRANSCRIPT_RETRY_BASE_SECONDS = 1
TRANSCRIPT_RETRY_MAX_SECONDS = 2
TRANSCRIPT_RETRY_JITTER = False
