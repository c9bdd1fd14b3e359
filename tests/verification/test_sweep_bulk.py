"""The sweep at scale: many rows flagged in one step write one linear chain that
verifies, in as many queries as a handful of rows."""

from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from incidents.models import Incident
from incidents.review_models import Assignment
from notifications.models import Notification
from tests.factories import IncidentFactory
from verification.statuses import Status
from verification.sweep import run_sweep


def overdue_claims(n, *, cast, pak, afg, category, as_of):
    """`n` claims under review whose findings deadline passed a day before `as_of`, the
    first of them assigned to tur_reviewer."""
    claims = IncidentFactory.create_batch(
        n,
        reporting_party=pak,
        accused_party=afg,
        category=category,
        created_by=cast["pak_officer"],
        status=Status.UNDER_REVIEW,
        submitted_at=as_of - timedelta(days=30),
        findings_due_at=as_of - timedelta(days=1),
    )
    Assignment.objects.create(
        incident=claims[0],
        cochair=cast["tur_reviewer"].cochair,
        reviewer=cast["tur_reviewer"],
        assigned_at=as_of - timedelta(days=29),
    )
    return claims


def counted_sweep(as_of):
    with CaptureQueriesContext(connection) as queries:
        report = run_sweep(as_of=as_of)
    return report, len(queries)


def test_a_sweep_of_many_rows_writes_a_chain_that_verifies_in_the_queries_of_a_few(
    cast, pak, afg, category
):
    start = timezone.now() + timedelta(days=60)
    overdue_claims(1, cast=cast, pak=pak, afg=afg, category=category, as_of=start)
    run_sweep(as_of=start)  # the chain's head row exists from here on
    as_of = start + timedelta(days=1)
    few = overdue_claims(3, cast=cast, pak=pak, afg=afg, category=category, as_of=as_of)
    report, few_queries = counted_sweep(as_of)
    assert report.flagged["findings"] == [c.reference for c in few]

    later = as_of + timedelta(days=1)
    many = overdue_claims(200, cast=cast, pak=pak, afg=afg, category=category, as_of=later)
    before = AuditEvent.objects.count()
    notes_before = Notification.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    report, many_queries = counted_sweep(later)

    assert many_queries == few_queries
    assert report.flagged["findings"] == [c.reference for c in many]
    events = list(AuditEvent.objects.filter(action="flagged_findings_overdue", sequence__gt=before))
    assert [e.subject_id for e in events] == [c.pk for c in many]
    assert [e.sequence for e in events] == list(range(before + 1, before + 201))
    as_text = DjangoJSONEncoder().default
    assert events[0].payload == {
        "deadline": "findings",
        "due_at": as_text(later - timedelta(days=1)),
        "as_of": as_text(later),
    }
    flagged = Incident.objects.filter(pk__in=[c.pk for c in many], findings_overdue_at=later)
    assert flagged.count() == 200
    # one digest per person: the secretariat hears of all, the reviewer of their one claim
    notes = Notification.objects.filter(kind="overdue_findings", pk__gt=notes_before)
    assert sorted(notes.values_list("user__username", "subject_ref")) == [
        ("secretariat", ""),
        ("tur_reviewer", many[0].reference),
    ]
    chain = audit_verify_chain()
    assert chain.ok, chain.problem
    assert chain.count == AuditEvent.objects.count()
