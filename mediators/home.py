"""The next review meeting on the secretariat's home page (registered with core.home)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from core.home import HomeSection, countdown, register_home_section

from .agenda import agenda_item_count
from .selectors import meeting_next


def next_meeting(user, now):
    if user.role != Role.SECRETARIAT:
        return None
    meeting = meeting_next(as_of=now)
    if meeting is None:
        return HomeSection(
            key="next-meeting",
            title=_("Next review meeting"),
            count=0,
            rows=[],
            see_all_url=reverse("meetings"),
            empty=_("No review meeting is scheduled."),
        )
    items = agenda_item_count(meeting)
    return HomeSection(
        key="next-meeting",
        title=_("Next review meeting"),
        count=1,
        rows=[],
        see_all_url=reverse("meetings"),
        lines=[
            (_("Meeting"), meeting.title),
            (
                _("Date"),
                _("%(time)s UTC (%(countdown)s)")
                % {
                    "time": f"{meeting.scheduled_for:%Y-%m-%d %H:%M}",
                    "countdown": countdown(meeting.scheduled_for, now=now),
                },
            ),
            (_("Agenda items"), str(items)),
        ],
        link=reverse("meeting-detail", args=[meeting.pk]),
    )


def register_home_sections() -> None:
    register_home_section(next_meeting, order=5)
