"""The transition table of a review meeting: scheduled, it takes agenda items and their
decisions; closed, it takes nothing more."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from core.transitions import Workflow, table

from .models import MeetingStatus

M = MeetingStatus

MEETING_WORKFLOW = Workflow(
    noun=gettext_noop("meeting"),
    statuses=MeetingStatus,
    transitions=table(
        refresh_agenda=({M.SCHEDULED}, {M.SCHEDULED}),
        decide_item=({M.SCHEDULED}, {M.SCHEDULED}),
        defer_items=({M.SCHEDULED}, {M.SCHEDULED}),
        close=({M.SCHEDULED}, {M.CLOSED}),
    ),
    refusals={
        "refresh_agenda": _("This meeting is closed."),
        "decide_item": _("This meeting is closed."),
        "defer_items": _("This meeting is closed."),
        "close": _("This meeting is already closed."),
    },
)
