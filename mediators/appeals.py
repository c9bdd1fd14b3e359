"""Appeals of final findings at review meetings: a new appeal goes on the next open
meeting's agenda (a hook incidents.appeals calls while filing), and the meeting's
decision on an appeal item goes to incidents.appeals' service."""

from django.utils import timezone

from audit.services import audit_record
from incidents.appeals.services import appeal_decide
from incidents.services import SUBJECT_TYPE

from .escalation import placed_on_agenda
from .models import AgendaItem, AgendaReason
from .selectors import meeting_next


def appeal_place_on_agenda(*, appeal, actor) -> AgendaItem | None:
    """Put a just-filed appeal on the next scheduled meeting's agenda, with its
    `placed_on_agenda` event. With no meeting ahead, or one that already has the claim on
    its agenda (it heard the claim), the appeal waits: the next meeting scheduled, a
    refresh of an agenda or the sweep places it (selectors.agenda_candidates)."""
    now = timezone.now()
    meeting = meeting_next(as_of=now)
    if (
        meeting is None
        or AgendaItem.objects.filter(meeting=meeting, incident=appeal.incident_id).exists()
    ):
        return None
    item = AgendaItem.objects.create(
        meeting=meeting, incident_id=appeal.incident_id, reason=AgendaReason.APPEAL, added_at=now
    )
    audit_record(
        **placed_on_agenda(
            meeting=meeting,
            reason=AgendaReason.APPEAL,
            subject_type=SUBJECT_TYPE,
            subject_id=appeal.incident_id,
            subject_ref=appeal.incident.reference,
            status=appeal.incident.status,
            actor=actor,
        )
    )
    return item


def appeal_item_decide(*, actor, item: AgendaItem, decision: str, minutes: str) -> None:
    """The meeting upholds or overturns the appeal on this item (the caller holds the
    item's lock and records the item's own minutes); the claim takes the outcome."""
    appeal = item.incident.appeals.get()
    appeal_decide(
        actor=actor,
        appeal=appeal,
        decision=decision,
        minutes=minutes,
        meeting_label=str(item.meeting),
    )
    item.incident.refresh_from_db(fields=["status", "outcome", "appeal_status"])
    item.decision_outcome = item.incident.outcome
