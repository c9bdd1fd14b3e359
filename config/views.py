"""The home page: a landing page for visitors, the dashboard once signed in.

Everything on the dashboard starts from incident_visible_to() and the claim list's own
filters, so the counts, the overdue list, the chart and the map show the same claims."""

from collections import Counter
from datetime import UTC, datetime, time, timedelta

from django.db.models import Count, DateTimeField, Func, IntegerField, Value
from django.shortcuts import render
from django.utils import timezone

from accounts.models import Party
from incidents.models import Status
from incidents.selectors import incident_visible_to
from incidents.views import claim_filter

CHART_WEEKS = 26
MAP_POINTS = 2000
OVERDUE_ROWS = 10


def home(request):
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return dashboard(request)


def _week_start(moment):
    day = moment.date()
    return day - timedelta(days=day.weekday())


class WeeksSince(Func):
    """Whole weeks from `start` to a datetime column, in plain SQL arithmetic: grouping by
    it costs no per-row function call (TruncWeek is a Python function on SQLite)."""

    output_field = IntegerField()

    def __init__(self, expression, start: datetime):
        super().__init__(expression, Value(start, output_field=DateTimeField()))

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST((julianday(%(expressions)s)) / 7 AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 604800)::integer",
            arg_joiner=" - ",
            **extra,
        )


def claims_per_week(claims, parties, *, now) -> dict:
    """Claims per week (Monday to Sunday, UTC) by reporting party, for the last six months."""
    first = _week_start(now) - timedelta(weeks=CHART_WEEKS - 1)
    start = datetime.combine(first, time.min, tzinfo=UTC)
    rows = (
        claims.filter(occurred_at__gte=start)
        .annotate(week=WeeksSince("occurred_at", start))
        .order_by()
        .values_list("week", "reporting_party_id")
        .annotate(n=Count("id"))
    )
    counts = {(week, party_id): n for week, party_id, n in rows}
    return {
        "labels": [(first + timedelta(weeks=n)).isoformat() for n in range(CHART_WEEKS)],
        "datasets": [
            {
                "label": party.name,
                "data": [counts.get((n, party.pk), 0) for n in range(CHART_WEEKS)],
            }
            for party in parties
        ],
    }


def map_points(claims) -> dict:
    rows = claims.order_by("-occurred_at", "-id").values_list(
        "reference", "latitude", "longitude", "status"
    )[:MAP_POINTS]
    labels = dict(Status.choices)
    return {
        "points": [
            [ref, float(lat), float(lon), status, labels.get(status, status)]
            for ref, lat, lon, status in rows
        ],
        "limit": MAP_POINTS,
    }


def dashboard(request):
    visible = incident_visible_to(request.user)
    filterset, claims = claim_filter(request, visible)
    parties = list(Party.objects.order_by("name"))
    # Grouped by (party, status), each count reads one of the claim table's indexes.
    by_status, reported, against, verified_against = Counter(), Counter(), Counter(), Counter()
    for party_id, status, n in (
        claims.order_by().values_list("reporting_party_id", "status").annotate(n=Count("id"))
    ):
        by_status[status] += n
        reported[party_id] += n
    for party_id, status, n in (
        claims.order_by().values_list("accused_party_id", "status").annotate(n=Count("id"))
    ):
        against[party_id] += n
        if status == Status.VERIFIED:
            verified_against[party_id] += n
    total = sum(by_status.values())
    overdue = (
        claims.overdue()
        .select_related("reporting_party", "accused_party", "category")
        .order_by("findings_due_at", "pk")[:OVERDUE_ROWS]
    )
    points = map_points(claims)
    context = {
        "filter": filterset,
        "total": total,
        "status_rows": [(value, label, by_status[value]) for value, label in Status.choices],
        "party_rows": [
            (party, reported[party.pk], against[party.pk], verified_against[party.pk])
            for party in parties
        ],
        "overdue": overdue,
        "chart": claims_per_week(claims, parties, now=timezone.now()),
        "map": points,
        "map_truncated": total > len(points["points"]),
    }
    return render(request, "dashboard.html", context)
