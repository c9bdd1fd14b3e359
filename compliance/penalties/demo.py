"""Demo penalty cases for seed_demo: cases in every state against both parties, on the
seeded verified claims and missed commitments, in bulk, each with its audit event."""

import random
from datetime import timedelta

from django.utils import timezone

from accounts.models import CoChair, Party, Role, User
from audit.services import audit_record_many
from incidents.models import Incident
from mediators.models import MeetingStatus, ReviewMeeting
from verification.statuses import Status

from ..commitments.models import Commitment
from .models import (
    APPROVED_PENALTY_STATUSES,
    PenaltyCase,
    PenaltyDecision,
    PenaltyGround,
    PenaltyMeasure,
    PenaltyStatus,
)
from .services import PENALTY_CASE

# Each state a case can be in, and how the co-chairs decided to get there.
STATES = [
    (PenaltyStatus.PROPOSED, ()),
    (PenaltyStatus.PROPOSED, ("approve",)),
    (PenaltyStatus.SPLIT, ("approve", "reject")),
    (PenaltyStatus.IN_EFFECT, ("approve", "approve")),
    (PenaltyStatus.REJECTED, ("reject", "reject")),
    (PenaltyStatus.APPEALED, ("approve", "approve")),
    (PenaltyStatus.UPHELD, ("approve", "approve")),
    (PenaltyStatus.OVERTURNED, ("approve", "approve")),
    (PenaltyStatus.WITHDRAWN, ()),
]
RATIONALES = [
    "Repeated verified cross-border fire on civilian areas in the period under review.",
    "Verified violations of the agreed cessation of fire along the crossings.",
    "Sustained pattern of verified incursions despite the co-chairs' earlier démarche.",
]


def seed_penalties(*, claims: int = 0, seed: int = 2025, refs, log=None) -> int:
    """About one case per thousand claims (at least one per state), inside the caller's
    transaction, numbered by the caller's `refs` (compliance.demo._References)."""
    rng = random.Random(seed + 17)  # nosec B311  # demo data, not secrets
    measures = list(PenaltyMeasure.objects.filter(is_active=True))
    cochairs = list(CoChair.objects.order_by("code"))
    secretariat = User.objects.filter(role=Role.SECRETARIAT).order_by("pk").first()
    reviewers = {u.cochair_id: u for u in User.objects.filter(role=Role.REVIEWER).order_by("-pk")}
    officers = {u.party_id: u for u in User.objects.filter(role=Role.OFFICER).order_by("-pk")}
    parties = list(Party.objects.order_by("code"))
    if not (measures and secretariat and len(reviewers) == len(cochairs) >= 2):
        return 0
    now = timezone.now()
    # The past meeting that decided the seeded appeals.
    meeting = ReviewMeeting.objects.filter(
        scheduled_for__lt=now, scheduled_for__gt=now - timedelta(days=10)
    ).order_by("-scheduled_for").first() or ReviewMeeting.objects.create(
        title="Review meeting (Doha)",
        scheduled_for=now - timedelta(days=7),
        location="Doha",
        status=MeetingStatus.CLOSED,
        minutes="Appeals against penalties examined.",
        created_by=secretariat,
    )
    grounds_of = {}
    for party in parties:
        verified = list(
            Incident.objects.filter(accused_party=party, status=Status.VERIFIED)
            .order_by("-id")
            .values_list("pk", flat=True)[:200]
        )
        missed = list(
            Commitment.objects.filter(party=party, missed_at__isnull=False).values_list(
                "pk", flat=True
            )[:50]
        )
        if verified and party.pk in officers:
            grounds_of[party.pk] = (verified, missed)
    if not grounds_of:
        return 0
    count = max(len(STATES), claims // 1000)
    cases, plans = [], []
    for i in range(count):
        party = [p for p in parties if p.pk in grounds_of][i % len(grounds_of)]
        status, decisions = STATES[i % len(STATES)]
        measure = rng.choice(measures)
        appealed = status in (
            PenaltyStatus.APPEALED,
            PenaltyStatus.UPHELD,
            PenaltyStatus.OVERTURNED,
        )
        # Appeals were lodged before the past meeting that decided them.
        oldest = 40 if appealed else 90
        opened = now - timedelta(days=rng.randint(20, oldest), hours=rng.randint(0, 23))
        case = PenaltyCase(
            reference=refs.next("PEN", party, opened.year),
            party=party,
            measure=measure,
            rationale=rng.choice(RATIONALES),
            status=status,
            opened_by=secretariat,
            opened_at=opened,
        )
        decided = opened + timedelta(days=2)
        if status in APPROVED_PENALTY_STATUSES:
            case.approved_at = decided
            case.appeal_due_at = decided + measure.appeal_window
            if case.appeal_due_at <= now and status == PenaltyStatus.IN_EFFECT:
                # Recent cases keep their window open; older ones were closed by the sweep.
                case.appeal_closed_at = case.appeal_due_at
        if status == PenaltyStatus.REJECTED:
            case.rejected_at = decided
        if appealed:
            case.appealed_at = decided + timedelta(days=3)
            case.appealed_by = officers[party.pk]
            case.appeal_grounds = "The incidents were not carried out by our forces."
        if status in (PenaltyStatus.UPHELD, PenaltyStatus.OVERTURNED):
            case.appeal_meeting, case.appeal_decided_by = meeting, secretariat
            case.appeal_decided_at = meeting.scheduled_for
            case.appeal_minutes = "The meeting examined the appeal and the grounds."
        if status == PenaltyStatus.WITHDRAWN:
            case.withdrawn_at, case.withdrawn_by = decided, secretariat
            case.withdrawal_reason = "The party took the remedial action requested."
        case.version = 1 + len(decisions) + (1 if len(decisions) == 2 else 0)
        cases.append(case)
        plans.append((decisions, decided))
    PenaltyCase.objects.bulk_create(cases, batch_size=2000)

    grounds, rows = [], []
    for case, (decisions, decided) in zip(cases, plans, strict=True):
        verified, missed = grounds_of[case.party_id]
        for pk in rng.sample(verified, min(len(verified), rng.randint(1, 3))):
            grounds.append(PenaltyGround(case=case, incident_id=pk))
        if missed and rng.random() < 0.5:
            grounds.append(PenaltyGround(case=case, commitment_id=rng.choice(missed)))
        for cochair, decision in zip(cochairs, decisions, strict=False):
            rows.append(
                PenaltyDecision(
                    case=case,
                    cochair=cochair,
                    decision=decision,
                    reason="Grounds verified; the measure is proportionate."
                    if decision == "approve"
                    else "The measure is disproportionate to the grounds.",
                    decided_by=reviewers[cochair.pk],
                    decided_at=decided,
                )
            )
    PenaltyGround.objects.bulk_create(grounds, batch_size=2000)
    PenaltyDecision.objects.bulk_create(rows, batch_size=2000)
    audit_record_many(
        [
            {
                "actor": c.opened_by_id,
                "action": "imported",
                "subject_type": PENALTY_CASE,
                "subject_id": c.pk,
                "subject_ref": c.reference,
                "to_status": c.status,
                "payload": {"source": "seed_demo"},
            }
            for c in cases
        ]
    )
    if log:
        log(f"Penalties: {len(cases)} cases.")
    return len(cases)
