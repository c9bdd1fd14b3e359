"""Events of one shape appended by the thousand (audit.batch): the same chain, the same
bytes under each hash, as one event at a time would write, in a constant number of
queries."""

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.batch import audit_record_batch, json_value
from audit.models import AuditEvent, ChainHead
from audit.services import (
    audit_record_many,
    audit_verify_chain,
    canonical_json,
    event_content,
    event_hash,
    event_leaf_hash,
    normalise_payload,
)

AS_OF = datetime(2025, 10, 20, 6, 0, 0, 123456, tzinfo=UTC)
# Subjects whose text COPY and JSON both have to escape, in every script the mechanism uses.
AWKWARD = [
    (
        1,
        "PAK-2025-00001",
        "under_review",
        "under_review",
        datetime(2025, 10, 19, 6, 30, tzinfo=UTC),
    ),
    (2, 'tab\there "quoted"', "", "", datetime(2025, 10, 19, 6, 30, 0, 500, tzinfo=UTC)),
    (3, "back\\slash\nnew line\r", "submitted", "", None),
    (4, "اردو پښتو دری {braces} %s", "", "disputed", date(2025, 10, 19)),
]


def batch(rows, **extra):
    with transaction.atomic():
        return audit_record_batch(
            action="flagged_findings_overdue",
            subject_type="incident",
            rows=rows,
            payload={"deadline": "findings", "as_of": AS_OF},
            varying=("due_at",),
            **extra,
        )


def refs(n, start=1):
    return [(i, f"TST-2025-{i:05d}", "", "", AS_OF) for i in range(start, start + n)]


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        'ق\u200c"\\',
        7,
        None,
        True,
        1.25,
        Decimal("1.50"),
        AS_OF,
        datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        date(2025, 1, 2),
        uuid.UUID("12345678-1234-5678-1234-567812345678"),
        [1, "two"],
    ],
)
def test_a_payload_value_is_written_as_the_chain_normalises_and_hashes_it(value):
    assert json_value(value) == canonical_json(normalise_payload({"v": value})["v"])


def test_a_batch_verifies_with_every_byte_as_the_verifier_recomputes_it(db):
    head = batch(AWKWARD)
    events = list(AuditEvent.objects.order_by("sequence"))
    assert head == events[-1].hash == ChainHead.objects.get().hash
    assert [(e.subject_id, e.subject_ref, e.from_status, e.to_status) for e in events] == [
        row[:4] for row in AWKWARD
    ]
    assert events[0].payload == {
        "deadline": "findings",
        "as_of": "2025-10-20T06:00:00.123Z",
        "due_at": "2025-10-19T06:30:00Z",
    }
    assert events[2].payload["due_at"] is None
    assert events[3].payload["due_at"] == "2025-10-19"
    prev = "0" * 64
    for event in events:
        content = event_content(event)
        assert event.prev_hash == prev
        assert event.hash == event_hash(prev, content)
        assert event.leaf_hash == event_leaf_hash(content)
        assert event.actor_id is None and len(bytes.fromhex(event.salt)) == 32
        prev = event.hash
    assert len({e.salt for e in events}) == len(events)
    assert audit_verify_chain().ok


def test_a_batch_hashes_what_one_event_at_a_time_would(db):
    """The same events through audit_record_many and through the batch: the same content
    under the hashes, but for each event's own salt."""
    with transaction.atomic():
        audit_record_many(
            [
                dict(
                    actor=None,
                    action="flagged_findings_overdue",
                    subject_type="incident",
                    subject_id=subject_id,
                    subject_ref=ref,
                    from_status=from_status,
                    to_status=to_status,
                    payload={"deadline": "findings", "as_of": AS_OF, "due_at": due},
                    occurred_at=AS_OF,
                )
                for subject_id, ref, from_status, to_status, due in AWKWARD
            ]
        )
    batch(AWKWARD, occurred_at=AS_OF)
    one, many = (
        [{**event_content(e), "sequence": 0, "salt": ""} for e in events]
        for events in (AuditEvent.objects.all()[:4], AuditEvent.objects.all()[4:])
    )
    assert one == many
    assert audit_verify_chain().ok


def test_a_batch_continues_the_chain_it_finds_and_is_continued_after(db):
    batch(refs(2))
    with transaction.atomic():
        audit_record_many(
            [
                dict(
                    actor=None,
                    action="created",
                    subject_type="incident",
                    subject_id=9,
                    subject_ref="X",
                )
            ]
        )
    batch(refs(3, start=10))
    assert list(AuditEvent.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert ChainHead.objects.get().sequence == 6
    assert audit_verify_chain().ok


def test_the_queries_do_not_grow_with_the_number_of_events(db):
    batch(refs(1))  # the head row exists from here on

    def counted(n, start):
        with CaptureQueriesContext(connection) as queries:
            batch(refs(n, start=start))
        return len(queries)

    assert counted(3, 10) == counted(400, 100)
    assert AuditEvent.objects.count() == 404
    assert audit_verify_chain().ok


def test_an_empty_batch_writes_nothing(db):
    assert batch([]) == ""
    assert not AuditEvent.objects.exists()


def test_a_key_both_constant_and_varying_is_refused(db):
    with transaction.atomic(), pytest.raises(ValueError, match="as_of"):
        audit_record_batch(
            action="x",
            subject_type="incident",
            rows=refs(1),
            payload={"as_of": AS_OF},
            varying=("as_of",),
        )
    assert not AuditEvent.objects.exists()


def test_a_row_without_its_varying_values_is_refused(db):
    with transaction.atomic(), pytest.raises(ValueError, match="5 values"):
        audit_record_batch(
            action="x",
            subject_type="incident",
            rows=[(1, "X", "", "", AS_OF), (2, "Y", "", "")],
            varying=("due_at",),
        )
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_batch_outside_a_transaction_raises_and_writes_nothing():
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record_batch(action="x", subject_type="incident", rows=refs(1))
    assert not AuditEvent.objects.exists()
