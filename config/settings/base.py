"""Settings shared by every environment. Everything comes from the environment."""

from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from .environment import BASE_DIR, env
from .evidence import evidence_storage

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
    "translations",
    "mediators",
    "compliance",
    "api",
    "operations",
    # Sign-in, second factor, sessions, reset and single sign-on (config/settings/sign_in.py).
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    # Observability: first and last but for axes, so they see every request and answer.
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "config.observability.request_ids.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language from the cookie the switcher sets or Accept-Language: after sessions,
    # before CommonMiddleware (which may redirect with the language active).
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # A signed-in person's own language and time zone, over the browser's (accounts.models).
    "accounts.middleware.PreferencesMiddleware",
    "accounts.middleware.SessionActivityMiddleware",  # allauth's tracking, once a minute
    "config.observability.request_ids.RequestLogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A role whose policy requires a second factor does nothing else until enrolled.
    "accounts.middleware.SecondFactorRequiredMiddleware",
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

# What an API call carrying a token skips (config.handlers): each serves a browser's
# session, which such a call never uses.
TOKEN_CALL_SKIPPED_MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.PreferencesMiddleware",
    "accounts.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
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
                "django.template.context_processors.i18n",
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


LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Named in the reader's language wherever a record shows one ("انگریزی" to an Urdu
# reader); a choice of language names each in its own (core.forms.LanguageSelect, the
# header's switcher), marked with its `lang`.
LANGUAGES = [
    ("en", _("English")),
    ("ur", _("Urdu")),
    ("ps", _("Pashto")),
    ("fa-af", _("Dari")),
    ("tr", _("Turkish")),
    ("ar", _("Arabic")),
]
# Urdu and Pashto have no date formats in Django; ours name the month in the language.
FORMAT_MODULE_PATH = ["config.formats"]
LANGUAGES_BIDI = ["ur", "ps", "fa-af", "ar"]
# Django decides the direction from the base of the code ("fa" of "fa-af"); Dari is the
# only regional code here, and Persian reads right to left whatever the region.
LANGUAGES_BIDI += ["fa"]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The time zones a person may choose (accounts.models.User.time_zone): the parties' and the
# co-chairs' own, and UTC, in which everything is stored.
TIME_ZONES = ["Asia/Karachi", "Asia/Kabul", "Europe/Istanbul", "Asia/Qatar", "UTC"]

STATIC_URL = "static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": evidence_storage(),  # evidence files and their previews (.evidence)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# `manage.py backup` / `restore` on PostgreSQL: the client programs, of the server's
# major version (e.g. /usr/lib/postgresql/16/bin/pg_dump).
BACKUP_PG_DUMP = env("PG_DUMP", default="pg_dump")
BACKUP_PG_RESTORE = env("PG_RESTORE", default="pg_restore")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

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
    # Bodies are JSON, which tells "empty" from "not given" and one value from a list; a
    # form cannot (DRF reads an empty form field as absent, so a default stood in for it).
    # Only the evidence uploads take multipart (evidence.api). Each parser checks the
    # body's text once (core.text): bidi controls refused, invisible-only text empty.
    "DEFAULT_PARSER_CLASSES": ["core.api.parsers.TextCheckedJSONParser"],
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
        "LanguageEnum": "translations.languages.LANGUAGE_CHOICES",
        "IncidentStatusEnum": "verification.statuses.Status",
        "OutcomeEnum": "verification.statuses.Outcome",
        "GradeEnum": "verification.statuses.Grade",
        "IntentEnum": "verification.statuses.Intent",
        "MeetingStatusEnum": "mediators.models.MeetingStatus",
        "CommitmentStatusEnum": "compliance.models.CommitmentStatus",
        "ReferralStatusEnum": "compliance.models.ReferralStatus",
        "PenaltyStatusEnum": "compliance.models.PenaltyStatus",
        "LinkKindEnum": "incidents.links.models.LinkKind",
        "SuggestionStateEnum": "incidents.links.models.SuggestionState",
        # A claim's standing on appeal (none included), and an appeal's own status.
        "ClaimAppealStatusEnum": "incidents.appeals.models.AppealStatus",
        "AppealStatusEnum": "incidents.appeals.models.APPEAL_STATUS_CHOICES",
    },
    "SWAGGER_UI_DIST": "SIDECAR",
    # No validator badge: Swagger UI would send the schema to validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="mechanism@localhost")


# The transparency log's Ed25519 signing key (audit.signing), never in the database:
# a PEM or raw base64 private key, or a file holding one. Locally, when neither is set,
# one is generated once into .run/log_signing_key.pem; production refuses to start
# without one. Retired public keys (PEM or raw base64, comma-separated) still verify
# the heads they signed.
LOG_SIGNING_KEY = env("LOG_SIGNING_KEY", default="")
LOG_SIGNING_KEY_FILE = env("LOG_SIGNING_KEY_FILE", default="")
LOG_SIGNING_KEY_GENERATE = env.bool("LOG_SIGNING_KEY_GENERATE", default=True)
LOG_PUBLIC_KEYS_RETIRED = env.list("LOG_PUBLIC_KEYS_RETIRED", default=[])

# Who signs in and how (API tokens, lockout, invitations, django-allauth), what operators
# see (logs, Sentry, metrics, health), the background jobs (Celery, beat, exports) and
# where evidence is kept and what it may be: each in a module of its own.
from .evidence import *  # noqa: E402, F403
from .observability import *  # noqa: E402, F403
from .sign_in import *  # noqa: E402, F403
from .tasks import *  # noqa: E402, F403
