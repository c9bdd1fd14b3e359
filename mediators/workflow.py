"""The transition table of a review meeting: scheduled, it takes agenda items and their
decisions; closed, it takes nothing more."""

from core.transitions import Workflow, table

from .models import MeetingStatus

M = MeetingStatus

MEETING_WORKFLOW = Workflow(
    noun="meeting",
    statuses=MeetingStatus,
    transitions=table(
        refresh_agenda=({M.SCHEDULED}, {M.SCHEDULED}),
        decide_item=({M.SCHEDULED}, {M.SCHEDULED}),
        defer_items=({M.SCHEDULED}, {M.SCHEDULED}),
        close=({M.SCHEDULED}, {M.CLOSED}),
    ),
    refusals={
        "refresh_agenda": "This meeting is closed.",
        "decide_item": "This meeting is closed.",
        "defer_items": "This meeting is closed.",
        "close": "This meeting is already closed.",
    },
)
