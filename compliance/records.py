"""Each party's record for a period: verified violations, commitments, referrals received
and penalties in effect, as database aggregates in a fixed number of queries.

`party_record` is the one selector; the records page, its API and the implementation
review report all read it, so they cannot disagree. Every figure counts only what the
caller may see (the selectors' visibility filters); observers never see referrals, so
their record has `referrals: None`.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from django.db import NotSupportedError, connection
from django.db.models import (
    Aggregate,
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
)
from django.db.models.fields import CharField
from django.utils import timezone

from accounts.models import Party
from incidents.models import Category, Incident, Status
from incidents.selectors import incident_visibility_filter

from .models import CommitmentStatus, PenaltyCase, PenaltyStatus, Referral
from .selectors import commitment_visible_to, referral_visibility_filter

DEFAULT_DAYS = 90
MAX_DAYS = 3660  # ten years: a record is for review periods, not for all time


# --- SQL helpers --------------------------------------------------------------------------


class MonthOf(Func):
    """'YYYY-MM' of a datetime column in UTC, in native SQL on either backend (TruncMonth
    is a Python function per row on SQLite)."""

    output_field = CharField()

    def __init__(self, expression):
        super().__init__(expression)

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"strftime(%s, {sql})", ("%Y-%m", *params)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"to_char(({sql}) AT TIME ZONE 'UTC', 'YYYY-MM')", params


class SecondsBetween(Func):
    """Seconds from `start` to `end` (two datetime columns) as a float."""

    output_field = FloatField()

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sqlite(self, compiler, connection, **extra):
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return f"((julianday({end}) - julianday({start})) * 86400.0)", (
            *end_params,
            *start_params,
        )

    def as_postgresql(self, compiler, connection, **extra):
        end, end_params = compiler.compile(self.source_expressions[0])
        start, start_params = compiler.compile(self.source_expressions[1])
        return f"EXTRACT(EPOCH FROM ({end} - {start}))::double precision", (
            *end_params,
            *start_params,
        )


class Median(Aggregate):
    """The median (percentile_cont(0.5), interpolating between the two middle values of an
    even count) on PostgreSQL. SQLite has no such aggregate: see _medians_sqlite."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        raise NotSupportedError("Median is computed by _medians_sqlite on SQLite.")


def _medians_sqlite(specs: list[tuple]) -> list[float | None]:
    """The medians of several (queryset, expression, count) in one query, in SQL: each
    orders its values and averages the middle one or two (LIMIT 2 - n % 2 OFFSET
    (n - 1) / 2), which is what percentile_cont(0.5) gives. `count` is the number of
    rows the queryset holds, already counted by the caller's aggregate."""
    parts, params = [], []
    for queryset, expression, count in specs:
        inner = queryset.annotate(d=expression).order_by().values("d")
        sql, inner_params = inner.query.sql_with_params()
        # The inner SQL is the ORM's own, its values bound as parameters like ours.
        parts.append(f"(SELECT AVG(d) FROM (SELECT d FROM ({sql}) ORDER BY d LIMIT %s OFFSET %s))")  # noqa: S608  # nosec B608
        params += [*inner_params, 2 - count % 2, max(count - 1, 0) // 2]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        return list(cursor.fetchone())


# --- the period ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Whole UTC days, both ends included."""

    start: date
    end: date

    @property
    def start_at(self) -> datetime:
        return datetime.combine(self.start, time.min, tzinfo=UTC)

    @property
    def end_before(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=UTC)

    def months(self) -> list[str]:
        year, month, months = self.start.year, self.start.month, []
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    def as_json(self) -> dict:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def last_review_meeting_date(*, as_of=None) -> date | None:
    """The day of the latest review meeting held (scheduled at or before now), in UTC."""
    from mediators.models import ReviewMeeting

    as_of = as_of or timezone.now()
    meeting = (
        ReviewMeeting.objects.filter(scheduled_for__lte=as_of)
        .order_by("-scheduled_for", "-pk")
        .only("scheduled_for")
        .first()
    )
    return meeting.scheduled_for.astimezone(UTC).date() if meeting else None


def default_period(*, start: date | None = None, end: date | None = None, as_of=None) -> Period:
    """What a period without `from` means: since the last review meeting, or the last 90
    days when there was none (or when `to` falls before it); `to` defaults to today."""
    today = (as_of or timezone.now()).astimezone(UTC).date()
    end = end or today
    if start is None:
        start = last_review_meeting_date(as_of=as_of)
        if start is None or start > end:
            start = max(end, date.min + timedelta(days=DEFAULT_DAYS)) - timedelta(days=DEFAULT_DAYS)
    return Period(start, end)


def parse_period(
    data, *, as_of=None, blank_is_absent=False
) -> tuple[Period | None, dict[str, list[str]]]:
    """`from` and `to` from a query string (ISO dates, both optional) as a Period, or
    the field errors: each a date, `from` not after `to`, at most MAX_DAYS days. A form's
    cleared date field sends a blank value: `blank_is_absent` takes it as not given."""
    values, errors = {}, {}
    for name in ("from", "to"):
        raw = data.get(name)
        if raw is None or (blank_is_absent and not raw.strip()):
            values[name] = None
            continue
        raw = raw.strip()
        try:
            values[name] = date.fromisoformat(raw)
        except ValueError:
            errors[name] = ["Enter a date as YYYY-MM-DD."]
            continue
        if values[name] >= date.max - timedelta(days=1):
            errors[name] = ["Enter a date before the year 9999 ends."]
    if errors:
        return None, errors
    period = default_period(start=values["from"], end=values["to"], as_of=as_of)
    if period.start > period.end:
        return None, {"from": ["The period starts after it ends: `from` must not be after `to`."]}
    if (period.end - period.start).days > MAX_DAYS:
        return None, {"to": [f"A period spans at most {MAX_DAYS} days."]}
    return period, {}


# --- the record ---------------------------------------------------------------------------


def _violations(*, party, period: Period, user) -> dict:
    rows = list(
        Incident.objects.filter(
            incident_visibility_filter(user),
            accused_party=party,
            status=Status.VERIFIED,
            occurred_at__gte=period.start_at,
            occurred_at__lt=period.end_before,
        )
        .annotate(month=MonthOf("occurred_at"))
        .order_by()
        .values_list("category_id", "month")
        .annotate(n=Count("*"))
    )
    # Categories are versioned: a claim keeps its version; the record counts by code.
    categories = {
        c.pk: c
        for c in Category.objects.filter(pk__in={row[0] for row in rows}).only(
            "code", "label", "is_current"
        )
    }
    by_code: dict[str, dict] = {}
    by_month = dict.fromkeys(period.months(), 0)
    for category_id, month, n in rows:
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
        "by_category": sorted(by_code.values(), key=lambda c: (-c["count"], c["code"])),
        "by_month": [{"month": m, "count": n} for m, n in by_month.items()],
    }


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

    - violations: claims against the party (accused), verified, that occurred in the
      period, by category code and by month (every month of the period, zeros included);
    - commitments: the party's commitments in force during the period by derived status
      (as of the period's last day), and how many fell due in it, met or missed;
    - referrals: those the party received in the period, the share acknowledged and
      acted on within their deadlines (of those whose clock ran out or was met) and the
      median hours to each; None for callers who may not see referrals;
    - penalties: the cases against the party whose measure applies now (in effect,
      appealed or upheld), approved by the period's end, by measure.

    A fixed number of queries, whatever the number of rows (tests/compliance/test_records.py).
    """
    period = Period(start, end)
    return {
        "party": {"code": party.code, "name": party.name},
        "period": period.as_json(),
        "violations": _violations(party=party, period=period, user=user),
        "commitments": _commitments(party=party, period=period, user=user),
        "referrals": _referrals(party=party, period=period, user=user),
        "penalties": _penalties(party=party, period=period, user=user),
    }


def party_get(code: str) -> Party | None:
    return Party.objects.filter(code=code).first()


def parties() -> list[Party]:
    return list(Party.objects.order_by("code"))
