"""`seed_demo`'s last step (verification/demo.py): the review's own rules run over what
the seed wrote, so that the demo never contradicts them."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import CoChair, User
from audit.services import audit_verify_chain
from compliance.commitments.models import Commitment
from compliance.penalties.selectors import eligible_commitments
from verification.demo import ASSIGNED_STATUSES
from verification.review import REVIEWABLES
from verification.statuses import Status
from verification.sweep.steps import run_sweep

PASSWORD = "Seed-demo-pass-4417"


def seed_demo(*args):
    out = StringIO()
    call_command("seed_demo", "--password", PASSWORD, "--claims", "200", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def settled(db):
    return seed_demo()


def assigned_records(spec):
    return spec.model.objects.filter(status__in=ASSIGNED_STATUSES)


def test_every_record_past_assignment_has_one_reviewer_of_each_cochair(settled):
    cochairs = set(CoChair.objects.values_list("pk", flat=True))
    for spec in REVIEWABLES.values():
        records = list(assigned_records(spec))
        assert records, spec.noun
        for record in records:
            active = spec.assignments(record, ended_at__isnull=True)
            assert set(active.values_list("cochair_id", flat=True)) == cochairs, record.reference
            assert all(a.assigned_at is not None for a in active)


def test_nothing_submitted_waits_for_reviewers_the_demo_has(settled):
    for spec in REVIEWABLES.values():
        assert not spec.model.objects.filter(status=Status.SUBMITTED).exists(), spec.noun
    assert "waiting records assigned" in settled


def test_the_demo_reviewers_are_assigned_to_every_claim_in_review(settled):
    turkish_reviewer = User.objects.get(username="tur_reviewer")
    spec = next(s for s in REVIEWABLES.values() if s.subject_type == "incident")
    claims = spec.model.objects.filter(status=Status.UNDER_REVIEW)
    assert claims.exists()
    assert all(
        spec.assignments(c, reviewer=turkish_reviewer, ended_at__isnull=True).exists()
        for c in claims
    )


def test_the_sweep_already_ran_so_a_second_flags_nothing(settled):
    assert "deadlines flagged by the sweep" in settled
    assert run_sweep().total == 0


def test_missed_commitments_are_offered_as_penalty_grounds(settled):
    missed = Commitment.objects.filter(missed_at__isnull=False)
    assert missed.exists()
    for commitment in missed:
        assert commitment in eligible_commitments(commitment.party)


def test_the_trail_still_verifies(settled):
    assert audit_verify_chain().ok


def test_no_settle_leaves_the_bulk_history_as_written(db):
    out = seed_demo("--no-settle")
    assert "Settled" not in out
    spec = next(s for s in REVIEWABLES.values() if s.subject_type == "incident")
    assert spec.model.objects.filter(status=Status.SUBMITTED).exists()
