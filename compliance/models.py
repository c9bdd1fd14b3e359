"""The compliance app's models, defined in its packages by domain and gathered here so
that Django finds them in the one app `compliance`, and `compliance.models.X` imports keep
working."""

from .action_reports.models import (
    ActionReport,
    ActionReportAssignment,
    ActionReportEvidence,
    ActionReportFinding,
    ActionReportReply,
    ActionReportRevision,
)
from .agenda.models import AgendaEntry, AgendaReason
from .commitments.models import (
    Commitment,
    CommitmentKind,
    CommitmentStatus,
    Milestone,
    TargetKind,
)
from .common.models import ReferenceSequence
from .penalties.models import (
    APPROVED_PENALTY_STATUSES,
    PenaltyCase,
    PenaltyCaseQuerySet,
    PenaltyDecision,
    PenaltyDecisionChoice,
    PenaltyGround,
    PenaltyMeasure,
    PenaltyStatus,
)
from .referrals.models import Referral, ReferralEvidence, ReferralStatus, Urgency

__all__ = [
    "APPROVED_PENALTY_STATUSES",
    "ActionReport",
    "ActionReportAssignment",
    "ActionReportEvidence",
    "ActionReportFinding",
    "ActionReportReply",
    "ActionReportRevision",
    "AgendaEntry",
    "AgendaReason",
    "Commitment",
    "CommitmentKind",
    "CommitmentStatus",
    "Milestone",
    "PenaltyCase",
    "PenaltyCaseQuerySet",
    "PenaltyDecision",
    "PenaltyDecisionChoice",
    "PenaltyGround",
    "PenaltyMeasure",
    "PenaltyStatus",
    "ReferenceSequence",
    "Referral",
    "ReferralEvidence",
    "ReferralStatus",
    "TargetKind",
    "Urgency",
]
