"""Reads. Every list and detail view, API or HTML, starts from incident_visible_to()."""

from datetime import UTC, date, datetime, time, timedelta

from django.db.models import (
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Cast

from core.loaders import loader
from evidence.selectors import evidence_download_allowed

from .models import Category, Evidence, Incident, IncidentPlaceTally, IncidentTally
from .visibility import incident_visibility_filter


def incident_visible_to(user):
    return Incident.objects.visible_to(user)


def incident_get_visible(*, user, reference: str) -> Incident | None:
    """The claim if this user may see it, else None (callers answer 404, never 403)."""
    return (
        incident_visible_to(user)
        .select_related("reporting_party", "accused_party", "category", "created_by")
        .filter(reference=reference)
        .first()
    )


def evidence_can_download(*, user, evidence: Evidence) -> bool:
    """Mediators-only evidence is downloadable by the mediators, the secretariat and the
    uploading party; the other party sees that it exists (and its hash), nothing more."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not incident_visible_to(user).filter(pk=evidence.incident_id).exists():
        return False
    return evidence_download_allowed_on_visible_claim(user=user, evidence=evidence)


def evidence_download_allowed_on_visible_claim(*, user, evidence: Evidence) -> bool:
    """evidence_can_download for a caller already known to see the claim (it came from
    incident_get_visible): the same rule without a query per file."""
    return evidence_download_allowed(user=user, evidence=evidence)


def category_current():
    return Category.objects.current().order_by("label")


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
            # CAST truncates towards zero; shifted positive first, it floors like PostgreSQL.
            template="CAST((julianday(%(expressions)s)) / 7 + 1000000 AS INTEGER) - 1000000",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            # date_part gives a double, EXTRACT a numeric: half the time over 50,000 rows.
            template="FLOOR(date_part('epoch', %(expressions)s) / 604800)::integer",
            arg_joiner=" - ",
            **extra,
        )


# The filters each tally can answer: each names one of its dimensions. The place tally
# has the province and border sector in place of the category.
TALLY_FILTERS = frozenset({"status", "reporting_party", "accused_party", "category"})
PLACE_TALLY_FILTERS = frozenset(
    {"status", "reporting_party", "accused_party", "province", "border_sector"}
)
# Answered from the tally's weeks too, with the claims of the part weeks at either end.
DATE_FILTERS = frozenset({"occurred_after", "occurred_before"})
WEEK = timedelta(weeks=1)


def incident_counts(*, user, filterset, first_week: date) -> list[tuple[int, int, str, int, int]]:
    """How many of the claims `filterset` selects (from what `user` sees) fall in each
    (reporting party, accused party, status, week) group, the week as a number counted
    from the Monday `first_week` (earlier weeks are negative). A group may come in more
    than one row (the caller adds them up).

    Filters on a tally's own dimensions are answered from it, a few thousand rows
    whatever the number of claims: IncidentTally, or IncidentPlaceTally for a province or
    border sector. A date range adds the tally's whole weeks inside it and counts only
    the claims of the part weeks at its ends (at most two weeks of claims, on the date
    index). Any other filter counts the claims themselves, on its own index (a box,
    search; a category with a place). Either way the filterset's own filters do the
    selecting, so all agree."""
    if filterset.is_bound and not filterset.is_valid():
        return []
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    used = {name for name, value in data.items() if value not in (None, "", [])}
    if used <= TALLY_FILTERS | DATE_FILTERS:
        model, dimensions = IncidentTally, TALLY_FILTERS
    elif used <= PLACE_TALLY_FILTERS | DATE_FILTERS:
        model, dimensions = IncidentPlaceTally, PLACE_TALLY_FILTERS
    else:
        return list(_claim_counts(filterset.qs, first_week))
    weeks = _whole_weeks(data.get("occurred_after"), data.get("occurred_before"))
    if weeks is None:  # under a week between the ends: the claims are few
        return list(_claim_counts(filterset.qs, first_week))
    tallies = model.objects.filter(incident_visibility_filter(user, tally=True))
    for name in used & dimensions:
        tallies = filterset.filters[name].filter(tallies, data[name])
    rows = _tally_counts(tallies, weeks, first_week)
    if used & DATE_FILTERS:
        # The part weeks, before the first whole one and after the last, each counted on
        # its own range of the date index, in one query: with the two ends as one OR'd
        # condition PostgreSQL read the whole range between them and dropped its middle
        # (165,000 claims read for 30,000 counted over 60 days at a million claims).
        start, end = weeks
        ends = []
        if start is not None:
            ends.append(Q(occurred_at__lt=datetime.combine(start, time.min, tzinfo=UTC)))
        if end is not None:
            ends.append(Q(occurred_at__gte=datetime.combine(end, time.min, tzinfo=UTC)))
        first, *more = [_claim_counts(filterset.qs.filter(part), first_week) for part in ends]
        rows += list(first.union(*more, all=True) if more else first)
    return rows


def _whole_weeks(after, before) -> tuple[date | None, date | None] | None:
    """The tally weeks (Mondays, UTC) lying wholly inside [after, before]: from the first
    (inclusive) to the end (exclusive), None for an open end; None when there are none."""
    start = end = None
    if after is not None:
        after = after.astimezone(UTC)
        start = after.date() - timedelta(days=after.weekday())
        if datetime.combine(start, time.min, tzinfo=UTC) < after:
            start += WEEK
    if before is not None:
        before = before.astimezone(UTC)
        # The week ending at or before `before`: claims up to `before` inclusive.
        end = (before + timedelta(microseconds=1)).date()
        end -= timedelta(days=end.weekday())
        if start is not None and end <= start:
            return None
    return start, end


def _tally_counts(tallies, weeks, first_week):
    start, end = weeks
    if start is not None:
        tallies = tallies.filter(week__gte=start)
    if end is not None:
        tallies = tallies.filter(week__lt=end)
    rows = (
        tallies.order_by()
        .values_list("reporting_party_id", "accused_party_id", "status", "week")
        .annotate(n=Sum("n"))
    )
    return [
        (reporting, accused, status, (week - first_week).days // 7, n)
        for reporting, accused, status, week, n in rows
        if n
    ]


def _claim_counts(claims, first_week):
    """The (reporting party, accused party, status, week, n) rows of `claims`, unread."""
    start = datetime.combine(first_week, time.min, tzinfo=UTC)
    return (
        claims.annotate(week=WeeksSince("occurred_at", start))
        .order_by()
        .values_list("reporting_party_id", "accused_party_id", "status", "week")
        # COUNT(*), not of the id: the covering indexes do not carry it, and counting it
        # would send PostgreSQL to the table for every claim.
        .annotate(n=Count("*"))
    )


class Degrees(Cast):
    """A coordinate as the database's float. The database gives a float already; as an
    expression of FloatField it would also pass through float() in Python, row by row
    (2,000 a map, a sixth of reading them)."""

    def __init__(self, expression):
        super().__init__(expression, FloatField())

    @property
    def convert_value(self):
        return self._convert_value_noop


def map_claims(claims, *, limit: int):
    """The `limit` most recent of `claims` (by occurrence), newest first, as the map's
    points: (reference, latitude, longitude, status, category label, occurred at,
    reporting party's name, accused party's name), the coordinates as floats.

    Read from the date index alone (incident_occurred carries every column a point shows
    and what visibility reads), walked newest first: in a box it passes over the claims
    outside it without reading their rows. Reading each kept claim's row as well cost
    2,000 lookups in the table, 43 to 17 ms for a box at a million claims. Floats come
    from the database: 2,000 Decimals made and converted cost more than the query."""
    return (
        claims.order_by("-occurred_at", "-id")
        .annotate(lat=Degrees("latitude"), lon=Degrees("longitude"))
        .values_list(
            "reference",
            "lat",
            "lon",
            "status",
            "category__label",
            "occurred_at",
            "reporting_party__name",
            "accused_party__name",
        )[:limit]
    )


def overdue_first(claims, *, limit: int, dated: bool):
    """The `limit` most overdue of `claims`, by findings deadline, with their parties and
    category; `dated` when a date filter narrows `claims`.

    Deadlines follow occurrence, so the claims of a date range lie together along the
    deadline index (incident_overdue), those of a recent range at its far end: walked in
    order, at a million claims, a second. Under a date filter the range is read on its
    own index instead (incident_overdue_occurred, the index alone) and its most overdue
    picked by a sort: on the deadline plus nothing, an expression no index keeps in order,
    so that PostgreSQL does not walk the deadline index after all."""
    overdue = claims.overdue()
    if dated:
        deadline = ExpressionWrapper(
            F("findings_due_at") + timedelta(0), output_field=DateTimeField()
        )
        firsts = overdue.order_by(deadline, "pk").values("pk")[:limit]
        overdue = Incident.objects.filter(pk__in=firsts)
    return overdue.select_related("reporting_party", "accused_party", "category").order_by(
        "findings_due_at", "pk"
    )[:limit]


claim_or_404 = loader(incident_get_visible, noun="claim")
