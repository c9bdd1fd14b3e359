"""A chain to attack, and a way around the append-only triggers to attack it with."""

import importlib
from contextlib import contextmanager

import pytest
from django.db import connection, transaction

from audit.models import AuditEvent
from audit.services import audit_record

TABLE = AuditEvent._meta.db_table
SQLITE_TRIGGERS = ("audit_no_update", "audit_no_delete")


def _sqlite_up():
    return importlib.import_module("audit.migrations.0002_refuse_update_delete").SQLITE_UP


def _disable_triggers(cursor, vendor):
    if vendor == "postgresql":
        # Deferred foreign-key checks queued by earlier inserts would make ALTER TABLE fail.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER USER")
    else:
        for name in SQLITE_TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")


def _enable_triggers(cursor, vendor):
    if vendor == "postgresql":
        cursor.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    else:
        for statement in _sqlite_up():
            cursor.execute(statement)


@contextmanager
def append_only_bypassed():
    """A cursor that may UPDATE and DELETE audit rows, as an attacker with DDL rights could.

    Used inside the test's transaction, so the DDL rolls back with everything else.
    """
    with connection.cursor() as cursor:
        _disable_triggers(cursor, connection.vendor)
        try:
            yield cursor
        finally:
            _enable_triggers(cursor, connection.vendor)


def record_events(count, *, actor=None, first_subject=1):
    """Append `count` events in one transaction; returns them as stored."""
    with transaction.atomic():
        for n in range(first_subject, first_subject + count):
            audit_record(
                actor=actor,
                action="created",
                subject_type="incident",
                subject_id=n,
                subject_ref=f"TST-2025-{n:05d}",
                to_status="draft",
                payload={"n": n, "cochair": "Türkiye"},
            )
    return list(AuditEvent.objects.order_by("sequence"))


@pytest.fixture
def chain(pak_officer):
    """Five events by a named officer: the chain the tamper tests attack."""
    return record_events(5, actor=pak_officer)
