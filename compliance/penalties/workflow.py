"""The one transition table of a penalty case. Every status change is checked here.

proposed ──both approve──▶ in_effect ──appeal──▶ appealed ──meeting──▶ upheld
   │  └──both reject───▶ rejected                              └────▶ overturned
   │  └──they differ───▶ split ──meeting──▶ in_effect / rejected
   └──withdraw (also from split)──▶ withdrawn
"""

from django.utils.translation import gettext_noop

from core.transitions import Workflow, table

from .models import PenaltyStatus

P = PenaltyStatus

PENALTY_WORKFLOW = Workflow(
    noun=gettext_noop("penalty"),
    statuses=PenaltyStatus,
    transitions=table(
        record_decision=({P.PROPOSED}, {P.PROPOSED, P.IN_EFFECT, P.REJECTED, P.SPLIT}),
        decide_split=({P.SPLIT}, {P.IN_EFFECT, P.REJECTED}),
        appeal=({P.IN_EFFECT}, {P.APPEALED}),
        decide_appeal=({P.APPEALED}, {P.UPHELD, P.OVERTURNED}),
        withdraw=({P.PROPOSED, P.SPLIT}, {P.WITHDRAWN}),
    ),
)
can_transition = PENALTY_WORKFLOW.can
check_transition = PENALTY_WORKFLOW.check

# A meeting decides a split case or an appeal: which outcomes each takes, and where they lead.
MEETING_OUTCOMES = {
    P.SPLIT: ("decide_split", {"approve": P.IN_EFFECT, "reject": P.REJECTED}),
    P.APPEALED: ("decide_appeal", {"uphold": P.UPHELD, "overturn": P.OVERTURNED}),
}
