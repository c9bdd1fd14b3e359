"""PostgreSQL as Django's backend has it, with timestamps parsed by psycopg's C loader.

Django registers a pure-Python loader for `timestamptz` so that every datetime carries
the tzinfo it expects; a page of 50 claims has some 500 timestamps, each parsed with a
regular expression in Python. This backend keeps Django's behaviour (the same tzinfo on
every value) and hands the parsing to psycopg's compiled loader where it is installed.
Settings select it for every PostgreSQL database (config/settings/base.py). It is also
django-prometheus's PostgreSQL backend: connections, queries, their time and errors are
counted for /metrics.
"""

import functools

from django_prometheus.db.backends.postgresql import base as prometheus
from psycopg import adapters
from psycopg.types.datetime import TimestamptzLoader


def _compiled(loader):
    """psycopg's C implementation of a loader, or the Python one without the C module."""
    try:
        from psycopg._cmodule import _psycopg
    except ImportError:  # pragma: no cover - pure-Python psycopg
        return loader
    return getattr(_psycopg, loader.__name__, loader)


_CTimestamptzLoader = _compiled(TimestamptzLoader)
TIMESTAMPTZ_OID = adapters.types["timestamptz"].oid


class _TzLoader(TimestamptzLoader):
    """Loads in C with the tzinfo Django expects, `timezone` (Django compares this
    attribute before each cursor to decide whether to register its loader).

    Where the session's time zone already gives that tzinfo (UTC, as Django sets it),
    the compiled loader itself is handed out: no Python runs per value (1.7 µs of a
    wrapper's call on each of a list page's 500 timestamps and of an export's millions).
    Otherwise (another session zone, or a database TIME_ZONE, which makes Django's a
    ZoneInfo rather than psycopg's `timezone.utc`) each value is loaded in C and
    converted to `timezone` here."""

    timezone = None

    def __new__(cls, oid, context=None):
        connection = getattr(context, "connection", None)
        if connection is not None and connection.info.timezone is cls.timezone:
            return _CTimestamptzLoader(oid, context)
        return super().__new__(cls)

    def __init__(self, oid, context=None):
        super().__init__(oid, context)
        self._load_c = _CTimestamptzLoader(oid, context).load

    def load(self, data):
        value = self._load_c(data)
        if self.timezone is None:  # USE_TZ = False: naive, as Django's own loader gives
            return value.replace(tzinfo=None)
        return value.astimezone(self.timezone)


@functools.cache
def _loader_for(tz):
    # One class per time zone: psycopg keeps every loader class it is given, and a pool
    # sets up a connection per request.
    return type("CompiledTzLoader", (_TzLoader,), {"timezone": tz})


def register_tzloader(tz, context) -> None:
    context.adapters.register_loader("timestamptz", _loader_for(tz))


class DatabaseWrapper(prometheus.DatabaseWrapper):
    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        register_tzloader(self.timezone, connection)
        return connection
