"""Writes to the compliance items on a review meeting's agenda."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import CommonError, ServiceError, validation_error
from mediators.models import MeetingStatus
from verification import services as review
from verification.error_codes import ReviewError
from verification.statuses import Status

from ..action_reports.services import ACTION_REPORT
from ..commitments.services import COMMITMENT
from ..common.services import audit_event, require_secretariat
from ..penalties.appeals import penalty_decide_at_meeting
from ..referrals.services import REFERRAL
from .models import AgendaEntry


def agenda_entry_decide(
    *, actor, entry, minutes: str, outcome: str = "", grade: str = "", intent: str = ""
):
    """Record the meeting's decision on a compliance agenda entry. A disputed action report
    takes the decided outcome through the claims' meeting decision; other entries record
    minutes on their subject's timeline.

    Locks the entry; raises PERMISSION_DENIED, ILLEGAL_TRANSITION (meeting closed),
    ALREADY_RECORDED or VALIDATION_ERROR."""
    require_secretariat(actor)
    with transaction.atomic():
        entry = (
            AgendaEntry.objects.select_for_update(of=("self",))
            .select_related("meeting", "commitment", "referral", "action_report", "penalty_case")
            .get(pk=entry.pk)
        )
        if entry.meeting.status != MeetingStatus.SCHEDULED:
            raise ServiceError(CommonError.ILLEGAL_TRANSITION, _("This meeting is closed."))
        if entry.decided_at is not None:
            raise ServiceError(ReviewError.ALREADY_RECORDED, _("This item is already decided."))
        minutes = (minutes or "").strip()
        if not minutes:
            raise validation_error({"minutes": _("Record the minutes of the decision.")})
        report = entry.action_report
        case = entry.penalty_case
        if case is not None and outcome:
            penalty_decide_at_meeting(
                actor=actor, case=case, meeting=entry.meeting, outcome=outcome, minutes=minutes
            )
        elif report is not None and report.status == Status.DISPUTED:
            review.review_decide_at_meeting(
                actor=actor,
                record=report,
                outcome=outcome,
                grade=grade,
                minutes=minutes,
                meeting_label=str(entry.meeting),
                intent=intent,
            )
        elif outcome:
            raise validation_error(
                {
                    "outcome": _(
                        "Only a disputed action report or a split or appealed penalty "
                        "takes an outcome at the meeting."
                    )
                }
            )
        else:
            subject = entry.commitment or entry.referral or report or case
            subject_type = (
                COMMITMENT
                if entry.commitment
                else REFERRAL
                if entry.referral
                else ACTION_REPORT
                if report
                else "penalty_case"
            )
            audit_event(
                subject,
                subject_type=subject_type,
                actor=actor,
                action="meeting_minutes",
                from_status=getattr(subject, "status", ""),
                to_status=getattr(subject, "status", ""),
                payload={"meeting": entry.meeting_id, "minutes": minutes},
            )
        entry.minutes = minutes
        entry.decided_by = actor
        entry.decided_at = timezone.now()
        entry.save()
        return entry
