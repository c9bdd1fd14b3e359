"""gunicorn settings read from the working directory by every `gunicorn` started here
(Procfile, Dockerfile, bench). Environment variables override them."""

import os
import tempfile

from gunicorn import glogging

from core.logs import logging_config

# A sync worker serving one streamed export is busy for the whole download: an export of
# every verified claim at a million claims takes tens of seconds, beyond gunicorn's 30 s.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "600"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))


def post_worker_init(worker):
    """Move everything loaded so far (Django, the apps, the URL and model registries) out
    of the collector's reach: a full collection no longer walks those objects, which made
    the occasional request of a large page (the dashboard) twice as slow as the others."""
    import gc

    gc.collect()
    gc.freeze()


# Log lines as the application's (core.logs): JSON unless local or test settings are named.
_LOCAL = os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith((".local", ".test"))
_LOGGER = {"handlers": ["console"], "level": "INFO", "propagate": False}
logconfig_dict = logging_config(
    fmt=os.environ.get("LOG_FORMAT") or ("text" if _LOCAL else "json"),
    level=os.environ.get("DJANGO_LOG_LEVEL", "INFO"),
    loggers={"gunicorn.error": _LOGGER, "gunicorn.access": _LOGGER},
)


class AccessLogger(glogging.Logger):
    """One access line per request, in fields rather than Apache's format: method, path
    (no query string), status, time, bytes, and the request id the response carries (the
    one the application's own lines for that request carry). No address, no browser."""

    def access(self, resp, req, environ, request_time):
        headers = {name.lower(): value for name, value in resp.headers}
        self.access_log.info(
            "request",
            extra={
                "method": environ.get("REQUEST_METHOD"),
                "path": environ.get("PATH_INFO"),
                "status": int(str(resp.status).split()[0]),
                "duration_ms": round(request_time.total_seconds() * 1000, 1),
                "bytes": getattr(resp, "sent", None),
                "request_id": headers.get("x-request-id"),
            },
        )


logger_class = AccessLogger

# django-prometheus's counters summed over every worker, not one worker's at a time:
# prometheus_client's multiprocess mode, in a directory fresh at each start.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="ceasefire-metrics-")


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
