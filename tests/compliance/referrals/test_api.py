"""The referral endpoints as a client uses them: shapes, errors, countdowns."""

from datetime import timedelta

import pytest
from django.utils import timezone

from compliance.models import Referral
from tests.api.support import assert_error


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
