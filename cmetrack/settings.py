"""CME Track settings, all from the environment.

With no variables set the app runs on the embedded default: SQLite and media under var/,
Celery tasks run in-process, e-mail printed to the console. `.env.example` documents every
variable. With DEBUG off the app refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    environ.Env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

if DEBUG:
    # An empty SECRET_KEY= (as .env.example has it) is the development key too.
    SECRET_KEY = (
        env.str("SECRET_KEY", default="") or "insecure-development-key-never-use-in-production"
    )
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("DEBUG is off: set SECRET_KEY to a random string of 50+ chars.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DEBUG is off: set ALLOWED_HOSTS (comma-separated host names).")

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.humanize",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # Sign-in with an organization's own identity provider (OpenID Connect), one per organization.
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_htmx",
    "ninja",
    "simple_history",
    "accounts",
    "certificates",
    "activities",
    "reporting",
    "organizations",
    "providers",
]

MIDDLEWARE = [
    # First: forwarded headers from anyone but our proxy are dropped before anything reads them.
    "cmetrack.middleware.UntrustedForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Django's session middleware, except that a database outage while saving is a 503.
    "cmetrack.middleware.OutageSafeSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads a body (the CSRF check does): refuse by size and anonymous uploads.
    "cmetrack.bodylimit.RequestBodyLimitMiddleware",
    # Nothing personal stays in a browser's or proxy's cache (static files are served above).
    "cmetrack.middleware.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Staff need two-factor for the admin; an unreachable database answers 503.
    "cmetrack.middleware.StaffAdminMfaMiddleware",
    "cmetrack.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "cmetrack.urls"
WSGI_APPLICATION = "cmetrack.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The main menu, written in Python once per kind of visitor (cmetrack/lib/nav.py).
            "libraries": {"site_nav": "cmetrack.lib.nav"},
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if "DATABASE_URL" not in env:
    VAR_DIR.mkdir(exist_ok=True)  # the embedded default lives in var/, which git does not keep
if DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
    # A new PostgreSQL connection per request made a 50-row page ~6x slower (docs/architecture.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits live here: shared across workers only with Redis) --------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cmetrack.lib.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
# Without a broker the work runs in-process: the embedded default needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task whose whole worker died (OOM, host crash) goes back to the queue after this many
# seconds: longer than the longest task (transcripts stop at 210 s) and its longest retry
# back-off (240 s), short enough that nobody waits a quarter of an hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", 300)}
CELERY_TIMEZONE = "UTC"
# One queue per kind of work, each drained by its own worker service (docker-compose.yml) with
# its own concurrency, so a 50-page scan or a long transcript never delays a verdict or an
# e-mail. A deployment adds workers to a queue without code changes; a worker started without
# `-Q` (`make worker`, the tests) consumes every queue named here.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_QUEUE_NAMES = ("celery", "pdf", "ocr", "judging", "mail")
CELERY_TASK_QUEUES = [Queue(name) for name in CELERY_QUEUE_NAMES]
CELERY_TASK_ROUTES = {
    "reporting.tasks.transcript_render_task": {"queue": "pdf"},
    "reporting.tasks.transcripts_requeue_stale_task": {"queue": "pdf"},
    # Reading an upload (text layer, OCR of every page): a 50-page scan waits behind scans only.
    "certificates.services.certificate_read_task": {"queue": "ocr"},
    "certificates.services.certificates_read_stale_task": {"queue": "ocr"},
    "reporting.tasks.licenses_reevaluate_task": {"queue": "judging"},
    "reporting.tasks.pages_warm*": {"queue": "judging"},
    "reporting.tasks.license_reminders_send_task": {"queue": "mail"},
    "organizations.digest.organization_digests_send_task": {"queue": "mail"},
}
CELERY_BEAT_SCHEDULE = {
    # Credentialing offices' weekly digest (members who asked for it): Monday morning in the US.
    "organization-digests-weekly": {
        "task": "organizations.digest.organization_digests_send_task",
        "schedule": crontab(day_of_week="mon", hour=13, minute=30),
    },
    # Deadline e-mails (90/30/7 days before expiry); 13:00 UTC is morning across the US.
    "license-reminders-daily": {
        "task": "reporting.tasks.license_reminders_send_task",
        "schedule": crontab(hour=13, minute=0),
    },
    # Transcripts left queued (the broker was down) or rendering (a worker died) go out again.
    "transcripts-requeue-stale": {
        "task": "reporting.tasks.transcripts_requeue_stale_task",
        "schedule": 60.0,
    },
    # Certificates left unread (the broker was down, a worker died) go to a worker again.
    "certificates-read-stale": {
        "task": "certificates.services.certificates_read_stale_task",
        "schedule": 120.0,
    },
    # Each physician's pages judged for the new day before their first visit. Hourly, so the
    # first run after midnight in TIME_ZONE does it whatever the zone; the others find it done.
    "pages-warm-today": {
        "task": "reporting.tasks.pages_warm_today_task",
        "schedule": crontab(minute=1),
    },
    # Files whose database row never committed (a rolled-back upload) are removed after a day.
    "certificates-purge-orphans": {
        "task": "certificates.tasks.certificate_orphans_purge_task",
        "schedule": crontab(hour=4, minute=30),
    },
}
# Address-space ceiling of each worker pool process (cmetrack/celery.py), where WeasyPrint and
# pypdf make transcripts and audit packets; a 3,000-row transcript peaks near 450 MB. 0: none.
WORKER_PROCESS_MEMORY_MB = env.int("WORKER_PROCESS_MEMORY_MB", default=2048)
# Transcripts and audit packets queued or being made at once, per person; one more is refused.
TRANSCRIPT_MAX_PENDING_PER_USER = env.int("TRANSCRIPT_MAX_PENDING_PER_USER", default=3)
# Celery's retry back-off for a transcript after a storage/database hiccup: the first retry
# within this many whole seconds, doubling each time up to the cap, with full jitter. The cap
# stays below CELERY_VISIBILITY_TIMEOUT (a waiting retry must not be handed to a second worker).
TRANSCRIPT_RETRY_BASE_SECONDS = env.int("TRANSCRIPT_RETRY_BASE_SECONDS", default=5)
TRANSCRIPT_RETRY_MAX_SECONDS = env.int("TRANSCRIPT_RETRY_MAX_SECONDS", default=240)
TRANSCRIPT_RETRY_JITTER = True

# --- Files ------------------------------------------------------------------------------------
# A relative MEDIA_ROOT (.env.example's var/media) is under the project, wherever it runs from.
MEDIA_ROOT = BASE_DIR / env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: downloads go through access-checked views
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "region_name": env.str("AWS_S3_REGION_NAME", default="us-east-1"),
            "default_acl": None,  # the bucket stays private
            "querystring_auth": True,
            "querystring_expire": 300,  # presigned downloads expire within 5 minutes
            "file_overwrite": False,
            "signature_version": "s3v4",
            "addressing_style": "path" if AWS_S3_ENDPOINT_URL else "auto",
        },
    }
else:
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": MEDIA_ROOT, "base_url": MEDIA_URL},
    }
STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Serve from the app folders while developing (and under pytest, which flips DEBUG late).
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
CERTIFICATE_MAX_BYTES = env.int("CERTIFICATE_MAX_BYTES", default=10 * 1024 * 1024)
# Read uploads (text layer, OCR, splitting bundles) in a worker when there is a broker; off,
# the upload request reads them itself, as it does without a broker.
CERTIFICATE_READ_IN_WORKER = env.bool("CERTIFICATE_READ_IN_WORKER", default=True)
# Uploads waiting to be read (text, OCR) at once, per person; the upload page refuses more.
CERTIFICATE_MAX_READING_PER_USER = env.int("CERTIFICATE_MAX_READING_PER_USER", default=20)
# External programs run on uploads (pdftoppm, tesseract): per run, an address-space ceiling, CPU
# seconds and a wall-clock timeout; per process, how many run at once and how long a caller
# waits for a free slot before reading no text (certificates/programs.py).
PROGRAM_MEMORY_MB = env.int("PROGRAM_MEMORY_MB", default=1024)
PROGRAM_CPU_SECONDS = env.int("PROGRAM_CPU_SECONDS", default=20)
PROGRAM_TIMEOUT_SECONDS = env.float("PROGRAM_TIMEOUT_SECONDS", default=30.0)
PROGRAM_CONCURRENCY = env.int("PROGRAM_CONCURRENCY", default=2)
# ClamAV's daemon, which scans every upload (certificates/validation/viruses.py):
# tcp://host:3310 or unix:///path/clamd.ctl. Unset, uploads are not scanned (the embedded
# default). With DEBUG off it must be set: to the daemon, or to "disabled" as a deliberate,
# visible choice (a benchmark on loopback); an unreachable scanner refuses every upload.
CLAMAV_URL = env.str("CLAMAV_URL", default="")
CLAMAV_TIMEOUT_SECONDS = env.float("CLAMAV_TIMEOUT_SECONDS", default=30.0)
if not DEBUG and not CLAMAV_URL:
    raise ImproperlyConfigured(
        "DEBUG is off: set CLAMAV_URL (tcp://host:3310 or unix:///path) so uploads are scanned, "
        "or CLAMAV_URL=disabled to run without a virus scanner."
    )
if CLAMAV_URL == "disabled":
    CLAMAV_URL = ""
# The data import (a ZIP of an export): the upload itself, and everything inside it expanded.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=512 * 1024 * 1024)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=1024 * 1024 * 1024)
PROGRAM_SLOT_WAIT_SECONDS = env.float("PROGRAM_SLOT_WAIT_SECONDS", default=10.0)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Request bodies (cmetrack/bodylimit.py): the largest file each upload route takes (the body may
# be larger by the form's overhead); every other route takes REQUEST_MAX_BYTES. The proxy in
# front enforces the same figures (docs/security.md).
REQUEST_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
BODY_LIMITS = [  # (path pattern, the setting that holds its limit, or a number of bytes)
    (r"^/certificates/upload$", "CERTIFICATE_MAX_BYTES"),
    (r"^/api/v1/certificates$", "CERTIFICATE_MAX_BYTES"),
    (r"^/activities/(new|\d+/edit|\d+/duplicate)$", "CERTIFICATE_MAX_BYTES"),
    (r"^/activities/import$", 4 * 1024 * 1024),  # the CSV, then its signed preview
    (r"^/dashboard/import/$", "IMPORT_MAX_BYTES"),
    (r"^/api/v1/import$", "IMPORT_MAX_BYTES"),
    (r"^/verify/[^/]+$", "TRANSCRIPT_VERIFY_MAX_BYTES"),
]
# Upload routes open to people without an account: a credentialing clerk checks the PDF they
# received. The file is hashed as it arrives and never kept (reporting/transcripts/verification.py).
PUBLIC_UPLOAD_ROUTES = [r"^/verify/[^/]+$"]
# Larger than any transcript or audit packet we issue.
TRANSCRIPT_VERIFY_MAX_BYTES = 20 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "cmetrack.bodylimit.CountingUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# API requests per clock minute, per token and per client IP (cmetrack/ratelimit.py); 429 past it.
API_RATE_LIMIT_PER_MINUTE = env.int("API_RATE_LIMIT_PER_MINUTE", default=120)
API_RATE_LIMIT_PER_IP_PER_MINUTE = env.int("API_RATE_LIMIT_PER_IP_PER_MINUTE", default=600)
# Failed CME claim codes (unknown, closed, used) a learner account and a client address may try
# within the window before the claim page and API refuse for the rest of it (providers/attempts.py).
CLAIM_CODE_ATTEMPTS_PER_USER = env.int("CLAIM_CODE_ATTEMPTS_PER_USER", default=10)
CLAIM_CODE_ATTEMPTS_PER_ADDRESS = env.int("CLAIM_CODE_ATTEMPTS_PER_ADDRESS", default=30)
CLAIM_CODE_ATTEMPT_WINDOW_SECONDS = env.int("CLAIM_CODE_ATTEMPT_WINDOW_SECONDS", default=600)

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CME Track <no-reply@cmetrack.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# Confirming signs in, but only in the browser that signed up (allauth keeps the pending
# sign-up in that session): a link opened anywhere else still asks for the password.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# A stolen session must not be enough to take the account over: adding, removing or choosing
# the primary e-mail address asks for the password again (allauth's MFA views already do, and
# our own token and deletion views use the same reauthentication).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# The owner hears at their (old) address about changes to addresses, password and two-factor.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "add_email": "accounts.forms.AddEmailForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
}
ACCOUNT_RATE_LIMITS = {
    # The 6th failed login for one account within 5 minutes is refused.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    # Checks of a received PDF on the public verification page (each hashes up to 20 MB).
    "verify_document": "20/m/ip",
    # Wrong access codes on a share link: 5 per link in 15 minutes, 20 a minute per address.
    "share_link_code": "20/m/ip,5/15m/key",
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[CME Track] "
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "CME Track"
# An organization's identity provider (site staff add it in the admin as a social application
# with provider "openid_connect" and the organization's slug as provider id) vouches for who signs
# in, never for an e-mail address: it is not connected to an existing account by address (the
# person signs in as themself and connects it), and a new account confirms its address by mail
# like any other (organizations/identity.py). Two-factor still applies after it.
SOCIALACCOUNT_ADAPTER = "organizations.identity.OrganizationSignInAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "mandatory"
# A new account through a provider always shows its one-step form: the person sees the account
# is their own, and the address passes the same checks as a sign-up (no look-alikes).
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_FORMS = {"signup": "organizations.identity.OrganizationSignupForm"}
SOCIALACCOUNT_LOGIN_ON_GET = False  # a POST (with CSRF) starts the trip to the provider
SOCIALACCOUNT_STORE_TOKENS = False  # we read who signed in, nothing else of theirs
SOCIALACCOUNT_REQUESTS_TIMEOUT = 5

# --- Security -----------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The client address that rate limits key on (allauth's login limits, cmetrack/ratelimit.py):
# REMOTE_ADDR, unless our own proxy is in front; then the last X-Forwarded-For entry, the one it
# appended. Believing the whole header would let a client name a fresh address per request, and
# ignoring it behind a proxy would pool every user into the proxy's one bucket.
TRUSTED_PROXY_COUNT = 0
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies: Secure, path=/, no Domain; a sibling subdomain cannot plant them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if env.bool("BEHIND_TLS_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        TRUSTED_PROXY_COUNT = 1  # the TLS proxy appends the client's address to X-Forwarded-For
# Where that proxy connects from: forwarded headers from any other peer are dropped
# (cmetrack.middleware.UntrustedForwardedHeadersMiddleware). The default is the private ranges;
# docker-compose narrows it to the proxy's own network, which only the proxy can reach.
PRIVATE_NETWORKS = ["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
TRUSTED_PROXY_NETWORKS = env.list("TRUSTED_PROXY_NETWORKS", default=[]) or PRIVATE_NETWORKS
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT  # unset, django-ninja keys on the whole forged header

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# --- I18N ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
USE_I18N = True
USE_TZ = True

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # WeasyPrint logs every layout step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # pypdf warns about every malformed file it is shown; hostile uploads are expected.
        "pypdf": {"level": "ERROR"},
    },
}
