"""Each party's record for a period: verified violations, commitments, referrals received
and penalties in effect, as database aggregates in a fixed number of queries.

`party_record` is the one selector; the records page, its API and the implementation
review report all read it, so they cannot disagree. Every figure counts only what the
caller may see (the selectors' visibility filters); observers never see referrals, so
their record has `referrals: None`.
"""

from datetime import UTC, date, datetime, timedelta

from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Q,
)
from django.utils import timezone

from accounts.models import CoChair, Party
from incidents.denials.selectors import access_denial_visible_to
from incidents.models import AppealStatus, Category, Incident
from incidents.visibility import incident_visibility_filter
from verification.statuses import RecordIntent, Status

from ..commitments.models import CommitmentStatus
from ..commitments.selectors import commitment_visible_to
from ..penalties.models import PenaltyCase, PenaltyStatus
from ..referrals.models import Referral
from ..referrals.selectors import referral_visibility_filter
from .period import Period
from .sql import Median, MonthOf, SecondsBetween, _medians_sqlite


def _violations(*, party, period: Period, user) -> dict:
    """Standing verified findings only: a verified claim under a pending appeal is counted
    apart (`under_appeal`), and one overturned on appeal is no longer verified. One query."""
    pending = ExpressionWrapper(Q(appeal_status=AppealStatus.PENDING), output_field=BooleanField())
    grouped = list(
        Incident.objects.filter(
            incident_visibility_filter(user),
            accused_party=party,
            status=Status.VERIFIED,
            occurred_at__gte=period.start_at,
            occurred_at__lt=period.end_before,
        )
        .annotate(month=MonthOf("occurred_at"), pending=pending)
        .order_by()
        .values_list("category_id", "month", "pending", "intent")
        .annotate(n=Count("*"))
    )
    under_appeal = sum(n for _, _, is_pending, _, n in grouped if is_pending)
    rows = [
        (category_id, month, intent, n)
        for category_id, month, is_pending, intent, n in grouped
        if not is_pending
    ]
    # Categories are versioned: a claim keeps its version; the record counts by code.
    categories = {
        c.pk: c
        for c in Category.objects.filter(pk__in={row[0] for row in rows}).only(
            "code", "label", "is_current"
        )
    }
    by_code: dict[str, dict] = {}
    by_month = dict.fromkeys(period.months(), 0)
    by_intent = dict.fromkeys(RecordIntent.values, 0)
    for category_id, month, intent, n in rows:
        if intent:
            by_intent[intent] += n
        category = categories[category_id]
        entry = by_code.setdefault(
            category.code, {"code": category.code, "label": category.label, "count": 0}
        )
        if category.is_current:
            entry["label"] = category.label
        entry["count"] += n
        by_month[month] = by_month.get(month, 0) + n
    return {
        "total": sum(by_month.values()),
        "under_appeal": under_appeal,
        "by_category": sorted(by_code.values(), key=lambda c: (-c["count"], c["code"])),
        "by_month": [{"month": m, "count": n} for m, n in by_month.items()],
        "by_intent": by_intent,
    }


def _access_denials(*, party, period: Period, user) -> dict:
    """Denials of the verifiers' access by the party that began in the period, on claims
    the caller sees; how many of them are still open."""
    row = (
        access_denial_visible_to(user)
        .filter(denying_party=party, began_at__gte=period.start_at, began_at__lt=period.end_before)
        .order_by()
        .aggregate(total=Count("pk"), still_open=Count("pk", filter=Q(ended_at__isnull=True)))
    )
    return {"total": row["total"], "still_open": row["still_open"]}


def commitments_in_period(*, period: Period, user, party=None):
    """Commitments in force at some time in the period (agreed by its end, due on or
    after its start), one party's or both, with their status as of status_as_of(period)."""
    queryset = commitment_visible_to(user, as_of=status_as_of(period)).filter(
        session_date__lte=period.end, due_date__gte=period.start
    )
    return queryset if party is None else queryset.filter(party=party)


def status_as_of(period: Period) -> datetime:
    """Commitment status is read as of the period's last day, or now if the period has
    not ended, with the verified progress known today."""
    now = timezone.now()
    return min(now, period.end_before - timedelta(microseconds=1))


def _commitments(*, party, period: Period, user) -> dict:
    as_of = status_as_of(period)
    rows = (
        commitments_in_period(party=party, period=period, user=user)
        .annotate(
            due_in_period=ExpressionWrapper(
                Q(due_date__lte=period.end), output_field=BooleanField()
            )
        )
        .order_by()
    )
    counts = dict.fromkeys(CommitmentStatus.values, 0)
    due = dict.fromkeys(CommitmentStatus.values, 0)
    for status, due_in_period, n in rows.values_list("status", "due_in_period").annotate(
        n=Count("pk")
    ):
        counts[status] += n
        if due_in_period:
            due[status] += n
    return {
        "as_of": as_of.astimezone(UTC).date().isoformat(),
        "total": sum(counts.values()),
        **counts,
        "due_in_period": sum(due.values()),
        "due_and_met": due[CommitmentStatus.MET],
        "due_and_missed": due[CommitmentStatus.MISSED],
    }


def sees_referrals(user) -> bool:
    """Whether any referral could be visible to `user` (observers: never)."""
    return referral_visibility_filter(user) != Q(pk__in=[])


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 2)


def _referrals(*, party, period: Period, user) -> dict | None:
    if not sees_referrals(user):
        return None
    now = timezone.now()
    received = Referral.objects.filter(
        referral_visibility_filter(user),
        to_party=party,
        sent_at__gte=period.start_at,
        sent_at__lt=period.end_before,
    )
    acknowledged, responded = Q(acknowledged_at__isnull=False), Q(responded_at__isnull=False)
    to_acknowledge = SecondsBetween("acknowledged_at", "sent_at")
    to_respond = SecondsBetween("responded_at", "sent_at")
    figures = {
        "received": Count("pk"),
        "acknowledged": Count("pk", filter=acknowledged),
        # A clock counts once it has run out or was met; one still running counts for nothing.
        "ack_due": Count("pk", filter=acknowledged | Q(acknowledge_due_at__lte=now)),
        "ack_on_time": Count("pk", filter=Q(acknowledged_at__lte=F("acknowledge_due_at"))),
        "responded": Count("pk", filter=responded),
        "action_due": Count("pk", filter=responded | Q(action_due_at__lte=now)),
        "action_on_time": Count("pk", filter=Q(responded_at__lte=F("action_due_at"))),
    }
    if connection.vendor == "postgresql":
        figures["ack_median"] = Median(to_acknowledge, filter=acknowledged)
        figures["action_median"] = Median(to_respond, filter=responded)
    row = received.order_by().aggregate(**figures)
    if connection.vendor != "postgresql":
        row["ack_median"], row["action_median"] = _medians_sqlite(
            [
                (received.filter(acknowledged), to_acknowledge, row["acknowledged"]),
                (received.filter(responded), to_respond, row["responded"]),
            ]
        )
    return {
        "received": row["received"],
        "acknowledgement": {
            "done": row["acknowledged"],
            "due": row["ack_due"],
            "on_time": row["ack_on_time"],
            "rate": _rate(row["ack_on_time"], row["ack_due"]),
            "median_hours": _hours(row["ack_median"]),
        },
        "action": {
            "done": row["responded"],
            "due": row["action_due"],
            "on_time": row["action_on_time"],
            "rate": _rate(row["action_on_time"], row["action_due"]),
            "median_hours": _hours(row["action_median"]),
        },
    }


# A case's measure applies in these states (an appeal does not suspend it; an upheld
# one stays); overturned, rejected and withdrawn cases do not count.
PENALTY_IN_EFFECT = (PenaltyStatus.IN_EFFECT, PenaltyStatus.APPEALED, PenaltyStatus.UPHELD)


def penalties_in_effect(*, period: Period, user):
    """Penalty cases the caller sees whose measure applies now, approved by the period's
    end (a period in the past does not count a penalty approved after it)."""
    return PenaltyCase.objects.visible_to(user).filter(
        status__in=PENALTY_IN_EFFECT, approved_at__lt=period.end_before
    )


def _penalties(*, party, period: Period, user) -> dict:
    rows = (
        penalties_in_effect(period=period, user=user)
        .filter(party=party)
        .order_by()
        .values_list("measure__code", "measure__label")
        .annotate(n=Count("pk"))
    )
    by_measure = [{"code": code, "label": label, "count": n} for code, label, n in sorted(rows)]
    return {"in_effect": sum(m["count"] for m in by_measure), "by_measure": by_measure}


def party_record(party: Party, *, start: date, end: date, user) -> dict:
    """One party's record for the days `start`..`end` (UTC, both included), as `user` may
    see it:

    - violations: claims against the party (accused), verified and standing (not under a
      pending appeal), that occurred in the period, by category code and by month (every
      month of the period, zeros included), and by intent (deliberate, accidental,
      undetermined, or differing between the co-chairs; a violation verified before
      intents were recorded counts in the total only), and apart those under appeal;
    - commitments: the party's commitments in force during the period by derived status
      (as of the period's last day), and how many fell due in it, met or missed;
    - referrals: those the party received in the period, the share acknowledged and
      acted on within their deadlines (of those whose clock ran out or was met) and the
      median hours to each; None for callers who may not see referrals;
    - penalties: the cases against the party whose measure applies now (in effect,
      appealed or upheld), approved by the period's end, by measure;
    - access_denied: the times the party denied the verifiers access to a claim's site,
      begun in the period, and how many of them are still open.

    A fixed number of queries, whatever the number of rows (tests/compliance/records/test_party.py).
    """
    period = Period(start, end)
    return {
        "party": {"code": party.code, "name": party.name},
        "period": period.as_json(),
        "violations": _violations(party=party, period=period, user=user),
        "commitments": _commitments(party=party, period=period, user=user),
        "referrals": _referrals(party=party, period=period, user=user),
        "penalties": _penalties(party=party, period=period, user=user),
        "access_denied": _access_denials(party=party, period=period, user=user),
    }


def party_get(code: str) -> Party | None:
    return Party.objects.filter(code=code).first()


def parties() -> list[Party]:
    return list(Party.objects.order_by("code"))


def cochairs() -> list[CoChair]:
    """The mediator states co-chairing the mechanism, as the report's cover names them."""
    return list(CoChair.objects.order_by("code"))
