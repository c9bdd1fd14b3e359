"""Test settings: SQLite in memory by default, PostgreSQL when DATABASE_URL is set."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import STORAGES, env

DEBUG = False
SECRET_KEY = "test-only-key-not-secret"  # noqa: S105  # nosec B105  # key of the test settings only
# Fast hashing for the thousands of users tests create; tests/accounts/test_passwords.py
# checks the real list in base.py.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Test clients sign in without a request, which axes refuses; the lockout tests
# (tests/accounts/test_lockout.py) switch it on.
AXES_ENABLED = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env(
    "DJANGO_MEDIA_ROOT", default=str(Path(tempfile.gettempdir()) / "ceasefire-test-media")
)
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# Static files straight from the finders, as in development: no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tests make many calls a minute; the throttling tests set their own rates.
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {
        "anon": "100000/minute",
        "user": "100000/minute",
        "token": "100000/minute",  # nosec B105  # a throttle rate, not a password
    },
}
# Most tests sign in with force_login and no second factor; the second-factor tests
# (tests/accounts/test_second_factor*.py) switch the policy on. axes counts failures
# in tests (test_lockout.py); allauth's own rate limits would count them twice.
SECOND_FACTOR_POLICY_ENFORCED = False
ACCOUNT_RATE_LIMITS = False
# The query-count tests measure the first page after signing in, where a session's last
# sight would be written; tests/accounts/test_views.py switches it on.
USERSESSIONS_TRACK_ACTIVITY = False
