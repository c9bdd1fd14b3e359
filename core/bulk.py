"""Fast inserts for bulk paths (seeding, the sweep): COPY on PostgreSQL, executemany elsewhere.

The ORM's bulk_create prepares every value through its field; on hundreds of thousands
of rows that costs more than the database work itself.
"""

import json
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import connection


def reserve_ids(model, count: int) -> list[int]:
    """Take `count` primary keys for rows the caller will insert in this transaction."""
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite: the IMMEDIATE transaction already holds the write lock.
        cursor.execute(f"SELECT COALESCE(MAX({pk}), 0) FROM {table}")  # noqa: S608  # nosec B608  # table and column names from the model's _meta; no input
        (start,) = cursor.fetchone()
        return list(range(start + 1, start + 1 + count))


def _adapt_for_sqlite(value):
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


COPY_THRESHOLD = 50


def _adapt_json(value):
    return json.dumps(value) if isinstance(value, dict | list) else value


def _field_name(model, column: str) -> str:
    return next(f.name for f in model._meta.concrete_fields if f.column == column)


def bulk_insert(model, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert rows given as tuples in `columns` order (database column names)."""
    table = model._meta.db_table
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    if not isinstance(rows, list | tuple):
        rows = list(rows)
    json_at = [
        i
        for i, column in enumerate(columns)
        if model._meta.get_field(_field_name(model, column)).get_internal_type() == "JSONField"
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) >= COPY_THRESHOLD:
            with cursor.cursor.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
                write = copy.write_row
                if not json_at:
                    for row in rows:
                        write(row)
                    return
                for row in rows:
                    row = list(row)
                    for i in json_at:
                        row[i] = json.dumps(row[i])
                    write(row)
            return
        placeholders = ", ".join(["%s"] * len(columns))
        adapt = _adapt_for_sqlite if connection.vendor == "sqlite" else _adapt_json
        cursor.executemany(
            f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})",  # noqa: S608  # nosec B608  # table and column names from the model's _meta; values are parameters
            [[adapt(v) for v in row] for row in rows],
        )
