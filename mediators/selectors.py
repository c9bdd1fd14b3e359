"""Reads for review meetings: the next meeting and what belongs on an agenda."""

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.loaders import load_visible_or_404
from incidents.models import AccessDenial, AppealStatus, Incident, Reply
from verification.statuses import Status
from verification.sweep import DEADLINES

from .models import AgendaItem, AgendaReason, MeetingStatus, ReviewMeeting

LONG_OVERDUE = timedelta(days=7)


def meeting_get(*, user, meeting_id) -> ReviewMeeting | None:
    """A meeting by id; who may see meetings at all is the pages' and API's permission."""
    return ReviewMeeting.objects.filter(pk=meeting_id).first()


def meeting_or_404(request, meeting_id) -> ReviewMeeting:
    return load_visible_or_404(
        meeting_get, user=request.user, noun="meeting", meeting_id=meeting_id
    )


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


def _denial_not_yet_on_an_agenda():
    """The claim has an access denial recorded after it was last placed on any agenda:
    each denial reaches one meeting."""
    return Exists(
        AccessDenial.objects.filter(incident=OuterRef("pk")).filter(
            ~Exists(
                AgendaItem.objects.filter(
                    incident=OuterRef("incident"), added_at__gte=OuterRef("recorded_at")
                )
            )
        )
    )


def agenda_candidates(*, as_of=None) -> dict[str, list[int]]:
    """Claim ids per agenda reason: disputed, overdue, access denied, awaiting reply (not
    yet on an open agenda); each claim under one reason, the first that applies."""
    as_of = as_of or timezone.now()
    free = Incident.objects.filter(_not_on_open_agenda())
    disputed = free.filter(status=Status.DISPUTED)
    overdue = free.overdue().exclude(status=Status.DISPUTED)
    denied = (
        free.filter(_denial_not_yet_on_an_agenda())
        .exclude(status=Status.DISPUTED)
        .exclude(pk__in=overdue.values("pk"))
    )
    awaiting = (
        free.filter(
            status=Status.UNDER_REVIEW, reply_due_at__gt=as_of, reply_overdue_at__isnull=True
        )
        .filter(~Exists(Reply.objects.filter(incident=OuterRef("pk"))))
        .exclude(pk__in=overdue.values("pk"))
        .exclude(pk__in=denied.values("pk"))
    )
    return {
        AgendaReason.DISPUTED: list(disputed.values_list("pk", flat=True)),
        AgendaReason.OVERDUE: list(overdue.values_list("pk", flat=True)),
        AgendaReason.ACCESS_DENIED: list(denied.values_list("pk", flat=True)),
        AgendaReason.AWAITING_REPLY: list(awaiting.values_list("pk", flat=True)),
        AgendaReason.APPEAL: _appeals_waiting(free),
    }


def _appeals_waiting(free) -> list[int]:
    """Claims whose appeal waits for a meeting (not on an open agenda)."""
    return list(free.filter(appeal_status=AppealStatus.PENDING).values_list("pk", flat=True))


def escalation_candidates(*, as_of) -> dict[str, list[int]]:
    """What the sweep puts on the next agenda: disputed claims, and claims whose deadline
    passed more than seven days ago. Read from the deadlines themselves (as the sweep
    defines them), not from flags, so a dry run announces what the real run does."""
    cutoff = as_of - LONG_OVERDUE
    free = Incident.objects.filter(_not_on_open_agenda())
    long_overdue = Q(pk__in=[])
    for kind in DEADLINES:
        passed = kind.filter(Incident.objects.all(), as_of=cutoff)
        long_overdue |= Q(pk__in=passed.values("pk"))
    long_overdue = free.filter(long_overdue).exclude(status=Status.DISPUTED)
    return {
        AgendaReason.DISPUTED: list(
            free.filter(status=Status.DISPUTED).values_list("pk", flat=True)
        ),
        AgendaReason.OVERDUE: list(long_overdue.values_list("pk", flat=True)),
        # A denial goes to the next meeting at once, not after seven days.
        AgendaReason.ACCESS_DENIED: list(
            free.filter(_denial_not_yet_on_an_agenda())
            .exclude(status=Status.DISPUTED)
            .exclude(pk__in=long_overdue.values("pk"))
            .values_list("pk", flat=True)
        ),
        AgendaReason.APPEAL: _appeals_waiting(free),
    }


def meeting_agenda(meeting: ReviewMeeting):
    return meeting.items.select_related(
        "incident", "incident__reporting_party", "incident__accused_party", "incident__category"
    ).order_by("reason", "incident__reference")
