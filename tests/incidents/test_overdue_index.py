"""The dashboard's overdue list under a date filter reads the range on its own index
(incident_overdue_occurred) rather than walking the deadline index, at whose far end a
recent range lies: PostgreSQL's plan over enough claims for the planner to care."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from incidents.models import Incident
from incidents.selectors import incident_visible_to, overdue_first

pytestmark = pytest.mark.django_db

CLAIMS = 30_000


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_a_dated_overdue_list_reads_the_range_not_the_deadline_order(pak, afg, category, cast):
    now = timezone.now()
    rows = []
    for n in range(CLAIMS):
        # Half an hour apart over 625 days, every third overdue, due five days on.
        occurred = now - timedelta(minutes=30 * (CLAIMS - n))
        rows.append(
            Incident(
                reference=f"PAK-1998-{n:06d}",
                reporting_party=pak,
                accused_party=afg,
                alleged_actor="Border forces",
                category=category,
                occurred_at=occurred,
                reported_at=occurred,
                submitted_at=occurred,
                findings_due_at=occurred + timedelta(days=5),
                findings_overdue_at=occurred + timedelta(days=5) if n % 3 == 0 else None,
                status="under_review",
                latitude=Decimal("34.1"),
                longitude=Decimal("71.1"),
                place_name="Torkham",
                province="Khyber Pakhtunkhwa",
                narrative="Fire.",
                created_by=cast["pak_officer"],
            )
        )
    Incident.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incidents_incident")
    claims = incident_visible_to(cast["secretariat"]).filter(
        occurred_at__gte=now - timedelta(days=30)
    )

    plan = overdue_first(claims, limit=10, dated=True).explain()
    listed = list(overdue_first(claims, limit=10, dated=True))

    assert "incident_overdue_occurred" in plan, plan
    assert "Index Scan using incident_overdue " not in plan, plan
    expected = claims.overdue().order_by("findings_due_at", "pk")[:10]
    assert [c.pk for c in listed] == [c.pk for c in expected]
