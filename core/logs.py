"""How log lines look: one JSON object a line for a log collector (`LOG_FORMAT=json`,
production's default) or aligned text for a person at a terminal (`text`, the local
default).

Every line carries its level, time (ISO 8601, UTC), logger and message, and whatever
structlog has bound for the request or task it belongs to: django-structlog binds
`request_id` and `user_id` for a request, `task_id` and the task's name for a Celery
task. Lines from the standard library's loggers (Django, Celery, gunicorn, the project's
own `logging.getLogger(__name__)`) go through the same formatter, so they carry them too.

Imported by the settings and by gunicorn.conf.py, before Django is set up: nothing here
may import Django or the project's apps.
"""

import structlog

FORMATS = ("json", "text")
# The fields of gunicorn's access line (gunicorn.conf.py passes them as `extra`).
ACCESS_FIELDS = ("method", "path", "status", "duration_ms", "bytes", "request_id")


def _from_attached_request(logger, method_name, event_dict):
    """Django logs a request's 4xx and 5xx answer ("Not Found: /claims/...") once the
    middlewares are done, so after the request's context was cleared, but with the request
    attached to the record: its id and user come from there."""
    request = getattr(event_dict.get("_record"), "request", None)
    if request is not None and "request_id" not in event_dict:
        event_dict["request_id"] = getattr(request, "request_id", None)
        event_dict["user_id"] = getattr(getattr(request, "user", None), "pk", None)
    return event_dict


def _pre_chain() -> list:
    """What every line gets before it is rendered, whoever logged it."""
    return [
        structlog.contextvars.merge_contextvars,
        _from_attached_request,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.stdlib.ExtraAdder(allow=ACCESS_FIELDS),
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="time"),
    ]


def formatter(fmt: str) -> dict:
    """A logging.config formatter entry rendering lines as `fmt` ("json" or "text")."""
    if fmt not in FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(FORMATS)}, not {fmt!r}.")
    if fmt == "json":
        render = [
            structlog.processors.format_exc_info,
            structlog.processors.EventRenamer("message"),
            structlog.processors.JSONRenderer(),
        ]
    else:
        render = [structlog.dev.ConsoleRenderer(colors=False)]
    return {
        "()": structlog.stdlib.ProcessorFormatter,
        "processors": [structlog.stdlib.ProcessorFormatter.remove_processors_meta, *render],
        "foreign_pre_chain": _pre_chain(),
    }


def logging_config(*, fmt: str, level: str, loggers: dict | None = None) -> dict:
    """The LOGGING dict: every logger to standard error through one formatter."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"default": formatter(fmt)},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "default"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": loggers or {},
    }


def configure_structlog() -> None:
    """structlog's own loggers (django-structlog's request and task lines) hand their
    events to the standard library's handlers, rendered by `formatter`."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.filter_by_level,
            structlog.stdlib.add_log_level,
            structlog.stdlib.add_logger_name,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.TimeStamper(fmt="iso", utc=True, key="time"),
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
