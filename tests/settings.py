"""The test suite's settings: the product's, with what only tests may change.

pytest selects it (pyproject `DJANGO_SETTINGS_MODULE`); subprocesses that play production set
`cmetrack.settings` themselves.
"""

from cmetrack.settings import *  # noqa: F403

# PBKDF2's million rounds cost ~0.3 s a login; tests check our behaviour, not the hash.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Certificates are read inside the upload call, so a test can look at what was read right
# after storing one; the tests of the worker path turn this on (with a real worker).
CERTIFICATE_READ_IN_WORKER = False
