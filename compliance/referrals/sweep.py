"""The referrals' clocks in the sweep (compliance registers them with verification.sweep):
not acknowledged in time, and no response in time. Both parties hear of it, the one that
owes the action and the one that referred, and the secretariat. The next meeting's agenda
takes them (compliance.agenda.sweep)."""

from verification.sweep import DeadlineKind

from .models import Referral, ReferralStatus
from .services import REFERRAL

NOT_ACKNOWLEDGED = DeadlineKind(
    name="referral_acknowledgement",
    model=Referral,
    subject_type=REFERRAL,
    statuses=(ReferralStatus.SENT,),
    due_field="acknowledge_due_at",
    flag_field="acknowledge_overdue_at",
    action="flagged_not_acknowledged",
    due_key="due",
    parties=("to_party_id", "from_party_id"),
)

NO_RESPONSE = DeadlineKind(
    name="referral_action",
    model=Referral,
    subject_type=REFERRAL,
    statuses=(ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED),
    due_field="action_due_at",
    flag_field="action_overdue_at",
    action="flagged_no_response",
    due_key="due",
    parties=("to_party_id", "from_party_id"),
)
