"""The compliance step of the deadline sweep that flags no deadline (compliance registers it
with verification.sweep after the compliance deadlines, in the same transaction): the
items those flagged, disputed action reports, and split and appealed penalty cases go on
the next meeting's agenda, once for each reason. The number of queries does not depend
on the number of items, and a second run at the same time changes nothing.
"""

from django.db.models import Exists, OuterRef, Q

from audit.services import audit_record_many
from mediators.escalation import AGENDA_BATCH, agenda_step, placed_on_agenda
from verification.statuses import Status

from ..action_reports.models import ActionReport
from ..action_reports.services import ACTION_REPORT
from ..commitments.models import Commitment, Milestone
from ..commitments.services import COMMITMENT
from ..penalties.models import PenaltyCase, PenaltyStatus
from ..penalties.services import PENALTY_CASE
from ..referrals.models import Referral, ReferralStatus
from ..referrals.services import REFERRAL
from .models import AgendaEntry, AgendaReason

SUBJECT_TYPES = {
    "commitment": COMMITMENT,
    "referral": REFERRAL,
    "action_report": ACTION_REPORT,
    "penalty_case": PENALTY_CASE,
}


def _place(meeting, *, as_of, dry_run: bool) -> list[str]:
    """Put every flagged compliance item (and every disputed action report, split or
    appealed penalty case) not yet on an agenda for that reason on `meeting`'s agenda,
    with one audit event each (what would be put there, on a dry run); their references."""

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
                placed_on_agenda(
                    meeting=meeting,
                    reason=reason,
                    subject_type=SUBJECT_TYPES[field],
                    subject_id=pk,
                    subject_ref=ref,
                )
            )
    if entries and not dry_run:
        AgendaEntry.objects.bulk_create(entries, batch_size=AGENDA_BATCH)
        audit_record_many(events)
    return [event["subject_ref"] for event in events]


# Sweep step, after the compliance deadlines: what they flagged goes on the next agenda.
place_on_agenda = agenda_step("compliance_agenda", _place)
