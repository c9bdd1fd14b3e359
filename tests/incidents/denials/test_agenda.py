"""A denial puts its claim on the next open review meeting's agenda, once per denial."""

from datetime import timedelta

import pytest
from django.utils import timezone

from incidents.denials.services import access_denial_grant
from mediators.models import AgendaReason
from mediators.services import meeting_refresh_agenda, meeting_schedule
from verification.sweep import run_sweep


@pytest.fixture
def meeting(cast):
    return meeting_schedule(
        actor=cast["secretariat"], title="Review", scheduled_for=timezone.now() + timedelta(days=3)
    )


def agenda(meeting):
    return list(meeting.items.order_by("incident_id").values_list("incident_id", "reason"))


def test_the_sweep_puts_a_denied_claim_on_the_next_agenda_once(meeting, file_claim, record_denial):
    claim = file_claim("under_review")
    record_denial(claim)
    report = run_sweep(as_of=timezone.now())
    assert report.flagged["agenda"] == [claim.reference]
    assert agenda(meeting) == [(claim.pk, AgendaReason.ACCESS_DENIED)]
    assert run_sweep(as_of=timezone.now() + timedelta(minutes=5)).flagged["agenda"] == []


def test_refreshing_the_agenda_adds_a_denied_claim(meeting, file_claim, record_denial, cast):
    claim = file_claim("under_review")
    record_denial(claim)
    meeting_refresh_agenda(actor=cast["secretariat"], meeting=meeting)
    assert (claim.pk, AgendaReason.ACCESS_DENIED) in agenda(meeting)


def test_a_claim_already_on_an_open_agenda_is_not_added_twice(
    meeting, file_claim, record_denial, cast, pak
):
    claim = file_claim("under_review")
    denial = record_denial(claim)
    run_sweep(as_of=timezone.now())
    access_denial_grant(actor=cast["secretariat"], denial=denial)
    record_denial(claim, denying_party=pak)
    run_sweep(as_of=timezone.now())
    assert agenda(meeting) == [(claim.pk, AgendaReason.ACCESS_DENIED)]
