"""The commitments' deadlines in the sweep (compliance registers them with
verification.sweep): a milestone, and a commitment's due date, passed with the target not
met. Both parties' officers and the secretariat are told; the audit events are the
commitment's. The next meeting's agenda takes them (compliance.agenda.sweep)."""

from verification.sweep import DeadlineKind

from ..common.selectors import today
from .models import Commitment, Milestone
from .selectors import verified_quantity
from .services import COMMITMENT


def _milestones_passed(queryset, as_of):
    return queryset.filter(
        due_date__lt=today(as_of), quantity__gt=verified_quantity(commitment="commitment")
    )


def _commitments_passed(queryset, as_of):
    return queryset.filter(due_date__lt=today(as_of), target_quantity__gt=verified_quantity())


# What the two kinds share: dates pass when their UTC day ends, and everybody is told.
_COMMON = dict(
    subject_type=COMMITMENT,
    due_field="due_date",
    flag_field="missed_at",
    due_key="due",
    all_parties=True,
)

MILESTONES_MISSED = DeadlineKind(
    name="milestones",
    model=Milestone,
    action="flagged_milestone_missed",
    passed=_milestones_passed,
    reference="commitment__reference",
    subject="commitment_id",
    **_COMMON,
)

COMMITMENTS_MISSED = DeadlineKind(
    name="commitments",
    model=Commitment,
    action="flagged_commitment_missed",
    passed=_commitments_passed,
    **_COMMON,
)
