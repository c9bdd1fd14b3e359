"""Audit events are never changed: the ORM refuses, and below it the database refuses."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AppendOnlyError, AuditEvent
from audit.services import audit_verify_chain
from tests.audit.conftest import TABLE, record_events


def snapshot():
    return list(AuditEvent.objects.order_by("sequence").values_list("sequence", "action", "hash"))


def raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- the database ----------------------------------------------------------------------


def test_database_refuses_a_raw_update(chain):
    before = snapshot()
    with pytest.raises(DatabaseError, match=r"append-only \(UPDATE refused\)"):
        raw(f"UPDATE {TABLE} SET action = 'edited' WHERE sequence = 2")  # noqa: S608
    assert snapshot() == before
    assert audit_verify_chain().ok


def test_database_refuses_a_raw_delete(chain):
    before = snapshot()
    with pytest.raises(DatabaseError, match=r"append-only \(DELETE refused\)"):
        raw(f"DELETE FROM {TABLE} WHERE sequence = 5")  # noqa: S608
    with pytest.raises(DatabaseError, match=r"append-only \(DELETE refused\)"):
        raw(f"DELETE FROM {TABLE}")  # noqa: S608
    assert snapshot() == before
    assert audit_verify_chain().ok


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE exists on PostgreSQL")
def test_postgresql_refuses_truncate(chain):
    # Run the deferred foreign-key checks now, or TRUNCATE fails on them instead.
    raw("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match=r"append-only \(TRUNCATE refused\)"):
        raw(f"TRUNCATE {TABLE}")
    raw("SET CONSTRAINTS ALL DEFERRED")
    assert len(snapshot()) == 5


def test_database_still_accepts_appends(chain):
    """The triggers refuse changes, not inserts: the chain can grow."""
    events = record_events(1, first_subject=6)
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5, 6]
    assert audit_verify_chain().ok


# --- the ORM ---------------------------------------------------------------------------


def test_queryset_update_is_refused(chain):
    before = snapshot()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.update(action="edited")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(sequence=2).update(action="edited")
    assert snapshot() == before


def test_queryset_delete_is_refused(chain):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(sequence=5).delete()
    assert len(snapshot()) == 5


def test_saving_an_existing_event_is_refused(chain):
    event = AuditEvent.objects.get(sequence=3)
    event.action = "edited"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.save(update_fields=["action"])
    assert AuditEvent.objects.get(sequence=3).action == "created"


def test_deleting_an_event_is_refused(chain):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.get(sequence=3).delete()
    assert len(snapshot()) == 5


def test_bulk_update_is_refused(chain):
    events = list(AuditEvent.objects.all())
    for event in events:
        event.action = "edited"
    # bulk_update runs in atomic(savepoint=False): give it a savepoint to abort.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        AuditEvent.objects.bulk_update(events, ["action"])
    assert {action for _, action, _ in snapshot()} == {"created"}
