"""Production: PostgreSQL, Redis, gunicorn behind TLS. Every secret from the environment."""

from django.core.exceptions import ImproperlyConfigured

from core.logs import logging_config

from .base import *  # noqa: F403
from .base import LOG_LEVEL, env

DEBUG = False
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The tree heads' signing key comes from outside: a key generated on a server's disk
# would be lost with it, and would differ between web and worker.
LOG_SIGNING_KEY_GENERATE = False
LOG_SIGNING_KEY = env("LOG_SIGNING_KEY", default="")
LOG_SIGNING_KEY_FILE = env("LOG_SIGNING_KEY_FILE", default="")
if not (LOG_SIGNING_KEY or LOG_SIGNING_KEY_FILE):
    raise ImproperlyConfigured(
        "Set LOG_SIGNING_KEY (an Ed25519 private key, PEM or raw base64) or "
        "LOG_SIGNING_KEY_FILE: the transparency log's heads are signed with it."
    )

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Reached from inside the network (load balancer, Prometheus), over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Plain-HTTP trial (compose.http.yaml) -------------------------------------------------
# One explicit opt-out for trying the stack on one machine without TLS: no HTTPS redirect,
# no HSTS, cookies sent over plain HTTP. Never set it where the site is reachable by others:
# passwords and session cookies then cross the network in clear.
if env.bool("DJANGO_ALLOW_PLAIN_HTTP", default=False):
    SECURE_SSL_REDIRECT = False
    SECURE_HSTS_SECONDS = 0
    SESSION_COOKIE_SECURE = False
    CSRF_COOKIE_SECURE = False

# --- Observability: JSON log lines for the collector; /healthz needs a worker's heartbeat.
LOG_FORMAT = env("LOG_FORMAT", default="json")
try:
    LOGGING = logging_config(fmt=LOG_FORMAT, level=LOG_LEVEL)
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from error
HEALTH_WORKER_REQUIRED = True
