"""SQL the records need on both backends: a UTC month, seconds between two datetimes, and
a median (PostgreSQL's aggregate, computed in one query on SQLite)."""

from django.db import NotSupportedError, connection
from django.db.models import (
    Aggregate,
    FloatField,
    Func,
)
from django.db.models.fields import CharField


class MonthOf(Func):
    """'YYYY-MM' of a datetime column in UTC, in native SQL on either backend (TruncMonth
    is a Python function per row on SQLite)."""

    output_field = CharField()

    def __init__(self, expression):
        super().__init__(expression)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"strftime(%s, {sql})", ("%Y-%m", *params)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char(({sql}) AT TIME ZONE 'UTC', 'YYYY-MM')", params


class SecondsBetween(Func):
    """Seconds from `start` to `end` (two datetime columns) as a float."""

    output_field = FloatField()

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra):
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return f"((julianday({end}) - julianday({start})) * 86400.0)", (
            *end_params,
            *start_params,
        )

    def as_postgresql(self, compiler, connection, **extra):
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return f"EXTRACT(EPOCH FROM ({end} - {start}))::double precision", (
            *end_params,
            *start_params,
        )


class Median(Aggregate):
    """The median (percentile_cont(0.5), interpolating between the two middle values of an
    even count) on PostgreSQL. SQLite has no such aggregate: see _medians_sqlite."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        raise NotSupportedError("Median is computed by _medians_sqlite on SQLite.")


def _medians_sqlite(specs: list[tuple]) -> list[float | None]:
    """The medians of several (queryset, expression, count) in one query, in SQL: each
    orders its values and averages the middle one or two (LIMIT 2 - n % 2 OFFSET
    (n - 1) / 2), which is what percentile_cont(0.5) gives. `count` is the number of
    rows the queryset holds, already counted by the caller's aggregate."""
    parts, params = [], []
    for queryset, expression, count in specs:
        inner = queryset.annotate(d=expression).order_by().values("d")
        sql, inner_params = inner.query.sql_with_params()
        # The inner SQL is the ORM's own, its values bound as parameters like ours.
        parts.append(f"(SELECT AVG(d) FROM (SELECT d FROM ({sql}) ORDER BY d LIMIT %s OFFSET %s))")  # noqa: S608  # nosec B608
        params += [*inner_params, 2 - count % 2, max(count - 1, 0) // 2]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())
