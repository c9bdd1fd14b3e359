"""The action report endpoints as a client uses them: shapes, errors, the review."""

import pytest

from tests.api.support import PNG, assert_error, upload

from ..conftest import days


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
            {
                "outcome": "verified",
                "grade": "probable",
                "intent": "accidental",
                "reasoning": "Imagery.",
            },
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
