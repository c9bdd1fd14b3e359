"""Reads for the review: findings as each viewer may see them, the reviewer's queue, the timeline."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import CoChair, Role
from audit.models import AuditEvent

from .review import REVIEWABLES, reviewable_of
from .statuses import DECIDED_STATUSES, OPEN_STATUSES, Status
from .sweep.deadlines import DEADLINES


def _findings_open_to_all(record) -> bool:
    return record.status in (*DECIDED_STATUSES, Status.DISPUTED)


def finding_visible_to(*, user, incident, cochair_code: str) -> bool:
    """The one rule for a co-chair's finding (and who recorded it): open to all once both
    are in; before that, to the secretariat and to that co-chair's own reviewers."""
    if _findings_open_to_all(incident) or user.role == Role.SECRETARIAT:
        return True
    return user.role == Role.REVIEWER and user.cochair.code == cochair_code


def findings_visible_to(*, user, incident):
    """Both co-chairs' findings once both are in (the record has left under_review); before
    that, a reviewer sees only its own co-chair's, the secretariat sees both, parties none."""
    findings = reviewable_of(incident).findings(incident).select_related("cochair", "reviewer")
    if _findings_open_to_all(incident) or user.role == Role.SECRETARIAT:
        return findings
    if user.role == Role.REVIEWER:
        return findings.filter(cochair_id=user.cochair_id)
    return findings.none()


@dataclass(frozen=True)
class Intents:
    """Both co-chairs' intents on a verified violation, side by side."""

    rows: list  # [(co-chair, intent label)]
    differ: bool  # shown, not a dispute: the outcome stands


def intents_side_by_side(findings) -> Intents | None:
    """The co-chairs' intents from findings as the viewer sees them: only once both
    findings are visible to the viewer (the first one's intent is withheld with it) and
    one says an intent."""
    findings = list(findings)
    if len(findings) < 2 or not any(f.intent for f in findings):
        return None
    return Intents(
        rows=[(f.cochair.name, f.get_intent_display() or "—") for f in findings],
        differ=len({f.intent for f in findings}) > 1,
    )


def reviewer_queue(*, user, reviewable):
    """Records of this kind assigned to this reviewer that still need its co-chair's
    finding, overdue first, then by the nearest findings deadline."""
    model = reviewable.model
    if user.role != Role.REVIEWER:
        return model.objects.none()
    overdue_first = Case(
        When(findings_overdue_at__isnull=False, then=Value(0)),
        When(reply_overdue_at__isnull=False, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    assignments = reviewable.related_name(reviewable.assignment_model)
    findings = reviewable.related_name(reviewable.finding_model)
    return (
        reviewable.visible_to(user)
        .filter(
            status=Status.UNDER_REVIEW,
            **{f"{assignments}__reviewer": user, f"{assignments}__ended_at__isnull": True},
        )
        .exclude(**{f"{findings}__cochair_id": user.cochair_id})
        .select_related(*reviewable.select_related)
        .annotate(overdue_rank=overdue_first)
        .order_by("overdue_rank", F("findings_due_at").asc(nulls_last=True), "pk")
    )


def open_records_with_assignments(*, user, reviewable, unassigned_only: bool = False):
    """Open records of this kind as `user` sees them, each with its active assignments
    (`active_assignments`), by assignment deadline."""
    active = reviewable.assignment_model.objects.filter(ended_at__isnull=True).select_related(
        "cochair", "reviewer"
    )
    records = (
        reviewable.visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .select_related(*reviewable.select_related)
        .prefetch_related(
            Prefetch(
                reviewable.related_name(reviewable.assignment_model),
                queryset=active,
                to_attr="active_assignments",
            )
        )
        .order_by("assignment_due_at", "pk")
    )
    if unassigned_only:
        records = records.filter(status=Status.SUBMITTED)
    return records


# Events that name a co-chair's reviewer before both findings are in.
FINDING_EVENTS = {"finding_recorded"}


def incident_timeline(incident, *, user) -> list[AuditEvent]:
    """The record's audit events in order, as `user` may read them (the page's timeline
    and the API's events/). An event that would tell which co-chair has recorded its
    finding is `withheld` from those who may not yet see that finding: its actor and
    payload are not shown, nor its hash (two co-chairs and a few reviewers are few enough
    to try every combination against it), nor the next event's link to that hash."""
    subject_type = reviewable_of(incident).subject_type
    events = list(AuditEvent.objects.for_subject(subject_type, incident.pk).select_related("actor"))
    for event in events:
        event.withheld = _finding_event_withheld(event, incident, user)
    withheld_hashes = {e.hash for e in events if e.withheld}
    # The chain is global: an event's predecessor may be another record's finding event.
    own = {e.sequence for e in events}
    before = {e.sequence - 1 for e in events} - own
    if before:
        for other in AuditEvent.objects.filter(sequence__in=before, action__in=FINDING_EVENTS):
            record = _reviewed_record(other)
            if record is not None and _finding_event_withheld(other, record, user):
                withheld_hashes.add(other.hash)
    for event in events:
        event.prev_withheld = event.prev_hash in withheld_hashes
    return events


def review_event_visible_to(user, event: AuditEvent) -> bool:
    """Whether `user` may read this event of a reviewed record, as its timeline would show
    it (registered with audit.visibility for each reviewable subject type): the record
    must be visible to the user, and a co-chair's finding event not withheld."""
    for reviewable in REVIEWABLES.values():
        if reviewable.subject_type == event.subject_type:
            record = reviewable.visible_to(user).filter(pk=event.subject_id).first()
            return record is not None and not _finding_event_withheld(event, record, user)
    return False


def _reviewed_record(event: AuditEvent):
    for reviewable in REVIEWABLES.values():
        if reviewable.subject_type == event.subject_type:
            return reviewable.model.objects.filter(pk=event.subject_id).first()
    return None


def _finding_event_withheld(event: AuditEvent, incident, user) -> bool:
    withheld = reviewable_of(incident).event_withheld
    if withheld is not None and withheld(event, user):
        return True
    return event.action in FINDING_EVENTS and not finding_visible_to(
        user=user, incident=incident, cochair_code=(event.payload or {}).get("cochair")
    )


def assignments_active(incident):
    return (
        reviewable_of(incident)
        .assignments(incident, ended_at__isnull=True)
        .select_related("cochair", "reviewer")
    )


def reply_for(incident):
    return reviewable_of(incident).replies(incident).first()


def reply_window_open(record, *, now=None) -> bool:
    """Whether the answering party may still reply: its window is open and not closed
    by the sweep."""
    now = now or timezone.now()
    return (
        record.reply_due_at is not None
        and record.reply_overdue_at is None
        and now <= record.reply_due_at
    )


def findings_open_at(record):
    """From when a finding (or a meeting's decision) can be recorded on the record: when
    the answering party replied, else when its reply window closes (None when the record
    has no reply window yet)."""
    return record.replied_at or record.reply_due_at


def findings_open(record, *, now=None) -> bool:
    """Whether the right of reply has been given: the reply is filed, or its window is
    no longer open."""
    return record.replied_at is not None or not reply_window_open(record, now=now)


@dataclass(frozen=True)
class RightOfReply:
    """Where the answering party's right of reply stands, as the pages say it."""

    window_open: bool  # the party may still reply (open record, no reply, window open)
    findings_open_at: datetime | None  # from when a finding can be recorded
    findings_open: bool  # a finding can be recorded now


def right_of_reply(record, *, now=None) -> RightOfReply:
    now = now or timezone.now()
    return RightOfReply(
        window_open=record.status in OPEN_STATUSES
        and record.replied_at is None
        and reply_window_open(record, now=now),
        findings_open_at=findings_open_at(record),
        findings_open=findings_open(record, now=now),
    )


def with_right_of_reply(records, *, now=None) -> list:
    """The records, each carrying its `right_of_reply` (the reviewer's queues)."""
    now = now or timezone.now()
    records = list(records)
    for record in records:
        record.right_of_reply = right_of_reply(record, now=now)
    return records


# Counts for the operators' metrics (/metrics), read at each scrape: one aggregate query each.


def open_counts_by_status(*, reviewable) -> dict[str, int]:
    """Open records of this kind by status, every open status named (0 when none)."""
    rows = (
        reviewable.model.objects.filter(status__in=OPEN_STATUSES)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {**{str(status): 0 for status in OPEN_STATUSES}, **dict(rows)}


def overdue_counts(*, reviewable) -> dict[str, int]:
    """Records of this kind that the sweep flagged overdue and that still wait, by deadline
    (assignment, reply, findings): flagged, and still in one of the deadline's statuses."""
    return reviewable.model.objects.aggregate(
        **{
            deadline.name: Count(
                "pk",
                filter=Q(status__in=deadline.statuses, **{f"{deadline.flag_field}__isnull": False}),
            )
            for deadline in DEADLINES
        }
    )


def queue_lengths(*, reviewable) -> dict[str, int]:
    """How many records of this kind wait for each co-chair's finding, by co-chair code:
    under review, assigned to one of its reviewers, no finding of that co-chair yet (what
    `reviewer_queue` lists, summed over the co-chair's reviewers, each record once)."""
    link = reviewable.link
    finding = reviewable.finding_model.objects.filter(
        **{link: OuterRef(link)}, cochair=OuterRef("cochair")
    )
    waiting = (
        reviewable.assignment_model.objects.filter(
            ~Exists(finding),
            cochair=OuterRef("pk"),
            ended_at__isnull=True,
            **{f"{link}__status": Status.UNDER_REVIEW},
        )
        .order_by()
        .values("cochair")
        .annotate(n=Count(link, distinct=True))
        .values("n")
    )
    rows = CoChair.objects.annotate(n=Coalesce(Subquery(waiting), 0)).values_list("code", "n")
    return dict(rows)
