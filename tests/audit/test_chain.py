"""The hash chain: appended in order inside the caller's transaction, checked end to end,
with the first broken link named whatever the tampering."""

import hashlib
import json
import threading
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from io import StringIO
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction

from audit.models import AuditEvent, ChainHead
from audit.services import (
    GENESIS_HASH,
    audit_record,
    audit_record_many,
    audit_verify_chain,
    event_content,
    event_hash,
    event_leaf_hash,
)
from tests.audit.conftest import TABLE, append_only_bypassed, record_events


def verify_command():
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def entry(n, **extra):
    return {
        "actor": None,
        "action": "flagged",
        "subject_type": "incident",
        "subject_id": n,
        "subject_ref": f"TST-2025-{n:05d}",
        **extra,
    }


# --- appending -------------------------------------------------------------------------


def test_record_appends_sequence_one_to_n_each_linked_to_the_one_before(chain, pak_officer):
    assert [e.sequence for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == GENESIS_HASH
    for before, after in pairwise(chain):
        assert after.prev_hash == before.hash
    assert len({e.hash for e in chain}) == 5
    assert [e.subject_ref for e in chain] == [f"TST-2025-0000{n}" for n in range(1, 6)]
    assert {e.actor_id for e in chain} == {pak_officer.pk}
    head = ChainHead.objects.get()
    assert (head.sequence, head.hash) == (5, chain[-1].hash)


def test_hash_is_sha256_of_previous_hash_and_canonical_content(chain, pak_officer):
    """The content includes the event's random salt, so the hash of an event a reader may
    not see cannot be matched against guesses of its content."""
    first = chain[0]
    assert len(bytes.fromhex(first.salt)) == 32
    assert len({e.salt for e in chain}) == 5
    content = {
        "action": "created",
        "actor": pak_officer.pk,
        "from_status": "",
        "occurred_at": first.occurred_at.astimezone(UTC).isoformat(),
        "payload": {"cochair": "Türkiye", "n": 1},
        "salt": first.salt,
        "sequence": 1,
        "subject_id": 1,
        "subject_ref": "TST-2025-00001",
        "subject_type": "incident",
        "to_status": "draft",
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert first.hash == hashlib.sha256((GENESIS_HASH + canonical).encode()).hexdigest()
    assert chain[1].hash == event_hash(chain[0].hash, event_content(chain[1]))


def test_separate_transactions_continue_the_same_chain(db):
    record_events(2)
    events = record_events(3, first_subject=3)
    assert [e.sequence for e in events] == [1, 2, 3, 4, 5]
    assert events[2].prev_hash == events[1].hash
    assert audit_verify_chain().ok


def test_a_rolled_back_transaction_leaves_no_event_and_no_gap(db):
    record_events(2)
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit_record(
            actor=None, action="lost", subject_type="incident", subject_id=9, subject_ref="X"
        )
        1 / 0  # noqa: B018
    assert AuditEvent.objects.count() == 2
    assert ChainHead.objects.get().sequence == 2
    events = record_events(1, first_subject=3)
    assert [e.sequence for e in events] == [1, 2, 3]
    assert events[2].prev_hash == events[1].hash
    assert audit_verify_chain().ok


def test_record_many_appends_in_order_and_returns_the_new_head(db):
    with transaction.atomic():
        head = audit_record_many([entry(1), entry(2), entry(3)])
    events = list(AuditEvent.objects.all())
    assert [(e.sequence, e.subject_id) for e in events] == [(1, 1), (2, 2), (3, 3)]
    assert head == events[-1].hash == ChainHead.objects.get().hash
    with transaction.atomic():
        assert audit_record_many([]) == ""
    assert AuditEvent.objects.count() == 3


def test_payload_is_hashed_as_stored_so_dates_and_decimals_still_verify(db):
    when = datetime(2025, 10, 19, 6, 30, tzinfo=UTC)
    ref = uuid.UUID("12345678-1234-5678-1234-567812345678")
    with transaction.atomic():
        audit_record(
            actor=None,
            action="deadline_flagged",
            subject_type="incident",
            subject_id=1,
            subject_ref="TST-2025-00001",
            payload={"due": when, "score": Decimal("1.50"), "ref": ref, "zeta": [1, 2]},
        )
    event = AuditEvent.objects.get()
    assert event.payload == {
        "due": "2025-10-19T06:30:00Z",
        "score": "1.50",
        "ref": "12345678-1234-5678-1234-567812345678",
        "zeta": [1, 2],
    }
    assert event.actor_id is None
    assert audit_verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_raises_and_writes_nothing():
    assert not connection.in_atomic_block
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(
            actor=None, action="created", subject_type="incident", subject_id=1, subject_ref="X"
        )
    with pytest.raises(RuntimeError):
        audit_record_many([entry(1)])
    assert AuditEvent.objects.count() == 0
    assert not ChainHead.objects.exists()


# --- verifying an intact chain ------------------------------------------------------------


def test_verify_reports_ok_with_count_and_head_on_an_intact_chain(chain):
    report = audit_verify_chain()
    assert (report.ok, report.count, report.head_hash) == (True, 5, chain[-1].hash)
    assert report.broken_sequence is None
    # Reading in small chunks gives the same answer as one pass.
    assert audit_verify_chain(chunk_size=2) == report


def test_command_prints_count_and_head_hash(chain):
    assert verify_command().strip() == f"Audit chain intact: 5 events, head {chain[-1].hash}"


def test_command_on_an_empty_chain_prints_zero_and_the_genesis_hash(db):
    assert verify_command().strip() == f"Audit chain intact: 0 events, head {GENESIS_HASH}"


# --- tampering --------------------------------------------------------------------------


def change_payload(cursor, chain):
    cursor.execute(f"UPDATE {TABLE} SET payload = %s WHERE sequence = 3", ['{"n": 99}'])  # noqa: S608


def change_payload_and_rehash_it(cursor, chain):
    """A forger who recomputes the edited event's own hash still breaks the next link."""
    event = chain[2]
    event.payload = {"n": 99, "cochair": "Türkiye"}
    new_hash = event_hash(event.prev_hash, event_content(event))
    cursor.execute(
        f"UPDATE {TABLE} SET payload = %s, hash = %s, leaf_hash = %s WHERE sequence = 3",  # noqa: S608
        [json.dumps(event.payload), new_hash, event_leaf_hash(event_content(event))],
    )


def change_actor(cursor, chain):
    cursor.execute(f"UPDATE {TABLE} SET actor_id = NULL WHERE sequence = 2")  # noqa: S608


def delete(sequence):
    def tamper(cursor, chain):
        cursor.execute(f"DELETE FROM {TABLE} WHERE sequence = %s", [sequence])  # noqa: S608

    return tamper


def set_sequence(cursor, old, new):
    cursor.execute(f"UPDATE {TABLE} SET sequence = %s WHERE sequence = %s", [new, old])  # noqa: S608


def reorder(cursor, chain):
    """Events 2 and 3 trade places (their sequence numbers are swapped)."""
    set_sequence(cursor, 2, 1_000_002)
    set_sequence(cursor, 3, 2)
    set_sequence(cursor, 1_000_002, 3)


def swap_contents(cursor, chain):
    """Events 2 and 3 keep their places and hashes but trade what they say."""
    second, third = chain[1], chain[2]
    for target, source in ((second, third), (third, second)):
        cursor.execute(
            f"UPDATE {TABLE} SET subject_id = %s, subject_ref = %s WHERE sequence = %s",  # noqa: S608
            [source.subject_id, source.subject_ref, target.sequence],
        )


def shift_up_from(cursor, sequence):
    # Two steps: a unique index is checked row by row, so +1 in place would collide.
    cursor.execute(
        f"UPDATE {TABLE} SET sequence = sequence + 1000000 WHERE sequence >= %s",  # noqa: S608
        [sequence],
    )
    cursor.execute(
        f"UPDATE {TABLE} SET sequence = sequence - 999999 WHERE sequence >= 1000000"  # noqa: S608
    )


def forged_event(sequence, prev_hash):
    event = AuditEvent(
        sequence=sequence,
        occurred_at=datetime(2025, 10, 20, tzinfo=UTC),
        actor=None,
        action="created",
        subject_type="incident",
        subject_id=77,
        subject_ref="TST-2025-00077",
        to_status="draft",
        payload={"n": 77},
        prev_hash=prev_hash,
    )
    event.hash = event_hash(prev_hash, event_content(event))
    event.leaf_hash = event_leaf_hash(event_content(event))
    return event


def insert_linked(cursor, chain):
    """A forged event slipped in as #3, properly linked to #2; the old #3 is relinked to it."""
    shift_up_from(cursor, 3)
    forged = forged_event(3, chain[1].hash)
    cursor.execute(
        f"UPDATE {TABLE} SET prev_hash = %s WHERE sequence = 4",  # noqa: S608
        [forged.hash],
    )
    forged.save()


def insert_unlinked(cursor, chain):
    """A forged event slipped in as #3 that does not link to #2."""
    shift_up_from(cursor, 3)
    forged_event(3, "a" * 64).save()


TAMPERING = [
    # tamper, first event named, problem reported
    pytest.param(change_payload, 3, "content does not match its hash", id="payload-changed"),
    pytest.param(
        change_payload_and_rehash_it,
        4,
        "previous-hash link does not match",
        id="payload-changed-and-rehashed",
    ),
    pytest.param(change_actor, 2, "content does not match its hash", id="actor-changed"),
    pytest.param(delete(1), 2, "sequence 1 is missing (found 2)", id="first-deleted"),
    pytest.param(delete(3), 4, "sequence 3 is missing (found 4)", id="middle-deleted"),
    pytest.param(
        delete(5), 5, "chain head says 5 events; events after 4 are missing", id="last-deleted"
    ),
    pytest.param(reorder, 2, "previous-hash link does not match", id="reordered"),
    pytest.param(swap_contents, 2, "content does not match its hash", id="contents-swapped"),
    pytest.param(insert_linked, 4, "content does not match its hash", id="inserted-linked"),
    pytest.param(insert_unlinked, 3, "previous-hash link does not match", id="inserted-unlinked"),
]


@pytest.mark.parametrize(("tamper", "broken", "problem"), TAMPERING)
def test_tampering_is_detected_and_the_first_broken_event_named(chain, tamper, broken, problem):
    with append_only_bypassed() as cursor:
        tamper(cursor, chain)

    report = audit_verify_chain()
    assert report.ok is False
    assert report.broken_sequence == broken
    assert problem in report.problem

    with pytest.raises(CommandError) as excinfo:
        verify_command()
    message = str(excinfo.value)
    assert message.startswith(f"Audit chain BROKEN at event #{broken}: ")
    assert problem in message


def test_verify_names_the_earliest_of_two_breaks(chain):
    with append_only_bypassed() as cursor:
        cursor.execute(f"UPDATE {TABLE} SET action = 'edited' WHERE sequence IN (2, 4)")  # noqa: S608
    assert audit_verify_chain().broken_sequence == 2


def test_an_event_appended_without_moving_the_head_is_the_one_named(chain):
    # INSERT is not refused by the triggers: a forger needs no DDL rights for this.
    forged_event(6, chain[-1].hash).save()
    report = audit_verify_chain()
    assert (report.ok, report.count, report.broken_sequence) == (False, 6, 6)
    assert "chain head" in report.problem
    assert "missing" not in report.problem


def test_a_replaced_last_event_is_named_when_only_the_head_disagrees(chain):
    with append_only_bypassed() as cursor:
        delete(5)(cursor, chain)
    forged_event(5, chain[3].hash).save()
    report = audit_verify_chain()
    assert (report.ok, report.count, report.broken_sequence) == (False, 5, 5)
    assert "chain head" in report.problem
    assert "missing" not in report.problem
    with pytest.raises(CommandError, match=r"^Audit chain BROKEN at event #5: "):
        verify_command()


def test_command_exits_with_status_1_when_broken(chain):
    with append_only_bypassed() as cursor:
        delete(3)(cursor, chain)
    with pytest.raises(CommandError) as excinfo:
        verify_command()
    assert excinfo.value.returncode == 1


# --- concurrency ------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers; needs PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    writers, per_writer = 8, 20
    start = threading.Barrier(writers)
    errors = []

    def write(writer):
        try:
            start.wait(timeout=30)
            for i in range(per_writer):
                with transaction.atomic():
                    audit_record(
                        actor=None,
                        action="concurrent",
                        subject_type="test",
                        subject_id=writer,
                        subject_ref=f"W{writer}-{i:02d}",
                        payload={"writer": writer, "i": i},
                    )
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not any(t.is_alive() for t in threads)
    assert errors == []
    events = list(AuditEvent.objects.order_by("sequence"))
    assert [e.sequence for e in events] == list(range(1, writers * per_writer + 1))
    assert events[0].prev_hash == GENESIS_HASH
    for before, after in pairwise(events):
        assert after.prev_hash == before.hash
    for writer in range(writers):
        mine = [e.subject_ref for e in events if e.subject_id == writer]
        assert mine == [f"W{writer}-{i:02d}" for i in range(per_writer)]
    report = audit_verify_chain()
    assert (report.ok, report.count, report.head_hash) == (True, 160, events[-1].hash)
    head = ChainHead.objects.get()
    assert (head.sequence, head.hash) == (160, events[-1].hash)
