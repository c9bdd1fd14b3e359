"""The review's transition table. Every status change of a reviewed record is checked here
before it happens."""

from django.utils.translation import gettext_noop

from core.transitions import Workflow

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
    # A review meeting overturns a final finding on appeal (incidents.appeals).
    "overturn_on_appeal": (
        frozenset({S.VERIFIED, S.NOT_VERIFIED}),
        frozenset({S.VERIFIED, S.NOT_VERIFIED}),
    ),
    # Withdrawal after the first finding is refused by the service's own guard.
    "withdraw": (frozenset({S.DRAFT, S.SUBMITTED, S.UNDER_REVIEW}), frozenset({S.WITHDRAWN})),
}


# The review's table on the one transition engine (core.transitions), as penalties',
# referrals' and meetings' are. Refusals name the record a "claim", as they always have.
REVIEW_WORKFLOW = Workflow(noun=gettext_noop("claim"), statuses=Status, transitions=TRANSITIONS)
can_transition = REVIEW_WORKFLOW.can
check_transition = REVIEW_WORKFLOW.check
