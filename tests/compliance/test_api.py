"""The compliance endpoints as a client uses them: shapes, errors, filters, pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compliance.models import Commitment, Referral
from tests.api.support import PNG, assert_error, upload

from .conftest import days


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


def test_action_report_lifecycle_through_the_api(api_as, make_commitment, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    commitment = make_commitment()
    afg = api_as("afg_officer")
    response = afg.post(
        "/api/v1/action-reports/",
        {
            "commitment": commitment.reference,
            "action_date": days(-2).isoformat(),
            "latitude": 34.43,
            "longitude": 70.45,
            "place_name": "Jalalabad",
            "quantity": 2,
            "narrative": "Two compounds raided.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    reference = response.json()["reference"]
    evidence = afg.post(
        f"/api/v1/action-reports/{reference}/evidence/",
        {"file": upload(), "visibility": "mediators_only"},
        format="multipart",
    )
    assert evidence.status_code == 201, evidence.content
    assert afg.post(f"/api/v1/action-reports/{reference}/submit/").status_code == 200
    # The other party sees that mediators-only evidence exists, not its name or bytes.
    pak_view = api_as("pak_officer").get(f"/api/v1/action-reports/{reference}/").json()
    assert pak_view["status"] == "under_review"  # one reviewer per co-chair, by least load
    assert pak_view["evidence"][0]["original_name"] is None
    assert pak_view["evidence"][0]["download_url"] is None
    file_url = f"/api/v1/action-reports/{reference}/evidence/{evidence.json()['id']}/"
    assert_error(api_as("pak_officer").get(file_url), 403, "PERMISSION_DENIED")
    download = api_as("tur_reviewer").get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    contest = api_as("pak_officer").post(
        f"/api/v1/action-reports/{reference}/reply/",
        {"position": "denies", "narrative": "The compounds were empty months ago."},
        format="json",
    )
    assert contest.status_code == 201, contest.content
    for reviewer in ("tur_reviewer", "qat_reviewer"):
        finding = api_as(reviewer).post(
            f"/api/v1/action-reports/{reference}/findings/",
            {"outcome": "verified", "grade": "probable", "reasoning": "Imagery."},
            format="json",
        )
        assert finding.status_code == 201, finding.content
    review = afg.get(f"/api/v1/action-reports/{reference}/review/").json()
    assert review["reply"]["position"] == "denies" and len(review["findings"]) == 2
    assert afg.get(f"/api/v1/action-reports/{reference}/").json()["status"] == "verified"
    progress = afg.get(f"/api/v1/commitments/{commitment.reference}/").json()
    assert progress["verified_quantity"] == 2
    events = afg.get(f"/api/v1/action-reports/{reference}/events/").json()
    assert [e["action"] for e in events] == [
        "created",
        "evidence_added",
        "submitted",
        "assigned",
        "reply_filed",
        "finding_recorded",
        "finding_recorded",
        "decided",
    ]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"commitment": "CMT-AFG-2025-9999"}, "commitment"),
        ({"quantity": -1}, "quantity"),
        ({"latitude": 95}, "latitude"),
        ({"latitude": 51.5, "longitude": -0.1}, "latitude"),
        ({"action_date": "yesterday"}, "action_date"),
        ({"narrative": ""}, "narrative"),
    ],
)
def test_action_report_input_errors(api_as, make_commitment, overrides, field):
    commitment = make_commitment()
    body = {
        "commitment": commitment.reference,
        "action_date": days(-1).isoformat(),
        "quantity": 1,
        "narrative": "Raid.",
        **overrides,
    }
    response = api_as("afg_officer").post("/api/v1/action-reports/", body, format="json")
    assert field in assert_error(response, 400, "VALIDATION_ERROR")["fields"]


def test_a_party_reports_only_on_its_own_commitments(api_as, make_commitment):
    commitment = make_commitment()
    response = api_as("pak_officer").post(
        "/api/v1/action-reports/",
        {
            "commitment": commitment.reference,
            "action_date": days(-1).isoformat(),
            "quantity": 1,
            "narrative": "Raid.",
        },
        format="json",
    )
    assert_error(response, 403, "NOT_YOUR_PARTY")


def test_referral_through_the_api(api_as, make_commitment, make_report):
    pak = api_as("pak_officer")
    response = pak.post(
        "/api/v1/referrals/",
        {
            "to_party": "AFG",
            "subject": "Commander at a safe house",
            "requested_action": "Raid and detain.",
            "urgency": "immediate",
            "latitude": 34.4,
            "longitude": 70.5,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "sent" and body["urgency"] == "immediate"
    reference = body["reference"]
    report = make_report(make_commitment(), state="submitted")
    afg = api_as("afg_officer")
    assert afg.post(f"/api/v1/referrals/{reference}/acknowledge/").status_code == 200
    assert_error(afg.post(f"/api/v1/referrals/{reference}/acknowledge/"), 409, "ILLEGAL_TRANSITION")
    response = afg.post(
        f"/api/v1/referrals/{reference}/respond/",
        {"action_report": report.reference},
        format="json",
    )
    assert response.json()["response_action_report"] == report.reference
    events = pak.get(f"/api/v1/referrals/{reference}/events/").json()
    assert [e["action"] for e in events] == ["sent", "acknowledged", "responded"]
    inbox = afg.get("/api/v1/referrals/", {"to_party": "AFG", "status": "responded"}).json()
    assert [r["reference"] for r in inbox["results"]] == [reference]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"to_party": "PAK"}, "to_party"),
        ({"urgency": "whenever"}, "urgency"),
        ({"subject": ""}, "subject"),
        ({"latitude": 34.4}, "longitude"),
    ],
)
def test_referral_input_errors(api_as, overrides, field, cast):
    body = {
        "to_party": "AFG",
        "subject": "A safe house",
        "requested_action": "Raid it.",
        "urgency": "routine",
        **overrides,
    }
    response = api_as("pak_officer").post("/api/v1/referrals/", body, format="json")
    assert field in assert_error(response, 400, "VALIDATION_ERROR")["fields"]


def test_respond_needs_a_report_or_an_answer(api_as, make_referral):
    reference = make_referral().reference
    client = api_as("afg_officer")
    response = client.post(f"/api/v1/referrals/{reference}/respond/", {}, format="json")
    assert "answer" in assert_error(response, 400, "VALIDATION_ERROR")["fields"]
    response = client.post(
        f"/api/v1/referrals/{reference}/respond/",
        {"action_report": "ACT-AFG-2025-9999"},
        format="json",
    )
    assert "action_report" in assert_error(response, 400, "VALIDATION_ERROR")["fields"]
    assert Referral.objects.get().status == "sent"


def test_referral_countdowns_are_in_the_payload(api_as, make_referral):
    referral = make_referral(urgency="immediate")
    body = api_as("afg_officer").get(f"/api/v1/referrals/{referral.reference}/").json()
    assert body["acknowledge_due_at"].endswith("Z")
    sent = referral.sent_at
    assert referral.acknowledge_due_at - sent == timedelta(hours=6)
    assert timezone.now() < referral.acknowledge_due_at


@pytest.mark.parametrize(
    ("caller", "shown"),
    [
        ("tur_reviewer", True),
        ("secretariat", True),
        ("qat_reviewer", False),
        ("pak_officer", False),
    ],
)
def test_an_action_reports_first_finding_names_no_one_until_both_are_in(
    caller, shown, api_as, make_commitment, make_report
):
    report = make_report(make_commitment(), state="one_finding")  # Türkiye's is in

    events = api_as(caller).get(f"/api/v1/action-reports/{report.reference}/events/").json()

    (recorded,) = [e for e in events if e["action"] == "finding_recorded"]
    assert recorded["withheld"] is not shown
    assert (recorded["actor"] == "tur_reviewer") is shown
    assert (recorded["hash"] is not None) is shown


def test_an_action_report_is_edited_then_amended_through_the_api(api_as, make_commitment):
    afg = api_as("afg_officer")
    commitment = make_commitment()
    created = afg.post(
        "/api/v1/action-reports/",
        {
            "commitment": commitment.reference,
            "action_date": str(days(-1)),
            "quantity": 2,
            "narrative": "Compound raided.",
        },
        format="json",
    ).json()
    url = f"/api/v1/action-reports/{created['reference']}/"
    assert created["version"] == 1 and created["revisions"] == []

    edited = afg.patch(url, {"quantity": 3, "version": 1}, format="json")
    assert edited.status_code == 200 and edited.json()["version"] == 2
    assert_error(afg.patch(url, {"quantity": 4, "version": 1}, format="json"), 409, "STALE_VERSION")
    refused = afg.patch(url, {"quantity": -1}, format="json")
    assert_error(refused, 400, "VALIDATION_ERROR", field="quantity")

    assert afg.post(f"{url}submit/", format="json").status_code == 200
    assert_error(afg.patch(url, {"quantity": 4}, format="json"), 409, "ILLEGAL_TRANSITION")
    refused = afg.post(f"{url}amend/", {"quantity": 1}, format="json")
    assert_error(refused, 400, "VALIDATION_ERROR", field="reason")
    amended = afg.post(
        f"{url}amend/",
        {"quantity": 1, "reason": "One raid was by the police.", "version": 2},
        format="json",
        HTTP_IDEMPOTENCY_KEY="amend-1",
    )
    assert amended.status_code == 200, amended.content
    body = amended.json()
    assert body["quantity"] == 1 and body["version"] == 3
    assert body["revisions"][0]["previous_content"]["quantity"] == 3
    assert body["revisions"][0]["changed_fields"] == ["quantity"]
    # Both parties read the amendment; the old text is kept.
    seen = api_as("pak_officer").get(url).json()
    assert seen["revisions"][0]["reason"] == "One raid was by the police."
    actions = [e["action"] for e in afg.get(f"{url}events/").json()]
    assert actions[:3] == ["created", "draft_edited", "submitted"] and "amended" in actions


def test_the_schema_documents_the_new_compliance_endpoints(client):
    import json

    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = json.loads(response.content)["paths"]
    amend = next(p for p in paths if p.startswith("/api/v1/action-reports/") and "amend" in p)
    assert "post" in paths[amend]
    detail = next(
        p for p in paths if p.startswith("/api/v1/action-reports/{") and p.count("/") == 5
    )
    assert "patch" in paths[detail]
    evidence = [p for p in paths if p.startswith("/api/v1/referrals/") and "evidence" in p]
    assert len(evidence) == 2
