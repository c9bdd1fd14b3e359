"""Demo access denials: one that stopped a claim's findings clock and ended when access was
granted (the deadline moved later by the pause), and one still open (the clock stands
still). Recorded through the services, so the trail, the notifications and the agenda see
them as they would a reviewer's. Idempotent."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone

from accounts.models import Role, User
from verification.statuses import Status

from ..links.models import ClaimLink
from ..models import Incident
from .models import AccessDenial
from .services import access_denial_grant, access_denial_record

TIMES = (
    "occurred_at",
    "reported_at",
    "submitted_at",
    "assigned_at",
    "assignment_due_at",
    "reply_due_at",
    "findings_due_at",
    "created_at",
)


def _claims(now):
    """Two claims under review, submitted days ago, whose findings deadline is still ahead.
    Synthetic claims are spread over a year, so few may be that recent: the two most
    recently submitted are moved, every time of theirs by the same amount, to have been
    submitted five days ago (their overdue flags cleared, as nothing is overdue yet)."""
    linked = {pk for pair in ClaimLink.objects.values_list("first_id", "second_id") for pk in pair}
    recent = list(
        Incident.objects.filter(
            status=Status.UNDER_REVIEW,
            findings_paused_at__isnull=True,
            replied_at__isnull=True,
            submitted_at__isnull=False,
        )
        .exclude(pk__in=linked)
        .order_by("-submitted_at", "-pk")[:2]
    )
    for claim in recent:
        shift = now - timedelta(days=5) - claim.submitted_at
        if claim.findings_due_at and claim.findings_due_at + shift <= now + timedelta(days=1):
            continue  # a short findings window: leave it
        reply_due = claim.reply_due_at + shift if claim.reply_due_at else None
        Incident.objects.filter(pk=claim.pk).update(
            **{field: F(field) + shift for field in TIMES if getattr(claim, field)},
            # The flags the sweep would have set by now: no reply came.
            assignment_overdue_at=None,
            reply_overdue_at=reply_due if reply_due and reply_due < now else None,
            findings_overdue_at=None,
        )
    return list(
        Incident.objects.filter(
            pk__in=[c.pk for c in recent],
            findings_due_at__gt=now + timedelta(days=1),
            submitted_at__lte=now - timedelta(days=4),
        )
        .select_related("accused_party")
        .order_by("submitted_at", "pk")
    )


def _deny(actor, claim, *, began_at, denied_by, refused):
    return access_denial_record(
        actor=actor,
        incident=claim,
        data={
            "denying_party": claim.accused_party,
            "began_at": began_at,
            "latitude": claim.latitude,
            "longitude": claim.longitude,
            "place_name": claim.place_name,
            "denied_by": denied_by,
            "refused": refused,
        },
    )


def seed_access_denials(*, claims: int = 0, seed: int = 2025, log=None) -> int:
    if AccessDenial.objects.exists():
        return 0
    now = timezone.now()
    secretariat = User.objects.filter(role=Role.SECRETARIAT, is_active=True).order_by("pk").first()
    picked = _claims(now)
    if secretariat is None or len(picked) < 2:
        return 0
    ended, still_open = picked
    granted = _deny(
        secretariat,
        ended,
        began_at=now - timedelta(days=3),
        denied_by="Border post commander at the crossing",
        refused="Entry to the impact site and the post's duty log for the day.",
    )
    access_denial_grant(actor=secretariat, denial=granted, ended_at=now - timedelta(days=1))
    _deny(
        secretariat,
        still_open,
        began_at=now - timedelta(hours=6),
        denied_by="Checkpoint on the district road",
        refused="Passage to the village; interviews with the wounded.",
    )
    if log:
        log("Added 2 access denials: one ended (its claim's clock extended), one still open.")
    return 2
