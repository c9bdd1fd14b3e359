"""GET /healthz: 200 when the database and the broker answer, 503 naming what is down."""

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


def _broker_ok() -> bool:
    from config.celery_app import app

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
