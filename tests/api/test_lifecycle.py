"""The whole life of a claim through the API alone."""

import pytest

from audit.services import audit_verify_chain

pytestmark = pytest.mark.django_db


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def test_file_submit_reply_two_findings_verified(api_as, cast, category, claim_body):
    pak, afg = api_as("pak_officer"), api_as("afg_officer")
    tur, qat = api_as("tur_reviewer"), api_as("qat_reviewer")

    draft = ok(pak.post("/api/v1/incidents/", claim_body(), format="json"), 201)
    ref = draft["reference"]
    assert ref.startswith("PAK-") and draft["status"] == "draft"
    assert draft["reporting_party"] == "PAK" and draft["accused_party"] == "AFG"
    assert afg.get(f"/api/v1/incidents/{ref}/").status_code == 404  # another party's draft

    edited = ok(
        pak.patch(f"/api/v1/incidents/{ref}/", {"place_name": "Torkham gate"}, format="json")
    )
    assert edited["place_name"] == "Torkham gate" and edited["version"] == 2

    submitted = ok(pak.post(f"/api/v1/incidents/{ref}/submit/", format="json"))
    assert submitted["status"] == "under_review"  # auto-assigned: one reviewer per co-chair
    assert submitted["reply_due_at"] and submitted["findings_due_at"]

    reply = ok(
        afg.post(
            f"/api/v1/incidents/{ref}/reply/",
            {"position": "denies", "narrative": "No fire from our side."},
            format="json",
        ),
        201,
    )
    assert reply["position"] == "denies"

    ok(
        tur.post(
            f"/api/v1/incidents/{ref}/findings/",
            {
                "outcome": "verified",
                "grade": "confirmed",
                "intent": "deliberate",
                "reasoning": "Crater analysis.",
            },
            format="json",
        ),
        201,
    )
    # The other co-chair's finding stays hidden until both are in.
    assert ok(qat.get(f"/api/v1/incidents/{ref}/review/"))["findings"] == []
    ok(
        qat.post(
            f"/api/v1/incidents/{ref}/findings/",
            {
                "outcome": "verified",
                "grade": "probable",
                "intent": "accidental",
                "reasoning": "Imagery.",
            },
            format="json",
        ),
        201,
    )
    final = ok(afg.get(f"/api/v1/incidents/{ref}/"))
    assert (final["status"], final["outcome"], final["grade"]) == (
        "verified",
        "verified",
        "probable",
    )
    assert len(ok(afg.get(f"/api/v1/incidents/{ref}/review/"))["findings"]) == 2
    assert ok(api_as("observer").get(f"/api/v1/incidents/{ref}/"))["status"] == "verified"

    actions = [e["action"] for e in ok(pak.get(f"/api/v1/incidents/{ref}/events/"))]
    assert actions[0] == "created" and "reply_filed" in actions and actions[-1] == "decided"
    assert audit_verify_chain().ok


def test_a_disagreement_ends_at_a_meeting_decision(api_as, cast, category, claim_body):
    pak, sec = api_as("pak_officer"), api_as("secretariat")
    ref = ok(pak.post("/api/v1/incidents/", claim_body(), format="json"), 201)["reference"]
    ok(pak.post(f"/api/v1/incidents/{ref}/submit/"))
    ok(
        api_as("afg_officer").post(
            f"/api/v1/incidents/{ref}/reply/",
            {"position": "denies", "narrative": "Not our fire."},
            format="json",
        ),
        201,
    )
    for name, outcome, intent in (
        ("tur_reviewer", "verified", "deliberate"),
        ("qat_reviewer", "not_verified", ""),
    ):
        ok(
            api_as(name).post(
                f"/api/v1/incidents/{ref}/findings/",
                {"outcome": outcome, "grade": "possible", "intent": intent, "reasoning": "A."},
                format="json",
            ),
            201,
        )
    assert ok(pak.get(f"/api/v1/incidents/{ref}/"))["status"] == "disputed"

    meeting = ok(
        sec.post(
            "/api/v1/meetings/",
            {"title": "Review meeting 1", "scheduled_for": "2099-01-01T09:00:00Z"},
            format="json",
        ),
        201,
    )
    item = next(i for i in meeting["agenda"] if i["reference"] == ref)
    assert item["reason"] == "disputed"
    decided = ok(
        sec.post(
            f"/api/v1/meetings/{meeting['id']}/agenda/{item['id']}/decision/",
            {"outcome": "inconclusive", "grade": "possible", "minutes": "Joint view: unclear."},
            format="json",
        )
    )
    assert decided["decision_outcome"] == "inconclusive"
    assert ok(pak.get(f"/api/v1/incidents/{ref}/"))["status"] == "inconclusive"
    assert audit_verify_chain().ok
