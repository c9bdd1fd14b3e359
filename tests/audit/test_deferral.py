"""Appends held back to the end of a block (audit.deferral): the chain head untouched until
the block ends, then every event appended in the order asked, or none if the block fails."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.batch import audit_record_batch
from audit.deferral import audit_appends_last
from audit.models import AuditEvent
from audit.services import audit_record_many, audit_verify_chain


def one(ref, action="noted"):
    return dict(actor=None, action=action, subject_type="claim", subject_id=1, subject_ref=ref)


def appended():
    return list(AuditEvent.objects.order_by("sequence").values_list("subject_ref", "action"))


def test_inside_the_block_nothing_reads_or_writes_the_log(db):
    with (
        transaction.atomic(),
        CaptureQueriesContext(connection) as queries,
        audit_appends_last(),
    ):
        assert audit_record_many([one("A")]) == ""
        assert audit_record_batch(action="flagged", subject_type="claim", rows=[]) == ""
        rows = [(2, "B", "", "")]
        assert audit_record_batch(action="flagged", subject_type="claim", rows=rows) == ""
        inside = len(queries.captured_queries)
    assert inside == 0
    assert appended() == [("A", "noted"), ("B", "flagged")]
    assert audit_verify_chain().ok


def test_the_events_are_appended_in_the_order_asked_and_nested_blocks_join_the_outer(db):
    with transaction.atomic(), audit_appends_last():
        audit_record_batch(action="flagged", subject_type="claim", rows=[(1, "A", "", "")])
        with audit_appends_last():
            audit_record_many([one("B"), one("C")])
        assert AuditEvent.objects.count() == 0
        rows = [(4, "D", "", "")]
        audit_record_batch(action="flagged", subject_type="claim", rows=rows)
        rows.append((5, "E", "", ""))  # what was asked for is what is appended
    assert appended() == [("A", "flagged"), ("B", "noted"), ("C", "noted"), ("D", "flagged")]
    assert audit_verify_chain().ok


def test_a_failing_block_appends_nothing(db):
    with pytest.raises(RuntimeError), transaction.atomic(), audit_appends_last():
        audit_record_many([one("A")])
        raise RuntimeError("a later step failed")
    assert AuditEvent.objects.count() == 0
    with transaction.atomic():
        audit_record_many([one("B")])  # after the block, appends go straight through
        assert appended() == [("B", "noted")]
