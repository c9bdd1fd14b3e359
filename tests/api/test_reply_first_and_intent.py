"""Through the API: a finding waits for the accused party's reply (or its window's close),
and a verified finding says the violation's intent, withheld with the finding until both
are in."""

from datetime import timedelta

import pytest
import time_machine

from incidents.models import Finding
from tests.api.support import assert_error

pytestmark = pytest.mark.django_db

VERIFIED = {"outcome": "verified", "grade": "probable", "reasoning": "Imagery."}


def findings_url(claim):
    return f"/api/v1/incidents/{claim.reference}/findings/"


def review(client, claim) -> dict:
    response = client.get(f"/api/v1/incidents/{claim.reference}/review/")
    assert response.status_code == 200, response.content
    return response.json()


def test_an_early_finding_is_refused_with_reply_pending(api_as, file_claim):
    claim = file_claim("under_review")
    tur = api_as("tur_reviewer")
    opens = review(tur, claim)["findings_open_at"]
    assert opens == claim.reply_due_at.isoformat().replace("+00:00", "Z")

    response = tur.post(findings_url(claim), {**VERIFIED, "intent": "deliberate"}, format="json")

    assert_error(response, 409, "REPLY_PENDING")
    assert not Finding.objects.filter(incident=claim).exists()


def test_after_the_reply_findings_open_at_the_reply(api_as, file_claim):
    claim = file_claim("replied")
    tur = api_as("tur_reviewer")
    assert review(tur, claim)["findings_open_at"] == review(tur, claim)["reply"]["filed_at"]

    response = tur.post(findings_url(claim), {**VERIFIED, "intent": "accidental"}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["intent"] == "accidental"


def test_after_the_window_closed_a_finding_is_taken(api_as, file_claim):
    claim = file_claim("under_review")
    with time_machine.travel(claim.reply_due_at + timedelta(seconds=1), tick=False):
        response = api_as("tur_reviewer").post(
            findings_url(claim), {**VERIFIED, "intent": "undetermined"}, format="json"
        )
    assert response.status_code == 201, response.content


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(VERIFIED, id="verified-without-intent"),
        pytest.param({**VERIFIED, "intent": ""}, id="verified-blank-intent"),
        pytest.param(
            {**VERIFIED, "outcome": "not_verified", "intent": "deliberate"},
            id="not-verified-with-intent",
        ),
        pytest.param({**VERIFIED, "intent": "on purpose"}, id="unknown-intent"),
    ],
)
def test_a_bad_intent_is_a_validation_error_naming_the_field(api_as, file_claim, body):
    claim = file_claim("replied")

    response = api_as("tur_reviewer").post(findings_url(claim), body, format="json")

    assert_error(response, 400, "VALIDATION_ERROR", field="intent")
    assert not Finding.objects.filter(incident=claim).exists()


def test_the_first_findings_intent_is_withheld_until_both_are_in(api_as, file_claim):
    claim = file_claim("replied")
    tur, qat = api_as("tur_reviewer"), api_as("qat_reviewer")
    body = {**VERIFIED, "intent": "deliberate"}
    assert tur.post(findings_url(claim), body, format="json").status_code == 201

    for name in ("qat_reviewer", "pak_officer", "afg_officer"):
        assert review(api_as(name), claim)["findings"] == [], name
        events = api_as(name).get(f"/api/v1/incidents/{claim.reference}/events/").json()
        assert "deliberate" not in str(events), name
    assert [f["intent"] for f in review(tur, claim)["findings"]] == ["deliberate"]

    other = {**VERIFIED, "intent": "accidental"}
    assert qat.post(findings_url(claim), other, format="json").status_code == 201
    intents = {f["cochair"]: f["intent"] for f in review(api_as("afg_officer"), claim)["findings"]}
    assert intents == {"TUR": "deliberate", "QAT": "accidental"}
    claim.refresh_from_db()
    assert (claim.status, claim.intent) == ("verified", "differing")


def test_a_finding_that_is_not_verified_has_no_intent(api_as, file_claim):
    claim = file_claim("replied")
    response = api_as("tur_reviewer").post(
        findings_url(claim), {**VERIFIED, "outcome": "inconclusive"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["intent"] is None
