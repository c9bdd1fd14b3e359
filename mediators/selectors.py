"""Reads for review meetings: the next meeting and what belongs on an agenda."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from incidents.models import Incident, Status
from verification.models import Reply

from .models import AgendaItem, AgendaReason, MeetingStatus, ReviewMeeting

LONG_OVERDUE = timedelta(days=7)


def meeting_next(*, as_of=None) -> ReviewMeeting | None:
    as_of = as_of or timezone.now()
    return (
        ReviewMeeting.objects.filter(status=MeetingStatus.SCHEDULED, scheduled_for__gte=as_of)
        .order_by("scheduled_for", "pk")
        .first()
    )


def _not_on_open_agenda():
    return ~Exists(
        AgendaItem.objects.filter(
            incident=OuterRef("pk"),
            decided_at__isnull=True,
            meeting__status=MeetingStatus.SCHEDULED,
        )
    )


def agenda_candidates(*, as_of=None) -> dict[str, list[int]]:
    """Claim ids per agenda reason: disputed, overdue, awaiting reply (not yet on an open agenda)."""
    as_of = as_of or timezone.now()
    free = Incident.objects.filter(_not_on_open_agenda())
    disputed = free.filter(status=Status.DISPUTED)
    overdue = free.overdue().exclude(status=Status.DISPUTED)
    awaiting = (
        free.filter(
            status=Status.UNDER_REVIEW, reply_due_at__gt=as_of, reply_overdue_at__isnull=True
        )
        .filter(~Exists(Reply.objects.filter(incident=OuterRef("pk"))))
        .exclude(pk__in=overdue.values("pk"))
    )
    return {
        AgendaReason.DISPUTED: list(disputed.values_list("pk", flat=True)),
        AgendaReason.OVERDUE: list(overdue.values_list("pk", flat=True)),
        AgendaReason.AWAITING_REPLY: list(awaiting.values_list("pk", flat=True)),
    }


def escalation_candidates(*, as_of) -> dict[str, list[int]]:
    """What the sweep puts on the next agenda: disputed claims, and claims overdue for
    more than seven days."""
    cutoff = as_of - LONG_OVERDUE
    free = Incident.objects.filter(_not_on_open_agenda())
    long_overdue = (
        free.overdue()
        .filter(
            Q(assignment_overdue_at__isnull=False, assignment_due_at__lte=cutoff)
            | Q(reply_overdue_at__isnull=False, reply_due_at__lte=cutoff)
            | Q(findings_overdue_at__isnull=False, findings_due_at__lte=cutoff)
        )
        .exclude(status=Status.DISPUTED)
    )
    return {
        AgendaReason.DISPUTED: list(
            free.filter(status=Status.DISPUTED).values_list("pk", flat=True)
        ),
        AgendaReason.OVERDUE: list(long_overdue.values_list("pk", flat=True)),
    }


def meeting_agenda(meeting: ReviewMeeting):
    return meeting.items.select_related(
        "incident", "incident__reporting_party", "incident__accused_party", "incident__category"
    ).order_by("reason", "incident__reference")
