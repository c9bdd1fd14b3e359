"""The compliance steps of the deadline sweep (registered with verification.sweep, so the
same `flag_overdue` command and beat job run them, in the same transaction).

Each kind is one bulk step, as for claims: one UPDATE sets the flag on every row whose
clock ran out and that is not flagged yet, one SELECT reads back the rows this run
flagged, one insert appends their audit events and one their notifications. Then the
flagged items not yet on an agenda go on the next meeting's. The number of queries does
not depend on the number of rows, and a second run at the same time changes nothing.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import Party, Role, User
from audit.services import audit_record_many
from mediators.selectors import meeting_next
from notifications.services import notify_many
from verification.statuses import Status

from ..action_reports.models import ActionReport
from ..action_reports.services import ACTION_REPORT
from ..commitments.models import Commitment, Milestone
from ..commitments.selectors import verified_quantity
from ..commitments.services import COMMITMENT
from ..common.selectors import today
from ..penalties.models import PenaltyCase, PenaltyStatus
from ..penalties.services import PENALTY_CASE
from ..penalties.sweep import close_appeal_windows
from ..referrals.models import Referral, ReferralStatus
from ..referrals.services import REFERRAL
from .models import AgendaEntry, AgendaReason

SUBJECT_TYPES = {
    "commitment": COMMITMENT,
    "referral": REFERRAL,
    "action_report": ACTION_REPORT,
    "penalty_case": PENALTY_CASE,
}

# Ids per UPDATE: within SQLite's limit on bound parameters; one statement below that.
UPDATE_BATCH = 30_000


@dataclass(frozen=True)
class ComplianceDeadline:
    name: str
    model: type
    flag_field: str
    subject_type: str
    action: str
    title: str
    agenda_reason: str
    # (queryset, as_of) -> the rows whose clock ran out, flagged or not
    due: Callable[[QuerySet, object], QuerySet]
    # row values: (id, reference, status, party ids to notify, commitment id or None)
    values: tuple[str, ...]


def _milestones_due(queryset, as_of):
    return queryset.filter(
        due_date__lt=today(as_of), quantity__gt=verified_quantity(commitment="commitment")
    )


def _commitments_due(queryset, as_of):
    return queryset.filter(due_date__lt=today(as_of), target_quantity__gt=verified_quantity())


DEADLINES = [
    ComplianceDeadline(
        name="milestones",
        model=Milestone,
        flag_field="missed_at",
        subject_type=COMMITMENT,
        action="flagged_milestone_missed",
        title="{n} commitment milestone(s) missed",
        agenda_reason=AgendaReason.MILESTONE_MISSED,
        due=_milestones_due,
        values=("id", "commitment__reference", "due_date", "commitment__party_id", "commitment_id"),
    ),
    ComplianceDeadline(
        name="commitments",
        model=Commitment,
        flag_field="missed_at",
        subject_type=COMMITMENT,
        action="flagged_commitment_missed",
        title="{n} commitment(s) missed their due date",
        agenda_reason=AgendaReason.COMMITMENT_MISSED,
        due=_commitments_due,
        values=("id", "reference", "due_date", "party_id", "id"),
    ),
    ComplianceDeadline(
        name="referral_acknowledgement",
        model=Referral,
        flag_field="acknowledge_overdue_at",
        subject_type=REFERRAL,
        action="flagged_not_acknowledged",
        title="{n} referral(s) not acknowledged in time",
        agenda_reason=AgendaReason.REFERRAL_UNACKNOWLEDGED,
        due=lambda qs, as_of: qs.filter(status=ReferralStatus.SENT, acknowledge_due_at__lte=as_of),
        values=("id", "reference", "acknowledge_due_at", "to_party_id", "from_party_id"),
    ),
    ComplianceDeadline(
        name="referral_action",
        model=Referral,
        flag_field="action_overdue_at",
        subject_type=REFERRAL,
        action="flagged_no_response",
        title="{n} referral(s) without a response in time",
        agenda_reason=AgendaReason.REFERRAL_NO_RESPONSE,
        due=lambda qs, as_of: qs.filter(
            status__in=[ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED],
            action_due_at__lte=as_of,
        ),
        values=("id", "reference", "action_due_at", "to_party_id", "from_party_id"),
    ),
]


def _people() -> dict:
    people = defaultdict(list)
    for pk, role, party_id in User.objects.filter(
        role__in=[Role.OFFICER, Role.SECRETARIAT], is_active=True
    ).values_list("pk", "role", "party_id"):
        people[party_id if role == Role.OFFICER else "secretariat"].append(pk)
    return people


def _flag(kind: ComplianceDeadline, *, as_of, report, dry_run: bool, people, parties) -> list:
    pending = kind.due(kind.model.objects.filter(**{f"{kind.flag_field}__isnull": True}), as_of)
    if not dry_run:
        # Lock the rows this run flags: a concurrent sweep waits, then finds them flagged.
        pending = pending.select_for_update(of=("self",))
    rows = list(pending.order_by("pk").values_list(*kind.values))
    report.flagged[kind.name] = [r[1] for r in rows]
    if dry_run or not rows:
        return rows
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), UPDATE_BATCH):
        kind.model.objects.filter(pk__in=ids[start : start + UPDATE_BATCH]).update(
            **{kind.flag_field: as_of}
        )
    is_referral = kind.subject_type == REFERRAL
    audit_record_many(
        [
            dict(
                actor=None,
                action=kind.action,
                subject_type=kind.subject_type,
                subject_id=other if not is_referral else pk,
                subject_ref=ref,
                payload={"deadline": kind.name, "due": due, "as_of": as_of},
            )
            for pk, ref, due, _, other in rows
        ]
    )
    recipients: dict[int, list[str]] = defaultdict(list)
    for _, ref, _, party_id, other in rows:
        # Both parties hear of it: the one that owes the action and the other one.
        concerned = {party_id, other} if is_referral else set(parties)
        for concerned_party in concerned:
            for uid in people.get(concerned_party, []):
                recipients[uid].append(ref)
        for uid in people.get("secretariat", []):
            recipients[uid].append(ref)
    report.notifications += notify_many(
        [
            dict(
                user_id=uid,
                kind=f"overdue_{kind.name}",
                title=kind.title.format(n=len(refs)),
                body="\n".join(refs[:200])
                + (f"\n... and {len(refs) - 200} more" if len(refs) > 200 else ""),
                subject_type=kind.subject_type,
                subject_ref=refs[0] if len(refs) == 1 else "",
            )
            for uid, refs in sorted(recipients.items())
        ]
    )
    return rows


def _place_on_agenda(*, as_of, report, dry_run: bool) -> None:
    """Put every flagged compliance item (and every disputed action report, split or
    appealed penalty case) not yet on an agenda for that reason on the next meeting's
    agenda, with one audit event each."""
    meeting = meeting_next(as_of=as_of)
    if meeting is None:
        report.flagged["compliance_agenda"] = []
        return

    def absent(reason, field):
        return ~Exists(AgendaEntry.objects.filter(reason=reason, **{field: OuterRef("pk")}))

    milestone_missed = Exists(
        Milestone.objects.filter(commitment=OuterRef("pk"), missed_at__isnull=False)
    )
    wanted = [
        (
            AgendaReason.MILESTONE_MISSED,
            "commitment",
            Commitment.objects.filter(
                milestone_missed, absent(AgendaReason.MILESTONE_MISSED, "commitment")
            ),
        ),
        (
            AgendaReason.COMMITMENT_MISSED,
            "commitment",
            Commitment.objects.filter(
                absent(AgendaReason.COMMITMENT_MISSED, "commitment"), missed_at__isnull=False
            ),
        ),
        (
            AgendaReason.REFERRAL_UNACKNOWLEDGED,
            "referral",
            Referral.objects.filter(
                absent(AgendaReason.REFERRAL_UNACKNOWLEDGED, "referral"),
                acknowledge_overdue_at__isnull=False,
                status=ReferralStatus.SENT,
            ),
        ),
        (
            AgendaReason.ACTION_REPORT_DISPUTED,
            "action_report",
            ActionReport.objects.filter(
                absent(AgendaReason.ACTION_REPORT_DISPUTED, "action_report"),
                status=Status.DISPUTED,
            ),
        ),
        (
            AgendaReason.REFERRAL_NO_RESPONSE,
            "referral",
            Referral.objects.filter(
                absent(AgendaReason.REFERRAL_NO_RESPONSE, "referral"),
                ~Q(status=ReferralStatus.RESPONDED),
                action_overdue_at__isnull=False,
            ),
        ),
        (
            AgendaReason.PENALTY_SPLIT,
            "penalty_case",
            PenaltyCase.objects.filter(
                absent(AgendaReason.PENALTY_SPLIT, "penalty_case"), status=PenaltyStatus.SPLIT
            ),
        ),
        (
            AgendaReason.PENALTY_APPEALED,
            "penalty_case",
            PenaltyCase.objects.filter(
                absent(AgendaReason.PENALTY_APPEALED, "penalty_case"),
                status=PenaltyStatus.APPEALED,
            ),
        ),
    ]
    entries, events = [], []
    for reason, field, queryset in wanted:
        for pk, ref in queryset.order_by("pk").values_list("pk", "reference"):
            entries.append(
                AgendaEntry(meeting=meeting, reason=reason, added_at=as_of, **{f"{field}_id": pk})
            )
            events.append(
                dict(
                    actor=None,
                    action="placed_on_agenda",
                    subject_type=SUBJECT_TYPES[field],
                    subject_id=pk,
                    subject_ref=ref,
                    payload={"meeting": meeting.pk, "reason": reason},
                )
            )
    report.flagged["compliance_agenda"] = [e["subject_ref"] for e in events]
    if dry_run or not entries:
        return
    AgendaEntry.objects.bulk_create(entries, batch_size=2000)
    audit_record_many(events)


def compliance_sweep(*, as_of=None, report, dry_run: bool) -> None:
    """Sweep step: flag missed milestones and due dates, unacknowledged referrals and
    referrals without a response, once each, and close lapsed penalty appeal windows;
    notify; put them (and split and appealed penalties) on the next agenda."""
    as_of = as_of or timezone.now()
    people = _people()
    parties = list(Party.objects.values_list("pk", flat=True))
    for kind in DEADLINES:
        _flag(kind, as_of=as_of, report=report, dry_run=dry_run, people=people, parties=parties)
    close_appeal_windows(as_of=as_of, report=report, dry_run=dry_run, people=people)
    _place_on_agenda(as_of=as_of, report=report, dry_run=dry_run)
