"""The daily publication of the audit chain's head to both parties and the secretariat.

Whoever can rewrite the database can rewrite the chain and recompute every hash after
the change. They cannot recall what was already sent: each party's officers and the
secretariat hold, day by day, the sequence and hash the chain had, and anyone can check
that the chain still passes through them (`verify_audit_chain` prints the head; an
event's hash at that sequence must equal the one published that day).
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from core import site_mode
from notifications.services import notify

from .heads import log_publish_tree_head
from .models import ChainHeadPublication, SignedTreeHead
from .services import _lock_head, audit_record, audit_verify_chain

SUBJECT_TYPE = "audit_chain"
KIND = "audit_chain_head"


@dataclass
class Publication:
    record: ChainHeadPublication
    created: bool


def _recipients() -> list[int]:
    return list(
        User.objects.filter(role__in=[Role.OFFICER, Role.SECRETARIAT], is_active=True).values_list(
            "pk", flat=True
        )
    )


def audit_publish_chain_head(*, day: date | None = None) -> Publication:
    """Publish today's head (UTC day) once: verify the chain, then, holding the chain
    head lock, record the head, notify every active officer of every party and the
    secretariat, and append a `chain_head_published` event naming what was sent. The
    same step signs the day's transparency log head (audit.heads), sent to the parties'
    officers, the co-chairs' reviewers and the secretariat.

    Idempotent per day: a second call the same day (or a retry of the beat task) finds
    the day's record under the same lock and sends nothing. A broken chain is still
    published, saying so, so that the parties learn of it the same day.
    """
    day = day or timezone.now().date()
    if ChainHeadPublication.objects.filter(day=day).exists():
        return Publication(ChainHeadPublication.objects.get(day=day), False)
    report = audit_verify_chain()
    # Goes on during a lockdown: it changes no record, and it is how the parties keep
    # checking the log while the mechanism is frozen.
    with transaction.atomic(), site_mode.exempt():
        head = _lock_head()  # serialises publishers, and every writer, until commit
        existing = ChainHeadPublication.objects.filter(day=day).first()
        if existing is not None:
            return Publication(existing, False)
        sequence, digest = head.sequence, head.hash
        # Events appended since the check are vouched for by the next day's check.
        intact = report.ok
        recipients = _recipients()
        now = timezone.now()
        record = ChainHeadPublication.objects.create(
            day=day,
            sequence=sequence,
            hash=digest,
            published_at=now,
            chain_intact=intact,
            recipients=len(recipients),
        )
        notify(
            recipients,
            kind=KIND,
            params={
                "day": day.isoformat(),
                "at": now.isoformat(timespec="seconds"),
                "sequence": sequence,
                "hash": digest,
                "intact": intact,
                **(
                    {}
                    if intact
                    else {"broken": report.broken_sequence, "problem": str(report.problem)}
                ),
            },
            subject_type=SUBJECT_TYPE,
            subject_ref=day.isoformat(),
        )
        audit_record(
            actor=None,
            action="chain_head_published",
            subject_type=SUBJECT_TYPE,
            subject_id=record.pk,
            subject_ref=day.isoformat(),
            payload={
                "sequence": sequence,
                "hash": digest,
                "chain_intact": intact,
                "recipients": len(recipients),
            },
        )
        # Signed after the chain head's own event, so the day's signed head covers it.
        log_publish_tree_head(reason=SignedTreeHead.Reason.DAILY)
    return Publication(record, True)
