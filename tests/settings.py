"""The test suite's settings: the product's, with what only tests may change.

pytest selects it (pyproject `DJANGO_SETTINGS_MODULE`); subprocesses that play production set
`cmetrack.settings` themselves.
"""

from cmetrack.settings import *  # noqa: F403
from tests.services import redis_url_of_this_worker

# PBKDF2's million rounds cost ~0.3 s a login; tests check our behaviour, not the hash.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Certificates are read inside the upload call, so a test can look at what was read right
# after storing one; the tests of the worker path turn this on (with a real worker).
CERTIFICATE_READ_IN_WORKER = False

# Celery's back-off counts whole seconds; without jitter the tests can time it: a transcript's
# five retries wait 1 + 2 + 2 + 2 + 2 s on a real worker (eager mode retries at once).
TRANSCRIPT_RETRY_BASE_SECONDS = 1
TRANSCRIPT_RETRY_MAX_SECONDS = 2
TRANSCRIPT_RETRY_JITTER = False

# Under pytest-xdist each worker has its own test database (pytest-django adds _gw0, _gw1 to
# its name; SQLite's is in memory anyway) and its own Redis cache database, since every test
# starts by emptying the cache.
if REDIS_URL:  # noqa: F405
    CACHES["default"]["LOCATION"] = redis_url_of_this_worker(REDIS_URL, first=8)  # noqa: F405
