"""What operators see: log lines, errors to Sentry, metrics and the health check. Read
into config.settings.base; production switches the log lines to JSON."""

import logging

from django.core.exceptions import ImproperlyConfigured

from config.observability.sentry import sentry_init
from core.logs import configure_structlog, logging_config

from .environment import env

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
