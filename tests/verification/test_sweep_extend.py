"""The sweep under lockdown: paused while frozen, and every open deadline moved on by
the time spent frozen when the mechanism opens again (verification.sweep.extend)."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from operations.lockdown.services import EXTENDED, site_mode_switch
from verification.sweep import run_sweep

pytestmark = pytest.mark.django_db
HOUR = timedelta(hours=1)


@pytest.fixture
def switch_at(secretariat):
    def make(mode, when):
        with time_machine.travel(when, tick=False):
            return site_mode_switch(actor=secretariat, mode=mode, reason="Suspected compromise.")

    return make


def test_a_deadline_that_would_be_flagged_is_not_while_read_only(file_claim, switch_at):
    claim = file_claim("under_review")
    due = claim.reply_due_at
    switch_at("read_only", due - HOUR)
    with time_machine.travel(due + 5 * HOUR, tick=False):
        report = run_sweep()
    assert report.paused and report.total == 0
    claim.refresh_from_db()
    assert claim.reply_overdue_at is None


def test_flag_overdue_says_it_is_paused(file_claim, switch_at):
    claim = file_claim("under_review")
    switch_at("no_access", claim.reply_due_at - HOUR)
    out = StringIO()
    with time_machine.travel(claim.reply_due_at + HOUR, tick=False):
        call_command("flag_overdue", stdout=out)
    assert "paused" in out.getvalue()
    claim.refresh_from_db()
    assert claim.reply_overdue_at is None


def test_after_read_only_open_deadlines_move_on_by_its_duration(file_claim, switch_at):
    claim = file_claim("under_review")
    reply_due, findings_due = claim.reply_due_at, claim.findings_due_at
    assignment_due = claim.assignment_due_at  # assigned already: not an open deadline
    start, end = reply_due - HOUR, reply_due + 5 * HOUR
    switch_at("read_only", start)
    switch_at("no_access", start + 2 * HOUR)  # still frozen: the clock keeps running
    switch = switch_at("normal", end)
    claim.refresh_from_db()
    assert claim.reply_due_at == reply_due + (end - start)
    assert claim.findings_due_at == findings_due + (end - start)
    assert claim.assignment_due_at == assignment_due
    event = AuditEvent.objects.get(action=EXTENDED)
    assert event.subject_id == switch.pk
    assert event.payload["seconds"] == int((end - start).total_seconds())
    assert event.payload["moved"]["incidents.incident.reply_due_at"] == 1
    assert audit_verify_chain().ok
    # The sweep runs again, against the moved deadline.
    with time_machine.travel(end + HOUR / 2, tick=False):
        assert run_sweep().flagged["reply"] == []
    with time_machine.travel(claim.reply_due_at + timedelta(seconds=1), tick=False):
        assert run_sweep().flagged["reply"] == [claim.reference]


def test_a_flagged_deadline_is_not_moved(file_claim, switch_at):
    claim = file_claim("under_review")
    with time_machine.travel(claim.reply_due_at + HOUR, tick=False):
        run_sweep()
    claim.refresh_from_db()
    flagged_due = claim.reply_due_at
    assert claim.reply_overdue_at is not None
    switch_at("read_only", claim.reply_due_at + 2 * HOUR)
    switch_at("normal", claim.reply_due_at + 9 * HOUR)
    claim.refresh_from_db()
    assert claim.reply_due_at == flagged_due


def test_a_switch_between_two_lockdowns_moves_nothing(file_claim, switch_at):
    claim = file_claim("under_review")
    now = timezone.now()
    switch_at("read_only", now)
    switch_at("no_access", now + HOUR)
    claim.refresh_from_db()
    assert not AuditEvent.objects.filter(action=EXTENDED).exists()


def test_a_deadline_already_passed_when_the_freeze_began_is_not_moved(file_claim, switch_at):
    claim = file_claim("under_review")
    reply_due, findings_due = claim.reply_due_at, claim.findings_due_at
    switch_at("read_only", reply_due + HOUR)  # passed, not flagged yet: the sweep lagged
    switch_at("normal", reply_due + 4 * HOUR)
    claim.refresh_from_db()
    assert claim.reply_due_at == reply_due
    assert claim.findings_due_at == findings_due + 3 * HOUR  # still running: moved
    with time_machine.travel(reply_due + 5 * HOUR, tick=False):
        assert run_sweep().flagged["reply"] == [claim.reference]
