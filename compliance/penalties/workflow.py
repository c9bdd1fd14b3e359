"""The one transition table of a penalty case. Every status change is checked here.

proposed ──both approve──▶ in_effect ──appeal──▶ appealed ──meeting──▶ upheld
   │  └──both reject───▶ rejected                              └────▶ overturned
   │  └──they differ───▶ split ──meeting──▶ in_effect / rejected
   └──withdraw (also from split)──▶ withdrawn
"""

from core.errors import CommonError, ServiceError

from .models import PenaltyStatus

P = PenaltyStatus

# action -> (statuses it may start from, statuses it may end in)
TRANSITIONS: dict[str, tuple[frozenset, frozenset]] = {
    "record_decision": (
        frozenset({P.PROPOSED}),
        frozenset({P.PROPOSED, P.IN_EFFECT, P.REJECTED, P.SPLIT}),
    ),
    "decide_split": (frozenset({P.SPLIT}), frozenset({P.IN_EFFECT, P.REJECTED})),
    "appeal": (frozenset({P.IN_EFFECT}), frozenset({P.APPEALED})),
    "decide_appeal": (frozenset({P.APPEALED}), frozenset({P.UPHELD, P.OVERTURNED})),
    "withdraw": (frozenset({P.PROPOSED, P.SPLIT}), frozenset({P.WITHDRAWN})),
}

# A meeting decides a split case or an appeal: which outcomes each takes, and where they lead.
MEETING_OUTCOMES = {
    P.SPLIT: ("decide_split", {"approve": P.IN_EFFECT, "reject": P.REJECTED}),
    P.APPEALED: ("decide_appeal", {"uphold": P.UPHELD, "overturn": P.OVERTURNED}),
}


def can_transition(action: str, from_status: str, to_status: str | None = None) -> bool:
    sources, targets = TRANSITIONS[action]
    return from_status in sources and (to_status is None or to_status in targets)


def check_transition(action: str, from_status: str, to_status: str | None = None) -> None:
    """Raise ILLEGAL_TRANSITION unless the table allows `action` from `from_status`."""
    if not can_transition(action, from_status, to_status):
        raise ServiceError(
            CommonError.ILLEGAL_TRANSITION,
            f"Cannot {action.replace('_', ' ')} a penalty that is "
            f"{PenaltyStatus(from_status).label.lower()}.",
        )
