"""appeal_status on every read of a claim: the list and detail, the filter, the CSV and
GeoJSON exports, and the meeting's decision through the API."""

import csv
import io
import json

import pytest
from rest_framework.test import APIClient

from incidents.appeals.services import appeal_decide
from tests.factories import api_token


def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


@pytest.fixture
def claims(file_claim, appeal_of, cast):
    """A verified claim with no appeal, one pending, one overturned (now not verified)."""
    none, pending, overturned = (file_claim("verified") for _ in range(3))
    appeal_of(pending)
    appeal_decide(
        actor=cast["secretariat"],
        appeal=appeal_of(overturned),
        decision="overturn",
        minutes="New imagery.",
        meeting_label="Review meeting",
    )
    return {
        "none": none.reference,
        "pending": pending.reference,
        "overturned": overturned.reference,
    }


def test_the_list_and_detail_say_where_each_stands(claims, cast):
    client = api(cast["observer"])
    rows = {r["reference"]: r for r in client.get("/api/v1/incidents/").json()["results"]}
    assert {status: rows[ref]["appeal_status"] for status, ref in claims.items()} == {
        "none": "none",
        "pending": "pending",
        "overturned": "overturned",
    }
    assert rows[claims["overturned"]]["status"] == "not_verified"
    detail = client.get(f"/api/v1/incidents/{claims['pending']}/").json()
    assert detail["appeal_status"] == "pending"


def test_the_filter(claims, cast):
    client = api(cast["secretariat"])
    refs = lambda query: {  # noqa: E731
        r["reference"] for r in client.get(f"/api/v1/incidents/?{query}").json()["results"]
    }
    assert refs("appeal_status=pending") == {claims["pending"]}
    assert refs("appeal_status=pending&appeal_status=overturned") == {
        claims["pending"],
        claims["overturned"],
    }
    assert claims["none"] in refs("appeal_status=none&status=verified")
    assert claims["pending"] not in refs("appeal_status=none")
    response = client.get("/api/v1/incidents/?appeal_status=maybe")
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"


def test_the_verified_list_shows_findings_under_appeal(claims, cast, client):
    client.force_login(cast["pak_officer"])
    body = client.get("/claims/?status=verified&appeal_status=pending").content.decode()
    assert claims["pending"] in body and claims["none"] not in body


def test_the_exports_carry_it(claims, cast):
    client = api(cast["observer"])
    text = b"".join(client.get("/api/v1/incidents/export.csv").streaming_content).decode()
    rows = {r["reference"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows[claims["pending"]]["appeal_status"] == "pending"
    assert rows[claims["none"]]["appeal_status"] == "none"
    raw = b"".join(client.get("/api/v1/incidents/export.geojson").streaming_content)
    features = {f["properties"]["reference"]: f["properties"] for f in json.loads(raw)["features"]}
    assert features[claims["overturned"]]["appeal_status"] == "overturned"


def test_the_meeting_decides_an_appeal_through_the_api(file_claim, appeal_of, meeting, cast):
    claim = file_claim("verified")
    appeal_of(claim)
    item = meeting.items.get(incident=claim)
    client = api(cast["secretariat"])
    url = f"/api/v1/meetings/{meeting.pk}/agenda/{item.pk}/decision/"
    refused = client.post(url, {"minutes": "Heard."}, format="json")
    assert refused.status_code == 400
    assert "appeal_decision" in refused.json()["fields"]
    response = client.post(url, {"minutes": "Heard.", "appeal_decision": "uphold"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["reason"] == "appeal"
    claim.refresh_from_db()
    assert (claim.status, claim.appeal_status) == ("verified", "upheld")
