"""Settings shared by every environment. Everything comes from the environment."""

import logging
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.observability.sentry import sentry_init
from core.logs import configure_structlog, logging_config

BASE_DIR = Path(__file__).resolve().parent.parent.parent
RUN_DIR = BASE_DIR / ".run"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])

INSTALLED_APPS = [
    "config.apps.MechanismAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "rules",
    "axes",
    "csp",
    "django_structlog",
    "django_prometheus",
    "core",
    "accounts",
    "audit",
    "evidence",
    "notifications",
    "incidents",
    "verification",
    "mediators",
    "compliance",
    "api",
    "operations",
]

MIDDLEWARE = [
    # Observability: first and last but for axes, so they see every request and answer.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "config.observability.request_ids.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.observability.request_ids.RequestLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Lockdown (operations.lockdown): read-only and no-access on every request.
    "operations.lockdown.middleware.LockdownMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "config.middleware.PrivateAnswersMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, so that it sees the flag the authentication backend set on a locked-out request.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "notifications.context_processors.unread_notifications",
                "operations.lockdown.context_processors.site_mode",
            ],
        },
    },
]


def _database():
    db = env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db["ENGINE"] = "django_prometheus.db.backends.sqlite3"  # counts queries for /metrics
        # WAL lets the web process read while the worker writes; IMMEDIATE takes the
        # write lock at BEGIN so that concurrent writers wait instead of failing.
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    else:
        if db["ENGINE"] == "django.db.backends.postgresql":
            # Timestamps parsed in C, queries counted for /metrics (config/postgresql).
            db["ENGINE"] = "config.postgresql"
        # No JIT: its compile time (about a second at a million claims) dwarfs the
        # short queries a page runs, which the planner's estimates push over its threshold.
        db.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
        if env.bool("DATABASE_POOL", default=False):
            db["OPTIONS"]["pool"] = {"min_size": 2, "max_size": env.int("DATABASE_POOL_MAX", 10)}
            db["CONN_MAX_AGE"] = 0
        else:
            db["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
            db["CONN_HEALTH_CHECKS"] = True
    db["ATOMIC_REQUESTS"] = False
    return db


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a check: Django calls its password_changed() hook after every password change,
    # where it revokes the user's API tokens (sessions end through the session auth hash).
    {"NAME": "core.api.tokens.RevokeTokensOnPasswordChange"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Sessions and the CSRF cookie: never readable from scripts (htmx takes the CSRF token
# from the page), never sent cross-site. production.py also makes them HTTPS-only.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 12)

# Response headers. Every script and style comes from our own static files: no inline
# script, no inline style, no eval, nothing from another host, never framed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the small icons inlined in Leaflet's and Swagger UI's stylesheets.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Invitations (operations.invitations) ----------------------------------------------
# An invitation's link works once, for this long after it is sent.
INVITATION_TTL_HOURS = env.float("INVITATION_TTL_HOURS", default=72)
# The site's address as people reach it, for links in emails sent without a request
# (`manage.py invite`); a page sending an invitation uses the address it was reached at.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# --- end of invitations ---

# API tokens expire this long after they were issued (401 TOKEN_EXPIRED; ask for a new one).
API_TOKEN_TTL = timedelta(hours=env.float("API_TOKEN_TTL_HOURS", default=24 * 7))
# --- API tokens (django-rest-knox): named, scoped, stored only as a hash -----------------
KNOX_TOKEN_MODEL = "core.ApiToken"  # noqa: S105  # nosec B105  # a model name, not a password
REST_KNOX = {"TOKEN_TTL": API_TOKEN_TTL, "AUTH_HEADER_PREFIX": "Token"}
# knox's own migrations would create its AuthToken table although core.ApiToken replaces
# it: an unused table holding a foreign key to every user (which PostgreSQL's TRUNCATE of
# the users then refuses). Without them the swapped-out model has no table at all.
MIGRATION_MODULES = {"knox": None}
# The longest a token made on the tokens page or through /api/v1/tokens/ may live.
API_TOKEN_MAX_TTL = timedelta(days=env.int("API_TOKEN_MAX_TTL_DAYS", default=365))
# --- end API tokens ---------------------------------------------------------------------

# Lockout after repeated failed sign-ins, on the sign-in page, the admin and the API token
# endpoint alike. Counted per username and client address together, so that one party
# cannot lock the other's officers out by guessing at their usernames from elsewhere.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts while locked out are refused without extending the lockout: it lifts
# AXES_COOLOFF_MINUTES after the failure that caused it, whatever happens meanwhile.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_USERNAME_FORM_FIELD = "username"
AXES_SENSITIVE_PARAMETERS = ["password"]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media"))
# Evidence is never served as plain media: only through a permission-checked view.
MEDIA_URL = "/_media_not_served/"

# --- Evidence storage -------------------------------------------------------------------
# Evidence files and the previews derived from them live in the `default` storage: the
# local disk under DJANGO_MEDIA_ROOT, or with EVIDENCE_STORAGE=s3 an S3-compatible bucket
# (AWS S3, MinIO) through django-storages. The bucket stays private: objects are written
# without an ACL (the bucket's own private default applies) and no URL to one is ever
# handed out; every download streams through the permission-checked view, which re-hashes
# the bytes first.
EVIDENCE_STORAGE = env("EVIDENCE_STORAGE", default="local")


def _evidence_storage() -> dict:
    kind = env("EVIDENCE_STORAGE", default="local")
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"EVIDENCE_STORAGE must be local or s3, not {kind!r}.")
    missing = [name for name in ("S3_BUCKET",) if not env(name, default="")]
    if missing:
        raise ImproperlyConfigured(f"EVIDENCE_STORAGE=s3 needs {', '.join(missing)}.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            # Empty: AWS itself; else MinIO or another S3-compatible endpoint.
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            # Empty: boto3's own chain (instance role, AWS_* variables).
            "access_key": env("S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env("S3_REGION", default="us-east-1"),
            "default_acl": None,
            "querystring_auth": False,
            # Names are random; an existing object is never overwritten.
            "file_overwrite": False,
            "signature_version": "s3v4",
            # Path-style addressing: MinIO and local endpoints have no per-bucket host names.
            "addressing_style": "path" if env("S3_ENDPOINT_URL", default="") else None,
        },
    }


STORAGES["default"] = _evidence_storage()
# --- end evidence storage ---------------------------------------------------------------

EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=25 * 1024 * 1024)
EVIDENCE_ALLOWED_TYPES = env.list(
    "EVIDENCE_ALLOWED_TYPES",
    default=[
        "image/jpeg",
        "image/png",
        "image/webp",
        "application/pdf",
        "video/mp4",
        "audio/mpeg",
        "text/plain",
    ],
)
# The evidence checks' thresholds are data the secretariat edits (evidence.models.
# EvidenceCheckSettings), not settings.
EVIDENCE_PREVIEW_PIXELS = env.int("EVIDENCE_PREVIEW_PIXELS", default=320)
# `manage.py backup` / `restore` on PostgreSQL: the client programs, of the server's
# major version (e.g. /usr/lib/postgresql/16/bin/pg_dump).
BACKUP_PG_DUMP = env("PG_DUMP", default="pg_dump")
BACKUP_PG_RESTORE = env("PG_RESTORE", default="pg_restore")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Celery. The default broker is kombu's filesystem transport under .run/: nothing to
# install for a local run. Production sets CELERY_BROKER_URL=redis://...
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = Path(env("CELERY_FILESYSTEM_BROKER_DIR", default=str(RUN_DIR / "broker")))
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
# A task is acknowledged only after it ran: a worker that dies mid-task leaves it queued.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE = {
    "flag-overdue": {
        "task": "verification.flag_overdue",
        "schedule": env.int("SWEEP_INTERVAL_SECONDS", default=300),
    },
    "send-pending-emails": {
        "task": "notifications.send_pending_emails",
        "schedule": 60.0,
    },
    # Whichever worker runs it records the time: /healthz's "worker" check.
    "worker-heartbeat": {
        "task": "core.worker_heartbeat",
        "schedule": 60.0,
    },
    "purge-idempotency-keys": {
        "task": "api.purge_idempotency_keys",
        "schedule": 3600.0,
    },
    # Once a day both parties and the secretariat receive the audit chain's head, so a
    # history rewritten later no longer matches what they were sent.
    "publish-audit-chain-head": {
        "task": "audit.publish_chain_head",
        "schedule": crontab(
            hour=env.int("AUDIT_HEAD_PUBLISH_HOUR", default=0),
            minute=env.int("AUDIT_HEAD_PUBLISH_MINUTE", default=5),
        ),
    },
}

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# Lockdown: how long a process may keep the mode it read (a switch clears it at once where
# CACHE_URL is shared; a per-process cache sees it within this many seconds).
SITE_MODE_CACHE_SECONDS = env.int("SITE_MODE_CACHE_SECONDS", default=10)

REST_FRAMEWORK = {
    # Token first: an unauthenticated call answers 401 with WWW-Authenticate, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "core.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "core.api.permissions.WriteScope",
        "core.api.permissions.MayWrite",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": ["core.api.renderers.ORJSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        # Each checks the body's text once (core.text): bidi controls refused,
        # invisible-only text empty.
        "core.api.parsers.TextCheckedJSONParser",
        "core.api.parsers.FormParser",
        "core.api.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_METADATA_CLASS": "core.api.metadata.ApiMetadata",
    "EXCEPTION_HANDLER": "core.api.errors.exception_handler",
    # Throttles count in the default cache: set CACHE_URL=redis://... when several web
    # processes serve the API, so that they share one count.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("API_THROTTLE_ANON", default="60/minute"),
        "user": env("API_THROTTLE_USER", default="1200/minute"),
        "token": env("API_THROTTLE_TOKEN", default="10/minute"),
    },
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
IDEMPOTENCY_TTL_HOURS = env.int("IDEMPOTENCY_TTL_HOURS", default=24)
SPECTACULAR_SETTINGS = {
    "TITLE": "Ceasefire Verification Mechanism API",
    "DESCRIPTION": (
        "Claims of ceasefire violations, the accused party's reply, the co-chairs' "
        "findings and review meetings. Every refusal answers "
        '`{"code", "detail", "fields"}` with a stable code.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "IncidentStatusEnum": "verification.statuses.Status",
        "OutcomeEnum": "verification.statuses.Outcome",
        "GradeEnum": "verification.statuses.Grade",
        "MeetingStatusEnum": "mediators.models.MeetingStatus",
        "CommitmentStatusEnum": "compliance.models.CommitmentStatus",
        "ReferralStatusEnum": "compliance.models.ReferralStatus",
        "PenaltyStatusEnum": "compliance.models.PenaltyStatus",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    # No validator badge: Swagger UI would send the schema to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="mechanism@localhost")

# --- Observability: logs, errors, metrics, health (core/logs.py, config/observability) ---
# Log lines as JSON (production's default) or text, with the request's id and user id or
# the task's id and name on each (django-structlog).
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOG_LEVEL = env("DJANGO_LOG_LEVEL", default="INFO")
try:
    LOGGING = logging_config(fmt=LOG_FORMAT, level=LOG_LEVEL)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error
configure_structlog()
DJANGO_STRUCTLOG_CELERY_ENABLED = True
DJANGO_STRUCTLOG_STATUS_START_LOG_LEVEL = logging.DEBUG  # request_finished says it all
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False  # no personal data beyond the user's id
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = True  # vetted by RequestIdMiddleware
# Errors to Sentry when SENTRY_DSN is set (config/observability/sentry.py).
SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="")
sentry_init(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT)
# GET /metrics answers only `Authorization: Bearer <METRICS_TOKEN>`; 404 while unset.
METRICS_TOKEN = env("METRICS_TOKEN", default="")
# /healthz: a worker's heartbeat older than this is stale; down only where required.
HEALTH_WORKER_MAX_AGE = env.int("HEALTH_WORKER_MAX_AGE", default=300)
HEALTH_WORKER_REQUIRED = False
# --- end of observability ---

# The transparency log's Ed25519 signing key (audit.signing), never in the database:
# a PEM or raw base64 private key, or a file holding one. Locally, when neither is set,
# one is generated once into .run/log_signing_key.pem; production refuses to start
# without one. Retired public keys (PEM or raw base64, comma-separated) still verify
# the heads they signed.
LOG_SIGNING_KEY = env("LOG_SIGNING_KEY", default="")
LOG_SIGNING_KEY_FILE = env("LOG_SIGNING_KEY_FILE", default="")
LOG_SIGNING_KEY_GENERATE = env.bool("LOG_SIGNING_KEY_GENERATE", default=True)
LOG_PUBLIC_KEYS_RETIRED = env.list("LOG_PUBLIC_KEYS_RETIRED", default=[])

# --- Long exports (core.exports) -------------------------------------------------------
# Over this many rows an export runs as a Celery task: the API answers 202 with a status
# URL, the browser shows the job's progress; at or under it the file streams at once.
EXPORT_ASYNC_THRESHOLD = env.int("EXPORT_ASYNC_THRESHOLD", default=5000)
# A finished export can be downloaded this long; then exports.purge deletes it.
EXPORT_RETENTION_HOURS = 24
CELERY_BEAT_SCHEDULE["purge-export-jobs"] = {"task": "exports.purge", "schedule": 3600.0}

# --- One beat (config.beat) ------------------------------------------------------------
# Beat dispatches only while it holds a lock (Redis from CELERY_BROKER_URL or CACHE_URL,
# else a file beside the schedule): a second beat waits and takes over when the first dies.
CELERY_BEAT_SCHEDULER = "config.beat:LockedScheduler"

# --- Sign-in, second factor, sessions, reset and single sign-on (django-allauth) -------
# accounts/ holds the adapters, the per-role second-factor policy and its middleware.
INSTALLED_APPS += [
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]
_auth_middleware = MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware")
MIDDLEWARE[_auth_middleware + 1 : _auth_middleware + 1] = [
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SessionActivityMiddleware",  # allauth's tracking, once a minute
]
# A role whose policy requires a second factor does nothing else until enrolled.
_messages_middleware = MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware")
MIDDLEWARE.insert(_messages_middleware + 1, "accounts.middleware.SecondFactorRequiredMiddleware")
# Sign-in is by username only, so Django's ModelBackend (case-sensitive, as the API token
# endpoint's) serves allauth too: no allauth backend, whose username match ignores case.
# No open sign-up: accounts come from the admin (and invitations), or from a mapped
# single sign-on identity (accounts.adapters).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = True  # every session lasts SESSION_COOKIE_AGE
ACCOUNT_LOGOUT_ON_GET = False
# A change keeps the session that made it; every other session ends (the session auth
# hash), and core.api.tokens.RevokeTokensOnPasswordChange revokes the API tokens.
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False  # a single-use link, PASSWORD_RESET_TIMEOUT
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT_SECONDS", default=60 * 60)
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Ceasefire Verification] "
ACCOUNT_FORMS = {"login": "accounts.forms.SignInForm"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env("MFA_TOTP_ISSUER", default="Ceasefire Verification Mechanism")
MFA_RECOVERY_CODES_SHOW_ONCE = True
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# The second step counts towards axes' lockout like a wrong password (accounts.forms).
MFA_FORMS = {"authenticate": "accounts.forms.SecondStepForm"}
USERSESSIONS_TRACK_ACTIVITY = True
# A session's address by the same rule as the API throttles and axes (API_NUM_PROXIES).
ALLAUTH_TRUSTED_PROXY_COUNT = REST_FRAMEWORK["NUM_PROXIES"]
# accounts.SecondFactorPolicy applies (only the test settings switch it off).
SECOND_FACTOR_POLICY_ENFORCED = True
# Single sign-on through OpenID Connect: off unless all four are set. Identities are
# mapped to an organisation and role by the secretariat (accounts.SingleSignOnMapping).
OIDC_PROVIDER_ID = env("OIDC_PROVIDER_ID", default="")
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="Single sign-on")
OIDC_SERVER_URL = env("OIDC_SERVER_URL", default="")
OIDC_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_ENABLED = all([OIDC_PROVIDER_ID, OIDC_SERVER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET])
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": (
            [
                {
                    "provider_id": OIDC_PROVIDER_ID,
                    "name": OIDC_PROVIDER_NAME,
                    "client_id": OIDC_CLIENT_ID,
                    "secret": OIDC_CLIENT_SECRET,
                    "settings": {"server_url": OIDC_SERVER_URL},
                }
            ]
            if OIDC_ENABLED
            else []
        ),
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never take over an account by its e-mail
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
# --- end of allauth ---
