"""The suggestion query is served by the (reporting_party, occurred_at) index, not by a
scan of the claims: PostgreSQL's plan over enough claims for the planner to care, and
the bench's row (bench/links.py) on a small table."""

import random
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from bench import links as bench_links
from incidents.links.selectors import suggestion_candidates, suggestion_candidates_query
from incidents.models import Incident

pytestmark = pytest.mark.django_db

CLAIMS = 30_000


def _plant(*, count, pak, afg, category, officers, now, seed=7):
    """`count` submitted claims spread over two years along the border, both parties."""
    rng = random.Random(seed)  # nosec B311  # test data
    rows = []
    for n in range(count):
        reporter, accused = (pak, afg) if n % 2 else (afg, pak)
        occurred = now - timedelta(minutes=rng.randint(60, 2 * 365 * 24 * 60))
        rows.append(
            Incident(
                reference=f"{reporter.code}-1999-{n:06d}",
                reporting_party=reporter,
                accused_party=accused,
                alleged_actor="Border forces",
                category=category,
                occurred_at=occurred,
                reported_at=occurred + timedelta(hours=1),
                submitted_at=occurred + timedelta(hours=1),
                status="under_review",
                latitude=Decimal(f"{rng.uniform(31.0, 35.0):.5f}"),
                longitude=Decimal(f"{rng.uniform(69.0, 72.0):.5f}"),
                place_name="Border",
                province="Khyber Pakhtunkhwa",
                narrative="Fire.",
                created_by=officers[reporter.pk],
            )
        )
    Incident.objects.bulk_create(rows, batch_size=5000)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner")
def test_the_suggestion_query_uses_the_index(file_at, pak, afg, category, cast):
    officers = {pak.pk: cast["pak_officer"], afg.pk: cast["afg_officer"]}
    _plant(count=CLAIMS, pak=pak, afg=afg, category=category, officers=officers, now=timezone.now())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE incidents_incident")
    claim = file_at("pak_officer")

    plan = suggestion_candidates_query(claim).explain()

    assert "incident_reporter_occurred" in plan, plan
    assert "Seq Scan" not in plan, plan


def test_the_bench_row_runs_and_reports_the_plan(file_at):
    file_at("pak_officer", hours_ago=3)
    claims = [file_at("afg_officer", hours_ago=h) for h in (1, 2)]
    for claim in claims:
        claim.refresh_from_db()

    figures = bench_links.measure(claims=claims)

    assert figures["n"] == 2
    assert figures["found"] == sum(len(suggestion_candidates(c)) for c in claims) == 2
    ((name, figure, beside, goal, met),) = bench_links.rows(figures)
    assert name == "suggestions on submission, 2 claims"
    assert "(2 candidates)" in figure
    assert beside == "plans use incident_reporter_occurred; every one an index: yes"
    assert goal.startswith("median < 5 ms") and isinstance(met, bool)
    # SQLite's planner takes the same index (its plan names it too).
    assert figures["indexes"] == ["incident_reporter_occurred"]
    assert figures["indexed"], suggestion_candidates_query(claims[0]).explain()
