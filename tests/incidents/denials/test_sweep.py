"""The sweep respects a paused findings clock: not flagged while access is denied, and
flagged only after the deadline moved by the pause once access is granted."""

from datetime import timedelta

import time_machine
from django.utils import timezone

from incidents.denials.services import access_denial_grant
from incidents.models import Incident
from verification.sweep import run_sweep

SECOND = timedelta(seconds=1)


def findings_flag(claim):
    return Incident.objects.get(pk=claim.pk).findings_overdue_at


def test_a_paused_claim_past_its_due_time_is_not_flagged(file_claim, record_denial):
    claim = file_claim("under_review")
    record_denial(claim)
    report = run_sweep(as_of=claim.findings_due_at + timedelta(days=30))
    assert findings_flag(claim) is None
    assert claim.reference not in report.flagged.get("findings", [])


def test_after_access_is_granted_it_is_flagged_only_after_the_time_that_was_left(
    file_claim, record_denial, cast
):
    claim = file_claim("under_review")
    original_due = claim.findings_due_at
    began = timezone.now()
    denial = record_denial(claim, began_at=began)
    # Access is granted after the original deadline has passed.
    granted_at = original_due + timedelta(days=2)
    pause = granted_at - began
    with time_machine.travel(granted_at, tick=False):
        run_sweep(as_of=granted_at)
        assert findings_flag(claim) is None
        access_denial_grant(actor=cast["tur_reviewer"], denial=denial)
    claim.refresh_from_db()
    assert claim.findings_due_at == original_due + pause

    run_sweep(as_of=original_due + pause - SECOND)
    assert findings_flag(claim) is None
    run_sweep(as_of=original_due + pause)
    assert findings_flag(claim) == original_due + pause


def test_an_unpaused_claim_is_flagged_as_before(file_claim):
    claim = file_claim("under_review")
    run_sweep(as_of=claim.findings_due_at)
    assert findings_flag(claim) is not None
