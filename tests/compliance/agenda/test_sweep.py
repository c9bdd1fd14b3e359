"""The compliance steps of the one deadline sweep: once each, in bulk, audited."""

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEvent
from compliance.models import AgendaEntry, Commitment, Milestone, Referral
from compliance.referrals.services import referral_acknowledge
from mediators.services import meeting_schedule
from notifications.models import Notification
from verification.sweep import run_sweep

from ..conftest import days


def day_after(day):
    return datetime.combine(day + timedelta(days=1), time(1), tzinfo=UTC)


@pytest.fixture
def meeting(secretariat):
    return meeting_schedule(
        actor=secretariat, title="Review", scheduled_for=timezone.now() + timedelta(days=90)
    )


def test_missed_milestone_and_due_date_are_flagged_once(
    make_commitment, make_report, meeting, afg_officer, pak_officer, secretariat
):
    behind = make_commitment(milestones=[(days(10), 4), (days(30), 10)])
    make_report(behind, state="verified", quantity=2)
    ahead = make_commitment(milestones=[(days(10), 4), (days(30), 10)])
    make_report(ahead, state="verified", quantity=5)

    report = run_sweep(as_of=day_after(days(10)))
    assert report.flagged["milestones"] == [behind.reference]
    assert report.flagged["commitments"] == []
    assert Milestone.objects.filter(missed_at__isnull=False).count() == 1
    assert afg_officer.notifications.filter(kind="overdue_milestones").exists()
    assert pak_officer.notifications.filter(kind="overdue_milestones").exists()
    assert secretariat.notifications.filter(kind="overdue_milestones").exists()
    assert AgendaEntry.objects.get().commitment == behind

    report = run_sweep(as_of=day_after(days(30)))
    # Both second milestones: behind's and ahead's.
    assert sorted(report.flagged["milestones"]) == sorted([behind.reference, ahead.reference])
    assert sorted(report.flagged["commitments"]) == sorted([behind.reference, ahead.reference])
    assert Commitment.objects.filter(missed_at__isnull=False).count() == 2
    flags = AuditEvent.objects.filter(subject_type="commitment", action__startswith="flagged_")
    assert flags.count() == 5

    again = run_sweep(as_of=day_after(days(30)))
    assert again.flagged["milestones"] == again.flagged["commitments"] == []
    assert again.flagged["compliance_agenda"] == []
    assert flags.count() == 5


def test_a_met_commitment_is_never_flagged(make_commitment, make_report):
    commitment = make_commitment(milestones=[(days(10), 4), (days(30), 10)])
    make_report(commitment, state="verified", quantity=10)
    report = run_sweep(as_of=day_after(days(40)))
    assert report.flagged["milestones"] == report.flagged["commitments"] == []


def test_not_flagged_on_the_due_date_itself(make_commitment):
    commitment = make_commitment()
    end_of_due_day = datetime.combine(commitment.due_date, time(23, 59), tzinfo=UTC)
    assert run_sweep(as_of=end_of_due_day).flagged["commitments"] == []


def test_referral_clocks_are_swept_at_their_deadlines(
    make_referral, meeting, afg_officer, pak_officer
):
    silent = make_referral(urgency="immediate")
    acknowledged = referral_acknowledge(
        actor=afg_officer, referral=make_referral(urgency="immediate")
    )

    report = run_sweep(as_of=silent.acknowledge_due_at - timedelta(seconds=1))
    assert report.flagged["referral_acknowledgement"] == []
    report = run_sweep(as_of=silent.acknowledge_due_at + timedelta(seconds=1))
    assert report.flagged["referral_acknowledgement"] == [silent.reference]
    assert afg_officer.notifications.filter(kind="overdue_referral_acknowledgement").exists()
    assert pak_officer.notifications.filter(kind="overdue_referral_acknowledgement").exists()

    report = run_sweep(as_of=acknowledged.action_due_at + timedelta(seconds=1))
    assert sorted(report.flagged["referral_action"]) == sorted(
        [silent.reference, acknowledged.reference]
    )
    reasons = sorted(AgendaEntry.objects.values_list("reason", flat=True))
    assert reasons == [
        "referral_no_response",
        "referral_no_response",
        "referral_unacknowledged",
    ]
    assert Referral.objects.filter(action_overdue_at__isnull=False).count() == 2


def test_dry_run_changes_nothing(make_commitment, make_referral, meeting):
    make_commitment()
    referral = make_referral(urgency="immediate")
    report = run_sweep(as_of=referral.action_due_at + timedelta(days=60), dry_run=True)
    assert len(report.flagged["commitments"]) == 1
    assert report.flagged["referral_action"] == [referral.reference]
    assert not Commitment.objects.filter(missed_at__isnull=False).exists()
    assert not AgendaEntry.objects.exists()


def test_the_command_runs_the_compliance_steps(make_referral):
    referral = make_referral(urgency="immediate")
    with time_machine.travel(referral.action_due_at + timedelta(minutes=1), tick=False):
        call_command("flag_overdue")
    referral.refresh_from_db()
    assert referral.acknowledge_overdue_at and referral.action_overdue_at


def test_query_count_does_not_grow_with_the_number_of_items(
    make_commitment, make_report, make_referral, meeting, django_assert_max_num_queries
):
    def batch(size):
        for _ in range(size):
            commitment = make_commitment(milestones=[(days(10), 4), (days(30), 10)])
            make_report(commitment, state="verified", quantity=1)
            make_referral(urgency="routine")

    def counted(as_of):
        with CaptureQueriesContext(connection) as queries:
            report = run_sweep(as_of=as_of)
        assert report.total > 0
        return len(queries)

    batch(2)
    few = counted(day_after(days(40)))
    batch(8)
    many = counted(day_after(days(41)))
    assert few == many
    before = Notification.objects.count()
    with django_assert_max_num_queries(few):
        run_sweep(as_of=day_after(days(42)))
    assert Notification.objects.count() == before


def test_the_audit_chain_covers_compliance_events(make_commitment, make_report, make_referral):
    make_report(make_commitment(), state="submitted")
    referral = make_referral(urgency="immediate")
    run_sweep(as_of=referral.action_due_at + timedelta(days=60))
    kinds = set(AuditEvent.objects.values_list("subject_type", flat=True))
    assert {"commitment", "action_report", "referral"} <= kinds
    call_command("verify_audit_chain")


def test_action_report_review_deadlines_are_swept_like_claims(
    make_commitment, make_report, pak_officer
):
    report = make_report(make_commitment(), state="under_review")
    early = run_sweep(as_of=report.reply_due_at - timedelta(seconds=1))
    assert early.flagged["action_report_reply"] == []
    swept = run_sweep(as_of=report.reply_due_at + timedelta(seconds=1))
    assert swept.flagged["action_report_reply"] == [report.reference]
    report.refresh_from_db()
    assert report.reply_overdue_at is not None
    assert pak_officer.notifications.filter(kind="overdue_reply").exists()
    event = AuditEvent.objects.get(subject_type="action_report", action="reply_window_closed")
    assert event.subject_id == report.pk
    later = run_sweep(as_of=report.findings_due_at + timedelta(seconds=1))
    assert later.flagged["action_report_findings"] == [report.reference]
    assert later.flagged["action_report_reply"] == []
