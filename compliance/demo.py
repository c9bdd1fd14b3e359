"""Demo compliance data for `seed_demo`: commitments with milestones for both parties,
action reports in every state and referrals in every state, written in bulk.

Without --claims, a small set is added once (a second run adds nothing); with
--claims N, N / 100 commitments and N / 10 referrals are added alongside the claims.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Party, User
from audit.services import audit_record_many
from incidents import seed_data as claim_places
from verification.statuses import Status

from .models import (
    ActionReport,
    Commitment,
    CommitmentKind,
    Milestone,
    ReferenceSequence,
    Referral,
    ReferralStatus,
    TargetKind,
    Urgency,
)
from .penalties.demo import seed_penalties
from .reference_data import reference_data_load

# What each party is typically asked to do: kind, description, unit (blank: done / not
# done), target range.
COMMITMENTS = {
    "AFG": [
        ("raid", "Raid the compounds on the agreed list in Kunar and Nangarhar.", "raids", (6, 14)),
        ("arrest_or_expel", "Arrest or expel the listed TTP commanders.", "persons", (4, 10)),
        (
            "destroy_safe_houses",
            "Destroy the listed safe houses in Paktika.",
            "safe houses",
            (8, 20),
        ),
        ("dismantle_sanctuary", "Dismantle the training camp near Barmal.", "", (1, 1)),
        ("border_control", "Deploy border units at the listed crossing points.", "posts", (5, 12)),
    ],
    "PAK": [
        ("border_control", "Reopen the Torkham and Chaman crossings to trade daily.", "", (1, 1)),
        ("financing_measure", "Freeze the accounts of the listed entities.", "accounts", (10, 30)),
        ("arrest_or_expel", "Hand over the persons on the agreed list.", "persons", (2, 6)),
        ("raid", "Raid the listed hideouts in Kurram and Bajaur.", "raids", (4, 10)),
    ],
}
SESSIONS = ["Doha, 19 Oct 2025", "Istanbul, 30 Oct 2025", "Istanbul, 6 Nov 2025"]
REPORT_STATES = [
    (Status.DRAFT, 1),
    (Status.SUBMITTED, 2),
    (Status.UNDER_REVIEW, 2),
    (Status.DISPUTED, 1),
    (Status.VERIFIED, 6),
    (Status.NOT_VERIFIED, 1),
    (Status.INCONCLUSIVE, 1),
    (Status.WITHDRAWN, 1),
]
REFERRAL_SUBJECTS = [
    ("Commander sheltering at a compound", "Raid the compound and detain the occupants."),
    ("Weapons cache near the border", "Seize the cache and report its contents."),
    ("Recruitment cell at a madrasa annex", "Close the annex and question its organisers."),
    ("Vehicle convoy moving towards the crossing", "Stop and search the convoy."),
    ("Safe house used for IED assembly", "Search and destroy the safe house."),
]


DECIDED = (Status.VERIFIED, Status.NOT_VERIFIED, Status.INCONCLUSIVE)
GRADES = ("confirmed", "probable", "possible")
# A verified report's intent as the co-chairs found it; now and then theirs differ.
INTENTS = ("deliberate", "accidental", "accidental", "undetermined", "differing")


class _References:
    """Next numbers per (prefix, party, year), saved back once: the bulk path of
    common.services.next_reference, inside the caller's transaction."""

    def __init__(self):
        self.counters = {
            (s.prefix, s.party_id, s.year): s.last
            for s in ReferenceSequence.objects.select_for_update()
        }

    def next(self, prefix, party, year):
        key = (prefix, party.pk, year)
        self.counters[key] = self.counters.get(key, 0) + 1
        return f"{prefix}-{party.code}-{year}-{self.counters[key]:04d}"

    def save(self):
        for (prefix, party_id, year), last in self.counters.items():
            ReferenceSequence.objects.update_or_create(
                prefix=prefix, party_id=party_id, year=year, defaults={"last": last}
            )


def _imported(objects, subject_type, actor_of, status_of):
    audit_record_many(
        [
            {
                "actor": actor_of(o),
                "action": "imported",
                "subject_type": subject_type,
                "subject_id": o.pk,
                "subject_ref": o.reference,
                "to_status": status_of(o),
                "payload": {"source": "seed_demo"},
            }
            for o in objects
        ]
    )


def seed_reference_data() -> dict[str, int]:
    """The kinds, urgencies and penalty measures (compliance.reference_data)."""
    return reference_data_load()


def seed_compliance(*, claims: int = 0, seed: int = 2025, log=None) -> dict:
    """Add demo commitments, milestones, action reports and referrals. Returns counts."""
    seed_reference_data()
    if not claims and Commitment.objects.exists():
        return {"commitments": 0, "action_reports": 0, "referrals": 0, "penalties": 0}
    rng = random.Random(seed + 9)  # nosec B311  # demo data, not secrets
    parties = {p.code: p for p in Party.objects.all()}
    officers = {
        u.party_id: u for u in User.objects.filter(role="officer").order_by("pk") if u.party_id
    }
    secretariat = User.objects.filter(role="secretariat").order_by("pk").first()
    if secretariat is None or len(officers) < 2:
        raise RuntimeError("Run seed_demo first: it creates the demo users.")
    kinds = {k.code: k for k in CommitmentKind.objects.all()}
    urgencies = list(Urgency.objects.all())
    commitment_count = max(claims // 100, len(COMMITMENTS["AFG"]) + len(COMMITMENTS["PAK"]))
    referral_count = max(claims // 10, 12)
    now = timezone.now()
    today = now.date()
    with transaction.atomic():
        refs = _References()
        commitments, milestones = [], []
        templates = [
            (code, t) for code in sorted(COMMITMENTS) if code in parties for t in COMMITMENTS[code]
        ]
        for i in range(commitment_count):
            code, (kind, description, unit, (low, high)) = templates[i % len(templates)]
            party = parties[code]
            session_date = today - timedelta(days=rng.randint(20, 120))
            due = session_date + timedelta(days=rng.randint(45, 180))
            target = rng.randint(low, high)
            commitment = Commitment(
                reference=refs.next("CMT", party, session_date.year),
                party=party,
                session_label=rng.choice(SESSIONS),
                session_date=session_date,
                agreement_clause=f"Art. 5({'abcde'[i % 5]})",
                kind=kinds[kind],
                description=description,
                target_kind=TargetKind.QUANTITY if unit else TargetKind.DONE,
                target_quantity=target if unit else 1,
                unit=unit,
                due_date=due,
                created_by=secretariat,
            )
            commitments.append(commitment)
        Commitment.objects.bulk_create(commitments, batch_size=2000)
        for c in commitments:
            steps = 3 if c.target_quantity >= 6 else 1
            span = (c.due_date - c.session_date).days
            for n in range(1, steps + 1):
                milestones.append(
                    Milestone(
                        commitment=c,
                        due_date=c.session_date + timedelta(days=span * n // steps),
                        quantity=max(1, c.target_quantity * n // steps),
                    )
                )
        Milestone.objects.bulk_create(milestones, batch_size=2000)

        states = [s for s, w in REPORT_STATES for _ in range(w)]
        reports = []
        for c in commitments:
            for _ in range(rng.randint(1, 5)):
                status = rng.choice(states)
                span = max(1, (min(today, c.due_date) - c.session_date).days)
                action_date = c.session_date + timedelta(days=rng.randint(1, span))
                action_date = min(action_date, today)
                place = rng.choice(
                    [p for p in claim_places.PLACES if p[0] == c.party.code] or claim_places.PLACES
                )
                submitted = (
                    None if status == Status.DRAFT else now - timedelta(days=rng.randint(1, 20))
                )
                reports.append(
                    ActionReport(
                        reference=refs.next("ACT", c.party, action_date.year),
                        commitment=c,
                        party=c.party,
                        other_party=next(p for p in parties.values() if p.pk != c.party_id),
                        status=status,
                        action_date=action_date,
                        latitude=Decimal(f"{place[5]:.5f}"),
                        longitude=Decimal(f"{place[6]:.5f}"),
                        place_name=place[1],
                        province=place[2],
                        quantity=rng.randint(1, max(1, c.target_quantity // 3)),
                        narrative=f"{c.kind.label} near {place[1]}: {c.description}",
                        submitted_at=submitted,
                        outcome=status if status in DECIDED else "",
                        grade=rng.choice(GRADES) if status in DECIDED else "",
                        # By turn, not from rng: the states drawn stay those seeded before.
                        intent=INTENTS[len(reports) % len(INTENTS)]
                        if status == Status.VERIFIED
                        else "",
                        closed_at=submitted
                        if status in (Status.VERIFIED, Status.NOT_VERIFIED, Status.WITHDRAWN)
                        else None,
                        created_by=officers[c.party_id],
                    )
                )
        ActionReport.objects.bulk_create(reports, batch_size=2000)

        referrals = []
        codes = sorted(parties)
        answerable = {p.pk: [] for p in parties.values()}
        for r in reports:
            if r.status != Status.WITHDRAWN:
                answerable[r.party_id].append(r)
        for i in range(referral_count):
            sender = parties[codes[i % len(codes)]]
            receiver = parties[codes[(i + 1) % len(codes)]]
            urgency = rng.choice(urgencies)
            sent = now - timedelta(hours=rng.randint(1, 40 * 24))
            status = rng.choice(list(ReferralStatus))
            subject, action = rng.choice(REFERRAL_SUBJECTS)
            referral = Referral(
                reference=refs.next("REF", sender, sent.year),
                from_party=sender,
                to_party=receiver,
                status=status,
                subject=subject,
                requested_action=action,
                urgency=urgency,
                sent_at=sent,
                acknowledge_due_at=sent + urgency.acknowledge_window,
                action_due_at=sent + urgency.action_window,
                created_by=officers[sender.pk],
            )
            if status != ReferralStatus.SENT:
                late = rng.random() < 0.25
                window = urgency.acknowledge_window * (1.5 if late else 0.5)
                referral.acknowledged_at = min(now, sent + window)
                referral.acknowledged_by = officers[receiver.pk]
            if status == ReferralStatus.RESPONDED:
                referral.responded_at = min(
                    now, referral.acknowledged_at + timedelta(hours=rng.randint(1, 48))
                )
                referral.responded_by = officers[receiver.pk]
                own = answerable[receiver.pk]
                if own and rng.random() < 0.5:
                    referral.response_action_report = rng.choice(own)
                else:
                    referral.response_answer = "Searched the location; nothing found."
            referrals.append(referral)
        Referral.objects.bulk_create(referrals, batch_size=2000)
        refs.save()

        _imported(commitments, "commitment", lambda c: secretariat.pk, lambda c: "")
        _imported(reports, "action_report", lambda r: r.created_by_id, lambda r: r.status)
        _imported(referrals, "referral", lambda r: r.created_by_id, lambda r: r.status)
        penalties = seed_penalties(claims=claims, seed=seed, refs=refs, log=log)
        refs.save()
    if log:
        log(
            f"Compliance: {len(commitments)} commitments, {len(reports)} action reports, "
            f"{len(referrals)} referrals."
        )
    return {
        "commitments": len(commitments),
        "action_reports": len(reports),
        "referrals": len(referrals),
        "penalties": penalties,
    }
