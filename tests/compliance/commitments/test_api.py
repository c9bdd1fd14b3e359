"""The commitment endpoints as a client uses them: shapes, errors, filters, pages."""

import pytest

from compliance.models import Commitment
from tests.api.support import assert_error

from ..conftest import days


def test_secretariat_records_a_commitment_and_reads_its_progress(
    api_as, commitment_body, make_report
):
    response = api_as("secretariat").post(
        "/api/v1/commitments/", commitment_body(), format="json", HTTP_IDEMPOTENCY_KEY="c-1"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("CMT-AFG-")
    assert response["Location"].endswith(f"/api/v1/commitments/{body['reference']}/")
    assert [m["quantity"] for m in body["milestones"]] == [6, 12]
    assert body["status"] == "on_track" and body["verified_quantity"] == 0

    again = api_as("secretariat").post(
        "/api/v1/commitments/", commitment_body(), format="json", HTTP_IDEMPOTENCY_KEY="c-1"
    )
    assert again.json()["reference"] == body["reference"]
    assert Commitment.objects.count() == 1

    make_report(Commitment.objects.get(), state="verified", quantity=6)
    detail = api_as("observer").get(f"/api/v1/commitments/{body['reference']}/").json()
    assert detail["verified_quantity"] == 6
    assert [m["state"] for m in detail["milestones"]] == ["met", "pending"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"party": "XYZ"}, "party"),
        ({"kind": "teleport"}, "kind"),
        ({"session_date": "06/11/2025"}, "session_date"),
        ({"target_quantity": 0}, "target_quantity"),
        ({"unit": ""}, "unit"),
        ({"milestones": [{"due_date": "2025-01-01", "quantity": "many"}]}, "milestones.0.quantity"),
        ({"milestones": "soon"}, "milestones.non_field_errors"),
    ],
)
def test_commitment_input_errors_are_400_with_the_field(
    api_as, commitment_body, overrides, field, cast
):
    response = api_as("secretariat").post(
        "/api/v1/commitments/", commitment_body(**overrides), format="json"
    )
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert field in body["fields"], body


def test_milestones_out_of_order_are_a_field_error(api_as, commitment_body, cast):
    response = api_as("secretariat").post(
        "/api/v1/commitments/",
        commitment_body(
            milestones=[
                {"due_date": days(20).isoformat(), "quantity": 8},
                {"due_date": days(30).isoformat(), "quantity": 6},
            ]
        ),
        format="json",
    )
    assert "milestones" in assert_error(response, 400, "VALIDATION_ERROR")["fields"]


def test_commitment_filters(api_as, make_commitment, make_report, pak):
    on_track = make_commitment()
    missed = make_commitment(
        session_date=days(-60), due_date=days(-1), milestones=[(days(-30), 5), (days(-1), 10)]
    )
    met = make_commitment(party=pak)
    make_report(met, state="verified", quantity=10, by="pak_officer")
    client = api_as("observer")

    def refs(**params):
        response = client.get("/api/v1/commitments/", params)
        assert response.status_code == 200, response.content
        return {r["reference"] for r in response.json()["results"]}

    assert refs(status="missed") == {missed.reference}
    assert refs(status=["met", "on_track"]) == {met.reference, on_track.reference}
    assert refs(party="PAK") == {met.reference}
    assert refs(kind="raid") == {on_track.reference, missed.reference, met.reference}
    assert refs(due_before=days(0).isoformat()) == {missed.reference}
    assert refs(due_after=days(0).isoformat()) == {on_track.reference, met.reference}
    for bad in ({"status": "late"}, {"due_after": "soon"}, {"party": "XYZ"}):
        assert_error(client.get("/api/v1/commitments/", bad), 400, "VALIDATION_ERROR")


def test_list_query_counts_do_not_grow_with_the_page(
    api_as, make_commitment, make_report, make_referral, django_assert_num_queries
):
    for _ in range(12):
        commitment = make_commitment(milestones=[(days(10), 4), (days(30), 10)])
        make_report(commitment, state="submitted")
        make_referral()
    client = api_as("tur_reviewer")
    # The token, then the page.
    for url in ("/api/v1/commitments/", "/api/v1/action-reports/", "/api/v1/referrals/"):
        for size in (2, 10):
            with django_assert_num_queries(2):
                response = client.get(url, {"page_size": size})
            assert len(response.json()["results"]) == size
        next_url = client.get(url, {"page_size": 5}).json()["next"]
        with django_assert_num_queries(2):
            assert client.get(next_url).status_code == 200
