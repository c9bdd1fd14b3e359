"""Reads. Every list and detail view, API or HTML, starts from incident_visible_to()."""

from datetime import UTC, date, datetime, time

from django.db.models import Count, DateTimeField, Func, IntegerField, Sum, Value

from core.loaders import loader
from evidence.selectors import evidence_download_allowed

from .models import Category, Evidence, Incident, IncidentTally
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
            template="FLOOR(EXTRACT(EPOCH FROM (%(expressions)s)) / 604800)::integer",
            arg_joiner=" - ",
            **extra,
        )


# The filters IncidentTally can answer: each names one of its dimensions.
TALLY_FILTERS = frozenset({"status", "reporting_party", "accused_party", "category"})


def incident_counts(*, user, filterset, first_week: date) -> list[tuple[int, int, str, int, int]]:
    """How many of the claims `filterset` selects (from what `user` sees) fall in each
    (reporting party, accused party, status, week) group, the week as a number counted
    from the Monday `first_week` (earlier weeks are negative).

    Filters on the tally's own dimensions are answered from IncidentTally, a few thousand
    rows whatever the number of claims; any other filter counts the claims themselves.
    Either way the filterset's own filters do the selecting, so both agree."""
    if filterset.is_bound and not filterset.is_valid():
        return []
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    used = {name for name, value in data.items() if value not in (None, "", [])}
    if used <= TALLY_FILTERS:
        tallies = IncidentTally.objects.filter(incident_visibility_filter(user, tally=True))
        if used:
            tallies = filterset.filter_queryset(tallies)
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
    start = datetime.combine(first_week, time.min, tzinfo=UTC)
    return list(
        filterset.qs.annotate(week=WeeksSince("occurred_at", start))
        .order_by()
        .values_list("reporting_party_id", "accused_party_id", "status", "week")
        .annotate(n=Count("id"))
    )


claim_or_404 = loader(incident_get_visible, noun="claim")
