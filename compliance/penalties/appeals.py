"""Writes to penalty cases after the co-chairs' decisions: the penalised party's appeal
and the review meeting's decision on a split or appealed case. Guard → lock → change →
audit event → notifications, as in .services."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from compliance.penalties.error_codes import PenaltyError
from core.errors import CommonError, ServiceError, validation_error
from mediators.models import MeetingStatus, ReviewMeeting

from ..agenda.models import AgendaEntry
from .models import PenaltyCase, PenaltyStatus
from .services import (
    audit_case,
    check_version,
    clean_text,
    lock_case,
    notify_concerned,
    take_effect,
)
from .workflow import MEETING_OUTCOMES, check_transition


def penalty_appeal(
    *, actor, case: PenaltyCase, grounds: str, version: int | None = None
) -> PenaltyCase:
    """The penalised party appeals, once, before the window closes (`appeal_due_at`, the
    approval time plus the measure's `appeal_days`; at that instant it is closed).

    Locks the case; writes `appealed`; the sweep puts it on the next meeting's agenda.
    Raises PERMISSION_DENIED (not an officer), PENALTY_NOT_PENALISED_PARTY (the other
    party), STALE_VERSION, PENALTY_ALREADY_APPEALED, ILLEGAL_TRANSITION (not in effect),
    PENALTY_APPEAL_WINDOW_CLOSED or VALIDATION_ERROR."""
    if actor.role != Role.OFFICER:
        raise ServiceError(CommonError.PERMISSION_DENIED, _("Only delegation officers appeal."))
    errors: dict[str, list[str]] = {}
    grounds = clean_text(grounds, "grounds", _("Give the grounds of the appeal."), errors)
    with transaction.atomic():
        case = lock_case(case)
        if actor.party_id != case.party_id:
            raise ServiceError(
                PenaltyError.PENALTY_NOT_PENALISED_PARTY, _("Only the penalised party may appeal.")
            )
        check_version(case, version)
        if case.appealed_at is not None:
            raise ServiceError(
                PenaltyError.PENALTY_ALREADY_APPEALED, _("This penalty was already appealed.")
            )
        check_transition("appeal", case.status)
        now = timezone.now()
        if case.appeal_closed_at is not None or now >= case.appeal_due_at:
            raise ServiceError(
                PenaltyError.PENALTY_APPEAL_WINDOW_CLOSED,
                _("The appeal window closed at %(when)s UTC.")
                % {"when": f"{case.appeal_due_at:%Y-%m-%d %H:%M}"},
            )
        if errors:
            raise validation_error(errors)
        before = case.status
        case.status = PenaltyStatus.APPEALED
        case.appealed_at, case.appealed_by, case.appeal_grounds = now, actor, grounds
        case.version += 1
        case.save()
        audit_case(
            case, actor=actor, action="appealed", from_status=before, payload={"grounds": grounds}
        )
        notify_concerned(
            case,
            kind="penalty_appealed",
            params={"party": case.party.name},
        )
        return case


def penalty_decide_at_meeting(
    *,
    actor,
    case: PenaltyCase,
    meeting: ReviewMeeting,
    outcome: str,
    minutes: str,
    version: int | None = None,
) -> PenaltyCase:
    """Record a review meeting's decision: on a split case `approve` (in effect from now,
    the appeal window opens) or `reject`; on an appealed case `uphold` or `overturn`.
    The case's undecided entry on that meeting's agenda, if any, is decided with it.

    Secretariat only (PERMISSION_DENIED). Locks the case; writes `meeting_decision`.
    Raises STALE_VERSION, ILLEGAL_TRANSITION (not split nor appealed; the meeting closed)
    or VALIDATION_ERROR (an outcome that does not fit; no minutes)."""
    if actor.role != Role.SECRETARIAT:
        raise ServiceError(
            CommonError.PERMISSION_DENIED, _("Only the secretariat records meeting decisions.")
        )
    errors: dict[str, list[str]] = {}
    minutes = clean_text(minutes, "minutes", _("Record the minutes of the decision."), errors)
    with transaction.atomic():
        case = lock_case(case)
        check_version(case, version)
        if case.status not in MEETING_OUTCOMES:
            check_transition("decide_split", case.status)  # raises ILLEGAL_TRANSITION
        action, outcomes = MEETING_OUTCOMES[case.status]
        if outcome not in outcomes:
            errors["outcome"] = [
                _("Choose one of: %(choices)s.") % {"choices": ", ".join(outcomes)}
            ]
        if meeting.status != MeetingStatus.SCHEDULED:
            raise ServiceError(CommonError.ILLEGAL_TRANSITION, _("This meeting is closed."))
        if errors:
            raise validation_error(errors)
        before, now = case.status, timezone.now()
        check_transition(action, before, outcomes[outcome])
        if action == "decide_split":
            if outcome == "approve":
                take_effect(case, now)
            else:
                case.status, case.rejected_at = PenaltyStatus.REJECTED, now
            case.split_meeting, case.split_decided_by = meeting, actor
            case.split_decided_at, case.split_minutes = now, minutes
        else:
            case.status = outcomes[outcome]
            case.appeal_meeting, case.appeal_decided_by = meeting, actor
            case.appeal_decided_at, case.appeal_minutes = now, minutes
        case.version += 1
        case.save()
        AgendaEntry.objects.filter(
            meeting=meeting, penalty_case=case, decided_at__isnull=True
        ).update(minutes=minutes, decided_by=actor, decided_at=now)
        payload = {"meeting": meeting.pk, "outcome": outcome, "minutes": minutes}
        if case.appeal_due_at and action == "decide_split" and outcome == "approve":
            payload["appeal_due_at"] = case.appeal_due_at
        audit_case(
            case, actor=actor, action="meeting_decision", from_status=before, payload=payload
        )
        notify_concerned(
            case,
            kind=f"penalty_{case.status}",
            params={"status": case.status, "meeting": str(meeting), "at": "meeting"},
        )
        return case
