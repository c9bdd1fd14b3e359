"""IncidentTally: the database keeps it equal to a count of the claims, however they change."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from incidents.demo import seed_claims
from incidents.filters import IncidentFilter
from incidents.models import Incident, IncidentTally
from incidents.selectors import (
    TALLY_FILTERS,
    _claim_counts,
    incident_counts,
    incident_visible_to,
)
from incidents.tally import tally_compact
from verification.services import review_withdraw
from verification.statuses import Status
from verification.sweep import run_sweep

MONDAY = datetime(2025, 3, 3, tzinfo=UTC).date()


def week_of(moment):
    day = moment.astimezone(UTC).date()
    return day - timedelta(days=day.weekday())


def counted_from_claims() -> Counter:
    tally = Counter()
    for claim in Incident.objects.all():
        key = (
            claim.reporting_party_id,
            claim.accused_party_id,
            claim.category_id,
            claim.status,
            claim.submitted_at is not None,
            week_of(claim.occurred_at),
        )
        tally[key] += 1
    return tally


def tallied() -> Counter:
    return Counter(
        {
            (
                t.reporting_party_id,
                t.accused_party_id,
                t.category_id,
                t.status,
                t.submitted,
                t.week,
            ): t.n
            for t in IncidentTally.objects.all()
            if t.n
        }
    )


def test_filing_submitting_deciding_and_withdrawing_keep_the_tally_exact(file_claim, cast):
    file_claim("draft")
    file_claim("under_review", by="afg_officer")
    file_claim("verified")
    file_claim("disputed")
    review_withdraw(actor=cast["pak_officer"], record=file_claim("under_review"), reason="Error")

    assert tallied() == counted_from_claims()
    assert sum(tallied().values()) == 5


def test_a_bulk_insert_an_update_and_a_delete_keep_the_tally_exact(file_claim, cast):
    seed_claims(count=300, seed=7)
    claim = file_claim("under_review")
    Incident.objects.filter(status=Status.SUBMITTED).update(
        occurred_at=datetime(2025, 3, 5, 12, tzinfo=UTC)
    )
    Incident.objects.filter(pk=claim.pk).update(
        reporting_party=F("accused_party"), accused_party=F("reporting_party")
    )
    Incident.objects.filter(status=Status.DRAFT).delete()

    assert tallied() == counted_from_claims()
    assert sum(tallied().values()) == Incident.objects.count()


def test_flagging_overdue_claims_leaves_the_tally_alone(
    file_claim, cast, django_assert_num_queries
):
    claim = file_claim("under_review")
    Incident.objects.filter(pk=claim.pk).update(findings_due_at=timezone.now() - timedelta(hours=1))
    before = list(IncidentTally.objects.order_by("pk").values_list("pk", "n"))

    assert run_sweep(as_of=timezone.now()).total >= 1

    assert list(IncidentTally.objects.order_by("pk").values_list("pk", "n")) == before


def test_weeks_start_on_monday_in_utc(file_claim):
    claim = file_claim("draft")
    # Sunday 23:30 in UTC is still the week that began the Monday before
    Incident.objects.filter(pk=claim.pk).update(
        occurred_at=datetime(2025, 3, 9, 23, 30, tzinfo=UTC)
    )
    assert IncidentTally.objects.filter(n__gt=0).get().week == MONDAY


def valid_filter(user, query):
    filterset = IncidentFilter(query, queryset=incident_visible_to(user))
    assert filterset.is_valid(), filterset.errors
    return filterset


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status": ["verified", "under_review"]},
        {"reporting_party": "PAK", "category": "cross_border_fire"},
        {"accused_party": "PAK"},
    ],
)
@pytest.mark.parametrize(
    "viewer", ["pak_officer", "afg_officer", "tur_reviewer", "secretariat", "observer"]
)
def test_counts_from_the_tally_match_counting_the_claims(
    query, viewer, cast, file_claim, django_assert_num_queries
):
    seed_claims(count=200, seed=11)
    file_claim("draft")
    file_claim("draft", by="afg_officer")
    user = cast[viewer]
    assert set(query) <= TALLY_FILTERS
    first_week = week_of(timezone.now()) - timedelta(weeks=25)

    filterset = valid_filter(user, query)
    with django_assert_num_queries(1):
        from_tally = sorted(incident_counts(user=user, filterset=filterset, first_week=first_week))

    # the same claims, counted one by one
    from_claims = sorted(_claim_counts(filterset.qs, first_week))
    live = (
        IncidentFilter(query, queryset=incident_visible_to(user))
        .qs.values("pk")
        .aggregate(n=Count("pk"))["n"]
    )
    assert from_tally == from_claims
    assert sum(row[-1] for row in from_tally) == live


def test_the_test_runs_flush_leaves_no_tally_behind_whatever_the_table_order(file_claim):
    """Transactional tests end with a flush. SQLite's is a DELETE per table in set order:
    emptying the tally before the claims left their delete trigger's -1 rows behind.
    (PostgreSQL's is one TRUNCATE, which fires no row trigger.)"""
    if connection.vendor != "sqlite":
        pytest.skip("a flush by DELETE is SQLite's")
    file_claim("under_review")
    file_claim("draft", by="afg_officer")
    tables = connection.introspection.django_table_names(only_existing=True)
    tables = sorted(tables, key=lambda table: table != IncidentTally._meta.db_table)

    statements = connection.ops.sql_flush(no_style(), tables, allow_cascade=False)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)

    assert not Incident.objects.exists()
    assert list(IncidentTally.objects.values_list("n", flat=True)) == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage options")
@pytest.mark.django_db
def test_the_tally_keeps_room_in_its_pages_for_updates_in_place():
    """Each claim written updates one tally row: with half-empty pages the update stays
    in its page (no new index entry) and the table does not grow between vacuums."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reloptions FROM pg_class WHERE relname = %s", [IncidentTally._meta.db_table]
        )
        (options,) = cursor.fetchone()
    assert "fillfactor=50" in options
    assert "autovacuum_vacuum_scale_factor=0" in options


def tally_file() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relfilenode FROM pg_class WHERE relname = %s", [IncidentTally._meta.db_table]
        )
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's storage")
@pytest.mark.django_db(transaction=True)
def test_a_bulk_loads_superseded_tally_rows_are_rewritten_away(file_claim):
    """A load updates the same tally rows batch after batch in one transaction; the
    rewrite copies the live rows, their counts unchanged, into a new file. (What it can
    leave out depends on the server: versions another open transaction may still see
    are copied too, so the test reads the rewrite, not the size.)"""
    file_claim("under_review")
    with transaction.atomic(), connection.cursor() as cursor:
        # Versions of the same rows in one transaction, as a load's batches leave them.
        cursor.execute(
            "DO $$ BEGIN FOR i IN 1..300 LOOP UPDATE incidents_incidenttally SET n = n;"
            " END LOOP; END $$"
        )
    before = tally_file()
    counts = sorted(IncidentTally.objects.values_list("week", "status", "n"))

    assert tally_compact() is True

    assert tally_file() != before
    assert sorted(IncidentTally.objects.values_list("week", "status", "n")) == counts


@pytest.mark.django_db
def test_the_rewrite_waits_for_no_transaction_it_cannot_run_in():
    assert tally_compact() is False


def summed(rows) -> Counter:
    """Rows of incident_counts by group: a group may come from the tally and the claims."""
    totals = Counter()
    for reporting, accused, status, week, n in rows:
        totals[reporting, accused, status, week] += n
    return +totals


@pytest.mark.parametrize(
    ("after", "before"),
    [
        ("2025-03-03T00:00:00Z", "2025-06-02T00:00:00Z"),  # Monday midnights at both ends
        ("2025-03-05T13:20:00Z", "2025-06-04T08:00:00Z"),  # mid-week at both ends
        ("2025-03-05T13:20:00+04:30", "2025-06-01T23:59:59.999999Z"),  # Kabul; Sunday's end
        ("2025-03-05T13:20:00Z", ""),
        ("", "2025-06-04T08:00:00Z"),
        ("2025-03-04T00:00:00Z", "2025-03-09T10:00:00Z"),  # inside one week
        ("2025-03-06T00:00:00Z", "2025-03-12T00:00:00Z"),  # across a Monday, no whole week
    ],
)
@pytest.mark.parametrize("viewer", ["pak_officer", "secretariat", "observer"])
def test_a_date_range_is_counted_from_the_tally_weeks_and_the_claims_at_its_ends(
    after, before, viewer, cast, file_claim, django_assert_max_num_queries
):
    seed_claims(count=300, seed=5)
    claims = list(Incident.objects.order_by("pk"))
    for n, claim in enumerate(claims):  # one every 37 h 11 min from January to August
        claim.occurred_at = datetime(2025, 1, 6, tzinfo=UTC) + n * timedelta(hours=37, minutes=11)
    Incident.objects.bulk_update(claims, ["occurred_at"])
    file_claim("draft")
    user = cast[viewer]
    query = {"status": ["verified", "under_review", "draft"]}
    query |= {k: v for k, v in (("occurred_after", after), ("occurred_before", before)) if v}
    filterset = valid_filter(user, query)
    first_week = datetime(2025, 2, 3, tzinfo=UTC).date()
    with django_assert_max_num_queries(2):  # the tally, and the claims of the part weeks
        rows = incident_counts(user=user, filterset=filterset, first_week=first_week)
    from_claims = summed(_claim_counts(filterset.qs, first_week))
    assert summed(rows) == from_claims
    assert sum(from_claims.values()) == filterset.qs.count()
    if viewer == "secretariat":
        assert from_claims  # the range holds claims: the test compares something
