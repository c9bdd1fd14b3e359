"""The dashboard under a filter reads indexes, not the claims: PostgreSQL's plans over
enough claims for the planner to care. The overdue list under a date filter reads the
range on its own index (incident_overdue_occurred) rather than walking the deadline
index, at whose far end a recent range lies; a box's claims are counted on
incident_box alone, and the map's newest of them read from incident_occurred alone."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone

from incidents.filters import IncidentFilter
from incidents.selectors import (
    WeeksSince,
    _claim_counts,
    incident_visible_to,
    map_claims,
    overdue_first,
)
from tests.planting import plant_claims

CLAIMS = 30_000


@pytest.fixture
def planted(pak, afg, category, cast):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's planner")
    now = timezone.now()
    plant_claims(CLAIMS, pak=pak, afg=afg, category=category, officer=cast["pak_officer"], now=now)
    return now


@pytest.mark.django_db(transaction=True)
def test_a_dated_overdue_list_reads_the_range_not_the_deadline_order(planted, cast):
    claims = incident_visible_to(cast["secretariat"]).filter(
        occurred_at__gte=planted - timedelta(days=30)
    )

    plan = overdue_first(claims, limit=10, dated=True).explain()
    listed = list(overdue_first(claims, limit=10, dated=True))

    assert "incident_overdue_occurred" in plan, plan
    assert "Index Scan using incident_overdue " not in plan, plan
    expected = claims.overdue().order_by("findings_due_at", "pk")[:10]
    assert [c.pk for c in listed] == [c.pk for c in expected]


BOX = {"bbox": "70.0,33.0,70.4,33.4"}


@pytest.mark.django_db(transaction=True)
def test_a_box_is_counted_and_its_newest_read_from_indexes_alone(planted, cast):
    user = cast["secretariat"]
    filterset = IncidentFilter(BOX, queryset=incident_visible_to(user))
    assert filterset.is_valid(), filterset.errors
    first_week = (planted - timedelta(weeks=25)).date()

    counted = _claim_counts(filterset.qs, first_week)
    count_plan = (
        filterset.qs.annotate(week=WeeksSince("occurred_at", planted))
        .order_by()
        .values_list("reporting_party_id", "accused_party_id", "status", "week")
        .annotate(n=Count("*"))
        .explain()
    )
    newest = map_claims(filterset.qs, limit=50)
    newest_plan = newest.explain()

    assert "Index Only Scan using incident_box" in count_plan, count_plan
    # The points come from the date index alone: no claim's row is read.
    assert "Index Only Scan using incident_occurred" in newest_plan, newest_plan
    assert "incidents_incident_pkey" not in newest_plan, newest_plan
    assert sum(row[-1] for row in counted) == filterset.qs.count() > 0
    expected = filterset.qs.order_by("-occurred_at", "-id")[:50]
    assert [row[0] for row in newest] == [c.reference for c in expected]


@pytest.mark.django_db(transaction=True)
def test_a_date_range_counts_only_its_part_weeks_on_the_date_index(planted, cast):
    """The whole weeks come from the tally; the part weeks at both ends are counted in one
    query, each end on its own range of the index: nothing between them is read."""
    from django.test.utils import CaptureQueriesContext

    from incidents.selectors import incident_counts

    user = cast["secretariat"]
    dates = {
        "occurred_after": (planted - timedelta(days=60, hours=5)).isoformat(),
        "occurred_before": (planted - timedelta(days=3, hours=7)).isoformat(),
    }
    filterset = IncidentFilter(dates, queryset=incident_visible_to(user))
    first_week = (planted - timedelta(weeks=25)).date()

    with CaptureQueriesContext(connection) as queries:
        counted = incident_counts(user=user, filterset=filterset, first_week=first_week)
    [ends] = [q["sql"] for q in queries.captured_queries if '"incidents_incident"' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {ends}")  # nosec B608  # SQL the ORM sent
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert plan.count("Index Only Scan using incident_occurred") == 2, plan
    assert "Rows Removed by Filter" not in plan, plan
    assert sum(row[-1] for row in counted) == filterset.qs.count() > 0
