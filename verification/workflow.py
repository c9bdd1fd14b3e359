"""The one transition table. Every status change is checked here before it happens."""

from core.errors import CommonError, ServiceError

from .statuses import Status

S = Status

# action -> (statuses it may start from, statuses it may end in)
TRANSITIONS: dict[str, tuple[frozenset, frozenset]] = {
    "submit": (frozenset({S.DRAFT}), frozenset({S.SUBMITTED})),
    "assign": (frozenset({S.SUBMITTED}), frozenset({S.UNDER_REVIEW})),
    "reassign": (frozenset({S.UNDER_REVIEW, S.DISPUTED}), frozenset({S.UNDER_REVIEW, S.DISPUTED})),
    "reply": (frozenset({S.UNDER_REVIEW, S.DISPUTED}), frozenset({S.UNDER_REVIEW, S.DISPUTED})),
    "record_finding": (
        frozenset({S.UNDER_REVIEW}),
        frozenset({S.UNDER_REVIEW, S.VERIFIED, S.NOT_VERIFIED, S.INCONCLUSIVE, S.DISPUTED}),
    ),
    "decide_at_meeting": (
        frozenset({S.DISPUTED}),
        frozenset({S.VERIFIED, S.NOT_VERIFIED, S.INCONCLUSIVE}),
    ),
    "amend": (
        frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.DISPUTED}),
        frozenset({S.SUBMITTED, S.UNDER_REVIEW, S.DISPUTED}),
    ),
    # Withdrawal after the first finding is refused by the service's own guard.
    "withdraw": (frozenset({S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW}), frozenset({S.WITHDRAWN})),
}


def can_transition(action: str, from_status: str, to_status: str | None = None) -> bool:
    sources, targets = TRANSITIONS[action]
    return from_status in sources and (to_status is None or to_status in targets)


def check_transition(action: str, from_status: str, to_status: str | None = None) -> None:
    """Raise ILLEGAL_TRANSITION unless the table allows `action` from `from_status`."""
    if not can_transition(action, from_status, to_status):
        raise ServiceError(
            CommonError.ILLEGAL_TRANSITION,
            f"Cannot {action.replace('_', ' ')} a claim that is {Status(from_status).label.lower()}.",
        )
