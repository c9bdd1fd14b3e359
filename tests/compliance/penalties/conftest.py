"""Penalty cases walked through the services to the state a test needs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compliance.models import PenaltyMeasure
from compliance.penalties.appeals import penalty_appeal, penalty_decide_at_meeting
from compliance.penalties.services import penalty_open, penalty_record_decision, penalty_withdraw
from mediators.services import meeting_schedule
from verification.sweep import run_sweep

from ..conftest import days

# The reviewers' decisions that lead to each state.
DECISIONS = {
    "in_effect": ("approve", "approve"),
    "rejected": ("reject", "reject"),
    "split": ("approve", "reject"),
}


@pytest.fixture
def measure(db):
    return PenaltyMeasure.objects.get(code="demarche")


@pytest.fixture
def meeting(secretariat):
    return meeting_schedule(
        actor=secretariat, title="Review", scheduled_for=timezone.now() + timedelta(days=90)
    )


@pytest.fixture
def verified_claim(file_claim):
    """A verified claim filed by Pakistan: Afghanistan is the accused."""
    return file_claim("verified", by="pak_officer")


@pytest.fixture
def missed_commitment(make_commitment, afg):
    """make_missed_commitment(party): a commitment of `party` the sweep recorded as missed."""

    def make(party=None):
        commitment = make_commitment(party=party or afg, session_date=days(-40), due_date=days(-3))
        run_sweep()
        commitment.refresh_from_db()
        assert commitment.missed_at is not None
        return commitment

    return make


@pytest.fixture
def open_case(cast, afg, measure, meeting, verified_claim):
    """open_case(state='proposed', by='secretariat', claims=None, commitments=()) -> a case
    against Afghanistan on the verified claim, walked through the services to `state`."""

    def make(state="proposed", by="secretariat", claims=None, commitments=()):
        case = penalty_open(
            actor=cast[by],
            party=afg,
            measure=measure,
            rationale="Repeated verified cross-border fire.",
            claims=[verified_claim.reference] if claims is None else claims,
            commitments=commitments,
        )
        if state == "proposed":
            return case
        if state == "withdrawn":
            return penalty_withdraw(actor=cast["secretariat"], case=case, reason="Settled.")
        first, second = DECISIONS.get(state, ("approve", "approve"))
        if state in ("upheld", "overturned", "appealed"):
            first, second = "approve", "approve"
        penalty_record_decision(
            actor=cast["tur_reviewer"], case=case, decision=first, reason="Grounds are verified."
        )
        penalty_record_decision(
            actor=cast["qat_reviewer"], case=case, decision=second, reason="Proportionate."
        )
        case.refresh_from_db()
        if state in DECISIONS:
            assert case.status == state
            return case
        case = penalty_appeal(
            actor=cast["afg_officer"], case=case, grounds="The fire was not ours."
        )
        if state == "appealed":
            return case
        return penalty_decide_at_meeting(
            actor=cast["secretariat"],
            case=case,
            meeting=meeting,
            outcome={"upheld": "uphold", "overturned": "overturn"}[state],
            minutes="The meeting examined the appeal.",
        )

    return make


STATES = [
    "proposed",
    "split",
    "in_effect",
    "rejected",
    "appealed",
    "upheld",
    "overturned",
    "withdrawn",
]
