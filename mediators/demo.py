"""seed_demo's appeals: the three most recently decided claims (still in their appeal
window) appealed by the party each finding went against, through the services: one
overturned and one upheld at a review meeting, one pending on its agenda. Registered
from AppConfig.ready (incidents.demo.register_extension)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from incidents.appeals.models import Appeal
from incidents.appeals.permissions import appeal_due_at, party_found_against
from incidents.appeals.services import appeal_file
from incidents.models import Incident
from verification.statuses import Status

from .models import AgendaReason, ReviewMeeting
from .services import agenda_item_decide

# The meeting's decision on each appeal, in order; "" leaves it pending on the agenda.
DECISIONS = [
    (
        "overturn",
        "The sector command's log, attached to the appeal, was not before the co-chairs at first.",
        "The log shows the fire's direction. Finding overturned.",
    ),
    (
        "uphold",
        "The crater photographs were taken a day before the alleged strike.",
        "The photographs' metadata matches the date of the strike. Finding upheld.",
    ),
    (
        "",
        "The alleged actor was not under our forces' command; the unit's roster shows it.",
        "",
    ),
]


def _appealable(now, count: int) -> list:
    """The most recently decided claims whose appeal window is open an hour more."""
    recent = (
        Incident.objects.filter(
            status__in=(Status.VERIFIED, Status.NOT_VERIFIED),
            closed_at__isnull=False,
            appeal_status="none",
        )
        .select_related("category")
        .order_by("-closed_at", "-pk")[:50]
    )
    return [c for c in recent if appeal_due_at(c) > now + timedelta(hours=1)][:count]


def seed_appeals(*, claims: int = 0, seed: int = 2025, log=None) -> int:
    """Appeal up to three recently decided claims, once; returns how many."""
    if Appeal.objects.exists():
        return 0
    now = timezone.now()
    secretariat = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    officers = {u.party_id: u for u in User.objects.filter(role=Role.OFFICER, party__isnull=False)}
    picked = _appealable(now, len(DECISIONS))
    if secretariat is None or not picked:
        return 0
    with transaction.atomic():
        meeting = ReviewMeeting.objects.create(
            title="Review meeting: appeals",
            scheduled_for=now + timedelta(days=2),
            location="Istanbul",
            created_by=secretariat,
        )
        for claim, (decision, grounds, minutes) in zip(picked, DECISIONS, strict=False):
            officer = officers.get(party_found_against(claim))
            if officer is None:
                continue
            appeal_file(actor=officer, incident=claim, grounds=grounds)
            item = meeting.items.get(incident=claim, reason=AgendaReason.APPEAL)
            if decision:
                agenda_item_decide(
                    actor=secretariat, item=item, minutes=minutes, appeal_decision=decision
                )
    made = Appeal.objects.count()
    if log:
        log(f"Added {made} appeals of final findings (overturned, upheld, pending).")
    return made
