"""Claims by the ten thousand, for the tests that read PostgreSQL's plans: the planner
chooses its indexes only over enough rows."""

from datetime import timedelta
from decimal import Decimal

from django.db import connection

from incidents.models import Incident


def plant_claims(count, *, pak, afg, category, officer, now):
    """`count` submitted claims half an hour apart up to `now` (625 days for 30,000), every
    third overdue (due five days on), spread over a 3° by 3° square; then analysed."""
    rows = []
    for n in range(count):
        occurred = now - timedelta(minutes=30 * (count - n))
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
                latitude=Decimal(f"{32 + (n * 7919 % 3000) / 1000:.5f}"),
                longitude=Decimal(f"{69 + (n * 104729 % 3000) / 1000:.5f}"),
                place_name="Torkham",
                province="Khyber Pakhtunkhwa",
                narrative="Fire.",
                created_by=officer,
            )
        )
    Incident.objects.bulk_create(rows, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE incidents_incident")
