"""The penalties' deadline in the sweep (compliance registers it with verification.sweep):
an appeal window that lapsed with no appeal closes, once. Both parties' officers and the
secretariat are told. Split and appealed cases go on the next meeting's agenda with the
other compliance items (compliance.agenda.sweep)."""

from verification.sweep import DeadlineKind

from .models import PenaltyCase, PenaltyStatus
from .services import PENALTY_CASE

APPEAL_WINDOW_CLOSED = DeadlineKind(
    name="penalty_appeal_windows",
    model=PenaltyCase,
    subject_type=PENALTY_CASE,
    statuses=(PenaltyStatus.IN_EFFECT,),
    due_field="appeal_due_at",
    flag_field="appeal_closed_at",
    action="appeal_window_closed",
    notification="penalty_appeal_window_closed",
    audit_status=True,
    due_key="appeal_due_at",
    payload_deadline=False,
    all_parties=True,
)
