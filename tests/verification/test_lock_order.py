"""The chain head is the last lock a transition takes: a record's change locks its tally
rows (incidents.tally), and a transaction holding the head while another held those rows
and waited for the head was a deadlock under load. Read from the statements each service
sends, in order, on any database."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

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


def test_the_sweep_changes_every_row_before_it_takes_the_head(file_claim, cast):
    """Each kind of deadline and the agenda step change their rows first; every event is
    appended after the last of them (a kind's append used to take the head, and the next
    kind's UPDATE could then wait on a claim whose finding waited for the head)."""
    from datetime import timedelta

    from accounts.models import Role, User
    from mediators.services import meeting_schedule
    from verification.sweep import run_sweep

    meeting_schedule(
        actor=cast["secretariat"],
        title="Fourth review meeting",
        scheduled_for=timezone.now() + timedelta(days=30),
    )
    reviewers = User.objects.filter(role=Role.REVIEWER, is_active=True)
    ids = list(reviewers.values_list("pk", flat=True))
    reviewers.update(is_active=False)
    unassigned = file_claim("under_review")  # submitted, nobody to assign
    User.objects.filter(pk__in=ids).update(is_active=True)
    file_claim("under_review")

    with CaptureQueriesContext(connection) as queries:
        report = run_sweep(as_of=unassigned.findings_due_at + timedelta(days=8))

    assert report.flagged["assignment"] == [unassigned.reference]
    assert len(report.flagged["reply"]) == 1
    assert len(report.flagged["findings"]) == len(report.flagged["agenda"]) == 2
    sqls = [q["sql"] for q in queries.captured_queries]
    head = next(i for i, sql in enumerate(sqls) if 'FROM "audit_chainhead"' in sql)
    changes = [
        i
        for i, sql in enumerate(sqls)
        if sql.startswith(("UPDATE", "INSERT")) and "audit_" not in sql.split("(")[0]
    ]
    after = [sql for sql in sqls[head:] if "audit_" not in sql and not sql.startswith(SAVEPOINTS)]
    assert after == []
    assert head > max(changes)
