"""The penalty steps of the one sweep: lapsed appeal windows closed once, split and
appealed cases put on the next meeting's agenda once, in a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from compliance.models import AgendaEntry, AgendaReason, PenaltyCase
from compliance.penalties.appeals import penalty_appeal
from compliance.penalties.error_codes import PenaltyError
from core.errors import ServiceError
from notifications.models import Notification
from verification.sweep import run_sweep


def test_a_lapsed_appeal_window_is_closed_once(open_case, afg_officer, pak_officer, secretariat):
    case = open_case("in_effect")
    before = run_sweep(as_of=case.appeal_due_at - timedelta(seconds=1))
    assert before.flagged["penalty_appeal_windows"] == []

    report = run_sweep(as_of=case.appeal_due_at)
    assert report.flagged["penalty_appeal_windows"] == [case.reference]
    case.refresh_from_db()
    assert case.appeal_closed_at == case.appeal_due_at
    assert AuditEvent.objects.filter(action="appeal_window_closed", subject_id=case.pk).count() == 1
    for person in (afg_officer, pak_officer, secretariat):
        assert person.notifications.filter(kind="penalty_appeal_window_closed").exists()

    again = run_sweep(as_of=case.appeal_due_at + timedelta(days=1))
    assert again.flagged["penalty_appeal_windows"] == []
    assert AuditEvent.objects.filter(action="appeal_window_closed").count() == 1
    with pytest.raises(ServiceError) as caught:
        penalty_appeal(actor=afg_officer, case=case, grounds="Too late.")
    assert caught.value.code == PenaltyError.PENALTY_APPEAL_WINDOW_CLOSED


def test_split_and_appealed_cases_go_on_the_next_agenda_once(open_case, meeting):
    split, appealed, in_effect = open_case("split"), open_case("appealed"), open_case("in_effect")
    report = run_sweep()
    assert sorted(r for r in report.flagged["compliance_agenda"] if r.startswith("PEN-")) == sorted(
        [split.reference, appealed.reference]
    )
    entries = AgendaEntry.objects.filter(penalty_case__isnull=False)
    assert {(e.penalty_case_id, e.reason) for e in entries} == {
        (split.pk, AgendaReason.PENALTY_SPLIT),
        (appealed.pk, AgendaReason.PENALTY_APPEALED),
    }
    assert all(e.meeting_id == meeting.pk for e in entries)
    assert not in_effect.agenda_entries.exists()
    placed = AuditEvent.objects.filter(subject_type="penalty_case", action="placed_on_agenda")
    assert placed.count() == 2

    again = run_sweep()
    assert [r for r in again.flagged["compliance_agenda"] if r.startswith("PEN-")] == []
    assert entries.count() == 2 and placed.count() == 2
    assert audit_verify_chain().ok


def test_a_dry_run_changes_nothing(open_case, meeting):
    case = open_case("in_effect")
    open_case("split")
    report = run_sweep(as_of=case.appeal_due_at, dry_run=True)
    assert report.flagged["penalty_appeal_windows"] == [case.reference]
    assert not PenaltyCase.objects.filter(appeal_closed_at__isnull=False).exists()
    assert not AgendaEntry.objects.exists()


def _sweep_queries(as_of) -> int:
    with CaptureQueriesContext(connection) as ctx:
        run_sweep(as_of=as_of)
    return len(ctx.captured_queries)


def test_the_sweep_costs_the_same_queries_for_one_case_or_many(open_case, meeting):
    def world(n):
        cases = [open_case("in_effect") for _ in range(n)]
        for _ in range(n):
            open_case("split")
            open_case("appealed")
        return max(c.appeal_due_at for c in cases) + timedelta(minutes=1)

    as_of = world(1)
    one = _sweep_queries(as_of)
    # Five times as many new cases: the ones swept already are not selected again.
    as_of = world(5)
    many = _sweep_queries(as_of)
    assert many == one
    assert Notification.objects.filter(kind="penalty_appeal_window_closed").exists()


def test_the_agenda_entry_of_a_split_case_is_decided_with_the_case(open_case, meeting, cast):
    from compliance.agenda.services import agenda_entry_decide

    split, appealed = open_case("split"), open_case("appealed")
    run_sweep()
    entry = AgendaEntry.objects.get(penalty_case=split)
    agenda_entry_decide(
        actor=cast["secretariat"],
        entry=entry,
        minutes="Approved at the meeting.",
        outcome="approve",
    )
    split.refresh_from_db()
    entry.refresh_from_db()
    assert split.status == "in_effect" and split.split_meeting == meeting
    assert entry.decided_at is not None and entry.minutes == "Approved at the meeting."
    # Minutes alone leave the appeal open, on the case's timeline.
    other = AgendaEntry.objects.get(penalty_case=appealed)
    agenda_entry_decide(actor=cast["secretariat"], entry=other, minutes="Discussed; adjourned.")
    appealed.refresh_from_db()
    assert appealed.status == "appealed"
    assert AuditEvent.objects.filter(
        subject_type="penalty_case", subject_id=appealed.pk, action="meeting_minutes"
    ).exists()
