"""A meeting's minutes as a PDF, in the reader's language: the meeting, its date and
co-chairs, each decided item with its decision and minutes, and the items it did not
decide, listed as moved to the meeting that takes them up (or as carried over)."""

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from accounts.models import CoChair
from core.pdf import BODY, COVER, H2, NOTE, TITLE, document_pdf, paragraph, table

from .models import AgendaItem, AgendaReason, MeetingStatus, ReviewMeeting
from .selectors import AGENDA_ORDER


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return f"{formats.date_format(local, 'j M Y, H:i')} {local.tzname()}"


def _held(meeting: ReviewMeeting) -> str:
    held = {"when": _when(meeting.scheduled_for), "place": meeting.location}
    if meeting.location:
        return _("Held %(when)s · %(place)s") % held
    return _("Held %(when)s") % held


def _decision(item: AgendaItem) -> str:
    if item.reason == AgendaReason.APPEAL:
        return _("Appeal: %(appeal)s") % {"appeal": item.incident.get_appeal_status_display()}
    if item.decision_outcome:
        parts = [item.get_decision_outcome_display(), item.get_decision_grade_display()]
        if item.decision_intent:
            parts.append(item.get_decision_intent_display())
        return ", ".join(str(p) for p in parts)
    return _("Minutes only")


def _sort_key(item: AgendaItem):
    return (AGENDA_ORDER.index(item.reason), item.incident.reference)


def minutes_pdf(meeting: ReviewMeeting) -> bytes:
    """The minutes of `meeting` as PDF bytes (four queries whatever its size)."""
    items = sorted(
        meeting.items.select_related(
            "incident__reporting_party", "incident__accused_party", "moved_to"
        ),
        key=_sort_key,
    )
    decided = [i for i in items if i.decided_at is not None]
    moved = [i for i in items if i.moved_to_id is not None]
    undecided = [i for i in items if i.decided_at is None and i.moved_to_id is None]
    cochairs = ", ".join(c.name for c in CoChair.objects.order_by("pk"))
    parts = [
        paragraph(_("Minutes: %(title)s") % {"title": meeting.title}, TITLE),
        Spacer(1, 4 * mm),
        paragraph(_held(meeting), COVER),
        paragraph(_("Co-chairs: %(names)s.") % {"names": cochairs}, COVER),
        paragraph(meeting.get_status_display(), NOTE),
    ]
    if meeting.minutes:
        parts += [paragraph(_("Minutes of the meeting"), H2)]
        parts += [paragraph(line, BODY) for line in meeting.minutes.splitlines() if line]
    parts.append(paragraph(_("Decisions (%(count)d)") % {"count": len(decided)}, H2))
    if decided:
        parts.append(
            table(
                [_("Reference"), _("Parties"), _("Kind"), _("Decision"), _("Minutes")],
                [
                    [
                        i.incident.reference,
                        f"{i.incident.reporting_party.code} → {i.incident.accused_party.code}",
                        str(i.get_reason_display()),
                        _decision(i),
                        i.minutes,
                    ]
                    for i in decided
                ],
                [0.16, 0.12, 0.16, 0.18, 0.38],
            )
        )
    else:
        parts.append(paragraph(_("None."), BODY))
    carried = [[i.incident.reference, str(i.get_reason_display()), str(i.moved_to)] for i in moved]
    pending = (
        _("The next meeting's agenda")
        if meeting.status == MeetingStatus.CLOSED
        else _("Still to decide at this meeting")
    )
    carried += [[i.incident.reference, str(i.get_reason_display()), pending] for i in undecided]
    heading = (
        _("Carried over (%(count)d)")
        if meeting.status == MeetingStatus.CLOSED or not undecided
        else _("Moved or still to decide (%(count)d)")
    )
    parts.append(paragraph(heading % {"count": len(carried)}, H2))
    if carried:
        parts.append(
            table([_("Reference"), _("Kind"), _("Taken up by")], carried, [0.25, 0.3, 0.45])
        )
    else:
        parts.append(paragraph(_("None."), BODY))
    return document_pdf(
        parts,
        title=_("Minutes: %(title)s") % {"title": meeting.title},
        footer=_("Ceasefire Verification Mechanism · minutes of %(title)s")
        % {"title": meeting.title},
    )
