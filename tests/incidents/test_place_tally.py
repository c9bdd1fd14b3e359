"""IncidentPlaceTally: the database keeps it equal to a count of the claims by place, and
the dashboard's counts under a province or border-sector filter come from it."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from incidents.demo import seed_claims
from incidents.models import Incident, IncidentPlaceTally
from incidents.selectors import PLACE_TALLY_FILTERS, _claim_counts, incident_counts
from tests.incidents.test_tally import summed, valid_filter, week_of
from verification.services import review_withdraw
from verification.statuses import Status
from verification.sweep import run_sweep


def counted_from_claims() -> Counter:
    return Counter(
        (
            c.reporting_party_id,
            c.accused_party_id,
            c.province,
            c.border_sector,
            c.status,
            c.submitted_at is not None,
            week_of(c.occurred_at),
        )
        for c in Incident.objects.all()
    )


def tallied() -> Counter:
    rows = IncidentPlaceTally.objects.values_list(
        "reporting_party_id",
        "accused_party_id",
        "province",
        "border_sector",
        "status",
        "submitted",
        "week",
        "n",
    )
    return Counter({tuple(row[:-1]): row[-1] for row in rows if row[-1]})


def test_filing_deciding_withdrawing_and_moving_keep_the_place_tally_exact(file_claim, cast):
    file_claim("draft")
    file_claim("verified", by="afg_officer")
    moved = file_claim("disputed")
    review_withdraw(actor=cast["pak_officer"], record=file_claim("under_review"), reason="Error")
    seed_claims(count=300, seed=3)
    Incident.objects.filter(pk=moved.pk).update(province="Kunar", border_sector="Asadabad")
    Incident.objects.filter(status=Status.SUBMITTED).update(
        occurred_at=datetime(2025, 3, 5, 12, tzinfo=UTC)
    )
    Incident.objects.filter(pk=moved.pk).update(
        reporting_party=F("accused_party"), accused_party=F("reporting_party")
    )
    Incident.objects.filter(status=Status.DRAFT).delete()

    assert tallied() == counted_from_claims()
    assert sum(tallied().values()) == Incident.objects.count()


def test_flagging_overdue_claims_leaves_the_place_tally_alone(file_claim):
    claim = file_claim("under_review")
    Incident.objects.filter(pk=claim.pk).update(findings_due_at=timezone.now() - timedelta(hours=1))
    before = list(IncidentPlaceTally.objects.order_by("pk").values_list("pk", "n"))

    assert run_sweep(as_of=timezone.now()).total >= 1

    assert list(IncidentPlaceTally.objects.order_by("pk").values_list("pk", "n")) == before


@pytest.mark.parametrize(
    "query",
    [
        {"province": "khyber pakhtunkhwa"},
        {"border_sector": "TORKHAM", "status": ["verified", "under_review"]},
        {"province": "Nangarhar", "accused_party": "PAK"},
        {
            "province": "Khyber Pakhtunkhwa",
            "occurred_after": "2025-03-05T13:20:00Z",
            "occurred_before": "2025-06-04T08:00:00Z",
        },
    ],
)
@pytest.mark.parametrize("viewer", ["pak_officer", "tur_reviewer", "secretariat", "observer"])
def test_place_counts_from_the_tally_match_counting_the_claims(
    query, viewer, cast, file_claim, django_assert_max_num_queries
):
    seed_claims(count=300, seed=11)
    claims = list(Incident.objects.order_by("pk"))
    for n, claim in enumerate(claims):  # one every 37 h 11 min from January to August
        claim.occurred_at = datetime(2025, 1, 6, tzinfo=UTC) + n * timedelta(hours=37, minutes=11)
    Incident.objects.bulk_update(claims, ["occurred_at"])
    file_claim("draft")
    user = cast[viewer]
    assert set(query) - {"occurred_after", "occurred_before"} <= PLACE_TALLY_FILTERS
    filterset = valid_filter(user, query)
    first_week = datetime(2025, 2, 3, tzinfo=UTC).date()

    # The place tally, and with a date range the claims of its part weeks.
    with django_assert_max_num_queries(2 if "occurred_after" in query else 1) as captured:
        rows = incident_counts(user=user, filterset=filterset, first_week=first_week)

    assert "incidents_incidentplacetally" in captured.captured_queries[0]["sql"]

    from_claims = summed(_claim_counts(filterset.qs, first_week))
    assert summed(rows) == from_claims
    assert sum(from_claims.values()) == filterset.qs.count()
    if viewer == "secretariat":
        assert from_claims  # the filter selects claims: the test compares something
