"""Review meetings: scheduling, the generated agenda, and joint decisions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.heads import log_publish_tree_head
from audit.models import SignedTreeHead
from audit.services import audit_record, audit_record_many
from core.errors import CommonError, ServiceError, validation_error
from core.permissions import guard
from incidents.models import Incident
from incidents.services import SUBJECT_TYPE
from verification.error_codes import ReviewError
from verification.permissions import can_manage_meetings
from verification.services import review_decide_at_meeting
from verification.statuses import Status

from .appeals import appeal_item_decide
from .escalation import AGENDA_BATCH, agenda_step, placed_on_agenda
from .models import AgendaItem, AgendaReason, MeetingStatus, ReviewMeeting
from .selectors import agenda_candidates, escalation_candidates, meeting_after, meeting_undecided
from .workflow import MEETING_WORKFLOW


def _require_secretariat(actor):
    guard(can_manage_meetings, actor, detail=_("Only the secretariat manages meetings."))


def _placed_once(candidates: dict[str, list[int]]) -> list[tuple[str, int]]:
    """(reason, claim id) for each candidate claim, under the first reason that names it:
    a claim can answer to two (an appeal waiting and a denial not yet heard), and the
    agenda holds it once."""
    placed: dict[int, str] = {}
    for reason, pks in candidates.items():
        for pk in pks:
            placed.setdefault(pk, reason)
    return [(reason, pk) for pk, reason in placed.items()]


def _add_items(meeting, candidates: dict[str, list[int]], *, actor, now) -> list[AgendaItem]:
    """Add the candidate claims to the meeting's agenda, with one audit event per item.
    A claim already on this meeting's agenda (even decided there) is not added again, nor
    twice for two reasons."""
    placed = _placed_once(candidates)
    if not placed:  # the sweep's usual case: nothing new, and the agenda is not read
        return []
    on_agenda = AgendaItem.objects.filter(meeting=meeting).order_by()
    already = set(on_agenda.values_list("incident_id", flat=True))
    items = [
        AgendaItem(meeting=meeting, incident_id=pk, reason=reason, added_at=now)
        for reason, pk in placed
        if pk not in already
    ]
    if not items:
        return []
    AgendaItem.objects.bulk_create(items, batch_size=AGENDA_BATCH)
    claims = {
        pk: (ref, status)
        for pk, ref, status in Incident.objects.filter(
            pk__in=[i.incident_id for i in items]
        ).values_list("pk", "reference", "status")
    }
    audit_record_many(
        [
            placed_on_agenda(
                meeting=meeting,
                reason=item.reason,
                subject_type=SUBJECT_TYPE,
                subject_id=item.incident_id,
                subject_ref=claims[item.incident_id][0],
                status=claims[item.incident_id][1],
                actor=actor,
            )
            for item in items
        ]
    )
    return items


def meeting_schedule(*, actor, title: str, scheduled_for, location: str = "") -> ReviewMeeting:
    """Schedule a review meeting and generate its agenda: disputed claims, overdue claims,
    and claims awaiting reply that are not already on another open agenda."""
    _require_secretariat(actor)
    errors = {}
    if not (title or "").strip():
        errors["title"] = "Give the meeting a title."
    if scheduled_for is None:
        errors["scheduled_for"] = "Give the date and time."
    elif scheduled_for < timezone.now():
        errors["scheduled_for"] = "A meeting is scheduled in the future."
    if errors:
        raise validation_error(errors)
    with transaction.atomic():
        meeting = ReviewMeeting.objects.create(
            title=title.strip(),
            scheduled_for=scheduled_for,
            location=location.strip(),
            created_by=actor,
        )
        meeting_refresh_agenda(actor=actor, meeting=meeting)
        return meeting


def meeting_refresh_agenda(*, actor, meeting: ReviewMeeting) -> list[AgendaItem]:
    """Add to an open meeting what has become due for review since its agenda was made."""
    _require_secretariat(actor)
    with transaction.atomic():
        meeting = ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)
        MEETING_WORKFLOW.check("refresh_agenda", meeting.status)
        return _add_items(meeting, agenda_candidates(), actor=actor, now=timezone.now())


def agenda_item_decide(
    *,
    actor,
    item: AgendaItem,
    minutes: str,
    outcome: str = "",
    grade: str = "",
    intent: str = "",
    appeal_decision: str = "",
) -> AgendaItem:
    """Record the joint decision on one agenda item. A disputed claim takes the decided
    outcome (and closes; a verified one says its intent); an appeal is upheld or
    overturned (`appeal_decision`, through incidents.appeals); other items record minutes
    only. The accused party's right of reply comes first (REPLY_PENDING)."""
    _require_secretariat(actor)
    with transaction.atomic():
        item = (
            AgendaItem.objects.select_for_update()
            .select_related("meeting", "incident")
            .get(pk=item.pk)
        )
        MEETING_WORKFLOW.check("decide_item", item.meeting.status)
        if item.decided_at is not None:
            raise ServiceError(ReviewError.ALREADY_RECORDED, _("This item is already decided."))
        if item.moved_to_id is not None:
            raise ServiceError(
                ReviewError.AGENDA_ITEM_MOVED, _("This item was moved to a later meeting.")
            )
        if not (minutes or "").strip():
            raise validation_error({"minutes": _("Record the minutes of the decision.")})
        if item.reason == AgendaReason.APPEAL:
            if outcome or grade:
                raise validation_error(
                    {"outcome": _("An appeal is upheld or overturned, not given an outcome.")}
                )
            appeal_item_decide(actor=actor, item=item, decision=appeal_decision, minutes=minutes)
        elif appeal_decision:
            raise validation_error(
                {"appeal_decision": _("Only an appeal is upheld or overturned.")}
            )
        elif item.incident.status == Status.DISPUTED:
            review_decide_at_meeting(
                actor=actor,
                record=item.incident,
                outcome=outcome,
                grade=grade,
                minutes=minutes,
                meeting_label=str(item.meeting),
                intent=intent,
            )
            item.decision_outcome, item.decision_grade = outcome, grade
            item.decision_intent = intent or ""
        elif outcome:
            raise validation_error(
                {"outcome": _("Only a disputed claim takes an outcome at the meeting.")}
            )
        else:
            audit_record(
                actor=actor,
                action="meeting_minutes",
                subject_type=SUBJECT_TYPE,
                subject_id=item.incident_id,
                subject_ref=item.incident.reference,
                from_status=item.incident.status,
                to_status=item.incident.status,
                payload={"meeting": item.meeting_id, "minutes": minutes.strip()},
            )
        item.minutes = minutes.strip()
        item.decided_by = actor
        item.decided_at = timezone.now()
        item.save()
        return item


def _move_items(items, *, source, target, actor, now, action: str) -> list[AgendaItem]:
    """Move locked, undecided `items` of `source` to `target`'s agenda: each is marked
    moved here and placed there under its reason, unless its claim is already on `target`
    (never twice); one audit event per item. Returns the items created on `target`."""
    on_target = set(
        AgendaItem.objects.filter(
            meeting=target, incident_id__in=[i.incident_id for i in items]
        ).values_list("incident_id", flat=True)
    )
    created = [
        AgendaItem(meeting=target, incident_id=i.incident_id, reason=i.reason, added_at=now)
        for i in items
        if i.incident_id not in on_target
    ]
    AgendaItem.objects.bulk_create(created, batch_size=AGENDA_BATCH)
    AgendaItem.objects.filter(pk__in=[i.pk for i in items]).update(moved_to=target)
    audit_record_many(
        [
            dict(
                actor=actor,
                action=action,
                subject_type=SUBJECT_TYPE,
                subject_id=i.incident_id,
                subject_ref=i.incident.reference,
                from_status=i.incident.status,
                to_status=i.incident.status,
                payload={"meeting": source.pk, "to_meeting": target.pk, "reason": i.reason},
            )
            for i in items
        ]
    )
    return created


def _locked_next(meeting) -> ReviewMeeting | None:
    following = meeting_after(meeting)
    if following is None:
        return None
    return ReviewMeeting.objects.select_for_update().get(pk=following.pk)


def agenda_items_defer(*, actor, meeting: ReviewMeeting, item_ids) -> ReviewMeeting:
    """Defer the chosen undecided items of an open meeting to the next scheduled meeting
    (mediators.selectors.meeting_after), which then decides them. Locks both meetings
    (earlier first) and the items; a claim already on the next agenda is not added twice.
    Writes one `agenda_deferred` audit event per item; nothing leaves the database, so
    there is no after-commit step. Returns the next meeting.

    Raises PERMISSION_DENIED, VALIDATION_ERROR (nothing chosen), ILLEGAL_TRANSITION
    (meeting closed), NO_NEXT_MEETING, NOT_FOUND (an item not on this meeting),
    ALREADY_RECORDED (an item decided) or AGENDA_ITEM_MOVED (an item already moved)."""
    _require_secretariat(actor)
    try:
        ids = sorted({int(pk) for pk in item_ids})
    except (TypeError, ValueError):
        ids = []
    if not ids:
        raise validation_error({"items": _("Choose the items to defer.")})
    with transaction.atomic():
        meeting = ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)
        MEETING_WORKFLOW.check("defer_items", meeting.status)
        target = _locked_next(meeting)
        if target is None:
            raise ServiceError(
                ReviewError.NO_NEXT_MEETING,
                _("No later meeting is scheduled: schedule one before deferring items to it."),
            )
        items = list(
            AgendaItem.objects.select_for_update(of=("self",))
            .select_related("incident")
            .filter(meeting=meeting, pk__in=ids)
            .order_by("pk")
        )
        if len(items) != len(ids):
            raise ServiceError(CommonError.NOT_FOUND, _("No such agenda item."))
        decided = [i.incident.reference for i in items if i.decided_at is not None]
        if decided:
            raise ServiceError(
                ReviewError.ALREADY_RECORDED,
                _("Decided items stay with this meeting: %(references)s.")
                % {"references": ", ".join(decided)},
            )
        moved = [i.incident.reference for i in items if i.moved_to_id is not None]
        if moved:
            raise ServiceError(
                ReviewError.AGENDA_ITEM_MOVED,
                _("Already moved to a later meeting: %(references)s.")
                % {"references": ", ".join(moved)},
            )
        _move_items(
            items,
            source=meeting,
            target=target,
            actor=actor,
            now=timezone.now(),
            action="agenda_deferred",
        )
        return target


def meeting_close(*, actor, meeting: ReviewMeeting, minutes: str = "") -> ReviewMeeting:
    """Close a scheduled meeting once it has begun. Locks it (and the next meeting);
    raises ILLEGAL_TRANSITION if already closed, MEETING_NOT_STARTED while its time is
    ahead. Its undecided items carry over to the next scheduled meeting (moved there as
    a deferral is, with a `carried_over` audit event each); with no meeting ahead they
    stay undecided here, on no open agenda, and the next agenda generated takes up
    those still due for review. Once committed, the transparency log's head is signed
    and sent to the parties, so that what the meeting decided is fixed in a head they
    hold (a failure there is logged, and the next daily head covers it)."""
    _require_secretariat(actor)
    with transaction.atomic():
        meeting = ReviewMeeting.objects.select_for_update().get(pk=meeting.pk)
        MEETING_WORKFLOW.check("close", meeting.status, MeetingStatus.CLOSED)
        now = timezone.now()
        if meeting.scheduled_for > now:
            raise ServiceError(
                ReviewError.MEETING_NOT_STARTED,
                _("This meeting has not started yet: close it once it has begun."),
            )
        target = _locked_next(meeting)
        if target is not None:
            undecided = list(
                meeting_undecided(meeting)
                .select_for_update(of=("self",))
                .select_related("incident")
                .order_by("pk")
            )
            _move_items(
                undecided,
                source=meeting,
                target=target,
                actor=actor,
                now=now,
                action="carried_over",
            )
        meeting.status = MeetingStatus.CLOSED
        meeting.minutes = (minutes or "").strip()
        meeting.save()
        transaction.on_commit(
            lambda: log_publish_tree_head(reason=SignedTreeHead.Reason.MEETING), robust=True
        )
        return meeting


def _escalate(meeting, *, as_of, dry_run: bool) -> list[str]:
    """Put disputed, long-overdue and newly access-denied claims not on an open agenda on
    `meeting`'s (what would be put there, on a dry run); their references, in the order
    placed."""
    candidates = escalation_candidates(as_of=as_of, meeting=meeting)
    if dry_run:
        pks = [pk for _reason, pk in _placed_once(candidates)]
    else:
        pks = [item.incident_id for item in _add_items(meeting, candidates, actor=None, now=as_of)]
    refs = dict(Incident.objects.filter(pk__in=pks).values_list("pk", "reference"))
    return [refs[pk] for pk in pks]


# Sweep step: disputed and long-overdue claims go on the next meeting's agenda.
agenda_escalate = agenda_step("agenda", _escalate)
