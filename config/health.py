"""GET /healthz: 200 when the database and the broker answer, 503 naming what is down."""

import os
from pathlib import Path

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


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


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _database_ok(), "broker": _broker_ok()}
    down = [name for name, ok in checks.items() if not ok]
    body = {
        "status": "ok" if not down else "down",
        **{name: ("ok" if ok else "down") for name, ok in checks.items()},
        "down": down,
    }
    return JsonResponse(body, status=503 if down else 200)
