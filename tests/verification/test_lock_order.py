"""The chain head is the last lock a transition takes: a record's change locks its tally
rows (incidents.tally), and a transaction holding the head while another held those rows
and waited for the head was a deadlock under load. Read from the statements each service
sends, in order, on any database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import intent_of
from verification.services import review_record_finding, review_submit


def order(queries) -> tuple[int, int]:
    """(index of the first read of the chain head, index of the last change of a claim);
    fails if anything but the audit tables is written or read after the head."""
    sqls = [q["sql"] for q in queries.captured_queries]
    head = next(i for i, sql in enumerate(sqls) if 'FROM "audit_chainhead"' in sql)
    changes = [i for i, sql in enumerate(sqls) if sql.startswith('UPDATE "incidents_incident"')]
    after = [sql for sql in sqls[head:] if "audit_" not in sql and not sql.startswith(SAVEPOINTS)]
    assert after == []
    return head, max(changes)


SAVEPOINTS = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def test_a_submission_changes_the_claim_before_it_takes_the_head(file_claim, cast):
    draft = file_claim("draft")

    with CaptureQueriesContext(connection) as queries:
        review_submit(actor=cast["pak_officer"], record=draft)

    head, last_change = order(queries)
    assert head > last_change


def test_a_concluding_finding_changes_the_claim_before_it_takes_the_head(file_claim, cast):
    claim = file_claim("one_finding")

    with CaptureQueriesContext(connection) as queries:
        review_record_finding(
            actor=cast["qat_reviewer"],
            record=claim,
            outcome="verified",
            grade="probable",
            reasoning="Imagery review.",
            intent=intent_of("verified"),
        )

    head, last_change = order(queries)
    assert head > last_change


def test_an_assignment_by_the_secretariat_changes_the_claim_before_it_takes_the_head(
    file_claim, cast
):
    from incidents.models import Incident
    from verification.services import review_assign
    from verification.statuses import Status

    claim = file_claim("draft")
    # Submitted with nobody to assign (no reviewer is active): the secretariat assigns.
    cast["tur_reviewer"].is_active = False
    cast["tur_reviewer"].save()
    review_submit(actor=cast["pak_officer"], record=claim)
    cast["tur_reviewer"].is_active = True
    cast["tur_reviewer"].save()
    claim = Incident.objects.get(pk=claim.pk)
    assert claim.status == Status.SUBMITTED

    with CaptureQueriesContext(connection) as queries:
        review_assign(actor=cast["secretariat"], record=claim)

    head, last_change = order(queries)
    assert head > last_change
