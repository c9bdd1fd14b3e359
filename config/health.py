"""GET /healthz: 200 when everything the mechanism needs answers, 503 naming what is down.

Checks: the database, the broker, the cache (a value set and read back), the evidence
store (through Django's storage API, so the same for a local disk or object storage) and
the worker (the heartbeat task a worker runs every minute, core.runs). The worker is
"stale" when its last heartbeat is older than HEALTH_WORKER_MAX_AGE seconds, or when
none was ever recorded; that counts as down only where a worker is expected
(HEALTH_WORKER_REQUIRED, on in production): elsewhere it is reported and the answer
stays 200.
"""

import os
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.runs import WORKER_HEARTBEAT, job_run_last

# A name no evidence file has: exists() on it answers without touching anything stored.
STORAGE_PROBE = "healthz-probe"
CACHE_PROBE = "healthz-probe"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _folders_writable(options: dict) -> bool:
    """The filesystem broker 'answers' when its folders exist and take files."""
    keys = ("data_folder_in", "data_folder_out", "control_folder")
    folders = {Path(options[key]) for key in keys if options.get(key)}
    return all(folder.is_dir() and os.access(folder, os.W_OK | os.X_OK) for folder in folders)


def _broker_ok() -> bool:
    from config.celery_app import app

    if app.conf.broker_url.startswith("filesystem://"):
        return _folders_writable(app.conf.broker_transport_options or {})
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            conn.default_channel  # noqa: B018  (opens the channel: proves the broker answers)
        return True
    except Exception:
        return False


def _cache_ok() -> bool:
    value = uuid.uuid4().hex
    try:
        cache.set(CACHE_PROBE, value, timeout=10)
        return cache.get(CACHE_PROBE) == value
    except Exception:
        return False


def _storage_ok() -> bool:
    """The evidence store answers a lookup (a HEAD on object storage); a local directory
    must also take files, once it exists (it is made at the first upload)."""
    try:
        default_storage.exists(STORAGE_PROBE)
    except Exception:
        return False
    location = getattr(default_storage, "location", None)
    if location and Path(location).exists():
        return os.access(location, os.W_OK | os.X_OK)
    return True


def _worker_age() -> timedelta | None:
    """How long ago a worker last ran the heartbeat task; None if never (or unknown)."""
    try:
        run = job_run_last(WORKER_HEARTBEAT)
    except Exception:
        return None  # the database check names that
    return None if run is None else timezone.now() - run.finished_at


@never_cache
@require_GET
def healthz(request):
    age = _worker_age()
    fresh = age is not None and age <= timedelta(seconds=settings.HEALTH_WORKER_MAX_AGE)
    checks = {
        "database": _database_ok(),
        "broker": _broker_ok(),
        "cache": _cache_ok(),
        "storage": _storage_ok(),
    }
    down = [name for name, ok in checks.items() if not ok]
    if not fresh and settings.HEALTH_WORKER_REQUIRED:
        down.append("worker")
    body = {
        "status": "ok" if not down else "down",
        **{name: ("ok" if ok else "down") for name, ok in checks.items()},
        "worker": "ok" if fresh else "stale",
        "worker_last_seen_seconds": None if age is None else round(age.total_seconds()),
        "down": down,
    }
    return JsonResponse(body, status=503 if down else 200)
