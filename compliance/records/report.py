"""The implementation review report for the principals' sessions: both parties' records
side by side (party.party_record, so the report matches the record) and the lists
behind them. Reads only; served as a page, JSON, CSV tables and a PDF (pdf.py; CSV tables in report_csv.py).

Every list shows what the caller may see, at most LIST_LIMIT rows (most pressing or
newest first), with the total beside it.
"""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.api.fields import iso
from core.durations import human_duration
from incidents.models import AppealStatus, Incident
from incidents.visibility import incident_visibility_filter
from mediators.models import AgendaItem
from verification.statuses import RecordIntent, Status

from ..action_reports.selectors import action_report_visible_to
from ..agenda.models import AgendaEntry, AgendaReason
from ..commitments.models import CommitmentStatus
from ..penalties.models import PenaltyCase
from ..referrals.models import ReferralStatus
from ..referrals.selectors import referral_visible_to
from .party import (
    PENALTY_IN_EFFECT,
    commitments_in_period,
    parties,
    party_record,
    penalties_in_effect,
    sees_referrals,
)
from .period import Period

LIST_LIMIT = 200


def _new_violations(*, period: Period, user, total: int) -> dict:
    """Standing verified claims (not under a pending appeal) that occurred in the period,
    newest first: the rows behind the records' violation counts (their total is the
    records' sum)."""
    rows = (
        Incident.objects.filter(
            incident_visibility_filter(user),
            status=Status.VERIFIED,
            occurred_at__gte=period.start_at,
            occurred_at__lt=period.end_before,
        )
        .exclude(appeal_status=AppealStatus.PENDING)
        .order_by("-occurred_at", "-id")
        .values(
            "reference",
            "reporting_party__code",
            "accused_party__code",
            "category__code",
            "category__label",
            "occurred_at",
            "grade",
            "place_name",
            "province",
        )[:LIST_LIMIT]
    )
    return {
        "total": total,
        "rows": [
            {
                "reference": r["reference"],
                "accused_party": r["accused_party__code"],
                "reporting_party": r["reporting_party__code"],
                "category": r["category__code"],
                "category_label": r["category__label"],
                "occurred_at": iso(r["occurred_at"]),
                "grade": r["grade"],
                "place_name": r["place_name"],
                "province": r["province"],
            }
            for r in rows
        ],
    }


def _commitments_missed(*, period: Period, user, total: int) -> dict:
    """Commitments that fell due in the period and were missed, earliest due first."""
    rows = (
        commitments_in_period(period=period, user=user)
        .filter(due_date__lte=period.end, status=CommitmentStatus.MISSED)
        .order_by("due_date", "id")
        .values(
            "reference",
            "party__code",
            "kind__label",
            "description",
            "due_date",
            "target_quantity",
            "unit",
            "verified_quantity",
        )[:LIST_LIMIT]
    )
    return {
        "total": total,
        "rows": [
            {
                "reference": r["reference"],
                "party": r["party__code"],
                "kind": r["kind__label"],
                "description": r["description"],
                "due_date": r["due_date"].isoformat(),
                "target": r["target_quantity"],
                "unit": r["unit"],
                "verified": r["verified_quantity"],
            }
            for r in rows
        ],
    }


def _overdue_referrals(*, period: Period, user) -> dict | None:
    """Referrals still unanswered whose clock ran out by the period's end (or now): not
    acknowledged in time, or acknowledged but without a response in time. None for
    callers who may not see referrals."""
    if not sees_referrals(user):
        return None
    cutoff = min(timezone.now(), period.end_before)
    late_ack = Q(status=ReferralStatus.SENT, acknowledge_due_at__lt=cutoff)
    late_action = Q(
        status__in=[ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED], action_due_at__lt=cutoff
    )
    queryset = referral_visible_to(user).filter(late_ack | late_action)
    total = queryset.count()
    rows = queryset.order_by("acknowledge_due_at", "id").values(
        "reference",
        "from_party__code",
        "to_party__code",
        "urgency__label",
        "status",
        "sent_at",
        "acknowledge_due_at",
        "action_due_at",
    )[:LIST_LIMIT]
    return {
        "total": total,
        "rows": [
            {
                "reference": r["reference"],
                "from_party": r["from_party__code"],
                "to_party": r["to_party__code"],
                "urgency": r["urgency__label"],
                "status": r["status"],
                "sent_at": iso(r["sent_at"]),
                "late_for": "acknowledgement"
                if r["status"] == ReferralStatus.SENT and r["acknowledge_due_at"] < cutoff
                else "action",
                "due_at": iso(
                    r["acknowledge_due_at"]
                    if r["status"] == ReferralStatus.SENT and r["acknowledge_due_at"] < cutoff
                    else r["action_due_at"]
                ),
            }
            for r in rows
        ],
    }


def _disputes_decided(*, period: Period, user) -> dict:
    """Differing views the review meetings decided in the period: claims (the meeting's
    outcome) and action reports (the outcome they took), as far as the caller sees them."""
    in_period = Q(decided_at__gte=period.start_at, decided_at__lt=period.end_before)
    claims = (
        AgendaItem.objects.filter(in_period)
        .exclude(decision_outcome="")
        .filter(incident__in=Incident.objects.filter(incident_visibility_filter(user)))
        .order_by("decided_at", "id")
        .values(
            "incident__reference",
            "incident__reporting_party__code",
            "incident__accused_party__code",
            "decision_outcome",
            "decision_grade",
            "decided_at",
            "meeting__title",
        )[:LIST_LIMIT]
    )
    reports = (
        AgendaEntry.objects.filter(in_period, reason=AgendaReason.ACTION_REPORT_DISPUTED)
        .filter(action_report__in=action_report_visible_to(user))
        .order_by("decided_at", "id")
        .values(
            "action_report__reference",
            "action_report__party__code",
            "action_report__other_party__code",
            "action_report__status",
            "action_report__grade",
            "decided_at",
            "meeting__title",
        )[:LIST_LIMIT]
    )
    rows = [
        {
            "kind": "claim",
            "reference": r["incident__reference"],
            "party": r["incident__accused_party__code"],
            "other_party": r["incident__reporting_party__code"],
            "outcome": r["decision_outcome"],
            "grade": r["decision_grade"],
            "decided_at": iso(r["decided_at"]),
            "meeting": r["meeting__title"],
        }
        for r in claims
    ] + [
        {
            "kind": "action_report",
            "reference": r["action_report__reference"],
            "party": r["action_report__party__code"],
            "other_party": r["action_report__other_party__code"],
            "outcome": r["action_report__status"],
            "grade": r["action_report__grade"],
            "decided_at": iso(r["decided_at"]),
            "meeting": r["meeting__title"],
        }
        for r in reports
    ]
    rows.sort(key=lambda r: r["decided_at"])
    return {"total": len(rows), "rows": rows}


def _penalties(*, period: Period, user) -> dict:
    """Penalty cases against either party whose measure applies (as in the records), and
    those approved, rejected or decided on appeal in the period, as far as the caller
    sees them."""
    in_period = {"gte": period.start_at, "lt": period.end_before}
    decided = Q()
    for field in ("approved_at", "rejected_at", "appeal_decided_at"):
        decided |= Q(**{f"{field}__{op}": value for op, value in in_period.items()})
    queryset = PenaltyCase.objects.visible_to(user).filter(
        Q(pk__in=penalties_in_effect(period=period, user=user).values("pk")) | decided
    )
    rows = queryset.order_by("-approved_at", "-id").values(
        "reference",
        "party__code",
        "measure__label",
        "status",
        "approved_at",
        "appeal_due_at",
        "appeal_decided_at",
    )[:LIST_LIMIT]
    rows = list(rows)
    return {
        "total": len(rows) if len(rows) < LIST_LIMIT else queryset.count(),
        "rows": [
            {
                "reference": r["reference"],
                "party": r["party__code"],
                "measure": r["measure__label"],
                "status": r["status"],
                "in_effect": r["status"] in PENALTY_IN_EFFECT,
                "approved_at": iso(r["approved_at"]),
                "appeal_due_at": iso(r["appeal_due_at"]),
                "appeal_decided_at": iso(r["appeal_decided_at"]),
            }
            for r in rows
        ],
    }


def implementation_report(*, start, end, user) -> dict:
    """The report for the days `start`..`end` (UTC, both included), as `user` may see it.
    Its figures are each party's party_record; the lists are the rows behind them."""
    period = Period(start, end)
    records = [party_record(p, start=start, end=end, user=user) for p in parties()]
    return {
        "period": period.as_json(),
        "generated_at": iso(timezone.now().replace(microsecond=0)),
        "records": records,
        "new_violations": _new_violations(
            period=period, user=user, total=sum(r["violations"]["total"] for r in records)
        ),
        "commitments_missed": _commitments_missed(
            period=period,
            user=user,
            total=sum(r["commitments"]["due_and_missed"] for r in records),
        ),
        "overdue_referrals": _overdue_referrals(period=period, user=user),
        "penalties": _penalties(period=period, user=user),
        "disputes_decided": _disputes_decided(period=period, user=user),
    }


# --- the summary, as the page and the PDF show it -----------------------------------------


def _of(clock: dict) -> str:
    if clock["rate"] is None:
        return "—"
    return _("%(on_time)d of %(due)d (%(rate)s)") % {
        "on_time": clock["on_time"],
        "due": clock["due"],
        "rate": f"{clock['rate']:.0%}",
    }


# How the summary names the violations by intent.
INTENT_LABELS = {
    RecordIntent.DELIBERATE: gettext_lazy("deliberate"),
    RecordIntent.ACCIDENTAL: gettext_lazy("accidental"),
    RecordIntent.UNDETERMINED: gettext_lazy("intent undetermined"),
    RecordIntent.DIFFERING: gettext_lazy("co-chairs' intents differ"),
}


def summary_rows(records: list[dict]) -> list[list[str]]:
    """The records side by side, as people read them: one row per figure (its label
    first), one column per party. The page and the PDF lay out whatever rows this gives."""

    def row(label, value):
        return [str(label), *[str(value(r)) for r in records]]

    rows = [
        row(_("Verified violations"), lambda r: r["violations"]["total"]),
        *[
            row(f"· {INTENT_LABELS[intent]}", lambda r, i=intent: r["violations"]["by_intent"][i])
            for intent in RecordIntent.values
        ],
        row(
            _("· verified, under appeal (not counted)"),
            lambda r: r["violations"]["under_appeal"],
        ),
        row(_("Access denied"), lambda r: r["access_denied"]["total"]),
        row(_("· still denied"), lambda r: r["access_denied"]["still_open"]),
        row(_("Commitments in force"), lambda r: r["commitments"]["total"]),
        *[
            row(f"· {label}", lambda r, s=status: r["commitments"][s])
            for status, label in CommitmentStatus.choices
        ],
        row(_("Commitments due in the period"), lambda r: r["commitments"]["due_in_period"]),
        row(_("· met"), lambda r: r["commitments"]["due_and_met"]),
        row(_("· missed"), lambda r: r["commitments"]["due_and_missed"]),
    ]
    if records and records[0]["referrals"] is not None:
        rows += [
            row(_("Referrals received"), lambda r: r["referrals"]["received"]),
            row(_("Acknowledged in time"), lambda r: _of(r["referrals"]["acknowledgement"])),
            row(
                _("Median time to acknowledge"),
                lambda r: human_duration(r["referrals"]["acknowledgement"]["median_hours"]),
            ),
            row(_("Acted on in time"), lambda r: _of(r["referrals"]["action"])),
            row(
                _("Median time to respond"),
                lambda r: human_duration(r["referrals"]["action"]["median_hours"]),
            ),
        ]
    rows.append(row(_("Penalties in effect"), lambda r: r["penalties"]["in_effect"]))
    return rows
