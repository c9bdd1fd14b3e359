"""A call with an API token skips the browser's middleware and keeps every check: security
headers, the request id, no-store, lockdown; a session's call to the API keeps its session,
its CSRF check and its second-factor policy, whatever other Authorization it sends."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from config.browser_middleware import is_token_api_call
from incidents.models import Incident
from operations.lockdown.services import site_mode_switch
from tests.accounts.support import default_policy
from tests.factories import api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_body(afg, category):
    def make():
        return {
            "accused_party": afg.code,
            "category": category.code,
            "alleged_actor": "Afghan border forces",
            "occurred_at": "2025-06-01T04:30:00Z",
            "time_precision": "exact",
            "latitude": 34.133,
            "longitude": 71.083,
            "place_name": "Torkham",
            "province": "Khyber Pakhtunkhwa",
            "border_sector": "Torkham",
            "geo_precision": "exact",
            "narrative": "Mortar rounds landed near the crossing at dawn.",
            "sources": "Border post log",
        }

    return make


@pytest.fixture
def token_client(cast):
    def make(name="pak_officer"):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(cast[name])}")
        return client

    return make


@pytest.mark.parametrize(
    ("path", "header", "expected"),
    [
        ("/api/v1/incidents/", "Token abc", True),
        ("/api/v1/incidents/", "token abc", True),  # knox compares the word without case
        ("/api/v1/incidents/", "Token", True),  # knox refuses it: 401, never the session
        ("/api/v1/incidents/", "Bearer abc", False),
        ("/api/v1/incidents/", "Tokenabc", False),
        ("/api/v1/incidents/", "Token\xa0abc", False),  # not whitespace to knox
        ("/api/v1/incidents/", "", False),
        ("/claims/", "Token abc", False),
    ],
)
def test_only_token_calls_to_the_api_are_token_calls(path, header, expected):
    request = RequestFactory().get(path, HTTP_AUTHORIZATION=header)
    assert is_token_api_call(request) is expected


def test_a_token_call_has_the_security_headers_and_request_id(token_client):
    response = token_client().get("/api/v1/incidents/", HTTP_X_REQUEST_ID="client-id-1")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "client-id-1"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]
    assert response["Cache-Control"] == "no-store, private"


def test_a_token_call_makes_its_own_request_id_and_no_cookies(token_client):
    response = token_client().get("/api/v1/incidents/")
    assert len(response["X-Request-ID"]) == 36
    assert not response.cookies  # no session, no CSRF cookie
    assert "Cookie" not in response.get("Vary", "")


def test_a_refused_token_gets_the_headers_too(token_client):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 64)
    response = client.get("/api/v1/incidents/")
    assert response.status_code == 401
    assert response.json()["code"] == "AUTHENTICATION_FAILED"
    assert response["X-Request-ID"]
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


def test_a_bad_token_is_not_rescued_by_the_session(cast):
    """With the token scheme named, the token alone decides: the session beside it is
    not read."""
    client = APIClient()
    client.force_login(cast["pak_officer"])
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 64)
    assert client.get("/api/v1/incidents/").status_code == 401


def test_read_only_refuses_a_token_write(token_client, secretariat, claim_body):
    site_mode_switch(actor=secretariat, mode="read_only", reason="Drill of the read-only mode.")
    client = token_client()
    assert client.get("/api/v1/incidents/").status_code == 200
    refused = client.post("/api/v1/incidents/", claim_body(), format="json")
    assert refused.status_code == 503
    assert refused.json()["code"] == "READ_ONLY_MODE"
    assert refused["X-Request-ID"]
    assert not Incident.objects.exists()


def test_no_access_refuses_a_token_but_the_secretariats(token_client, secretariat):
    site_mode_switch(actor=secretariat, mode="no_access", reason="Drill of the no-access mode.")
    refused = token_client("observer").get("/api/v1/incidents/")
    assert refused.status_code == 503
    assert refused.json()["code"] == "NO_ACCESS_MODE"
    assert token_client("secretariat").get("/api/v1/incidents/").status_code == 200


@pytest.mark.parametrize("authorization", [None, "Bearer something-else"])
def test_a_session_write_to_the_api_still_needs_csrf(cast, claim_body, authorization):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(cast["pak_officer"])
    if authorization:
        browser.credentials(HTTP_AUTHORIZATION=authorization)
    refused = browser.post("/api/v1/incidents/", claim_body(), format="json")
    assert refused.status_code == 403
    assert refused.json()["code"] == "PERMISSION_DENIED"
    assert "CSRF" in refused.json()["detail"]
    assert not Incident.objects.exists()

    browser.get("/accounts/password/")  # a page with a form sets the CSRF cookie
    csrf = browser.cookies["csrftoken"].value
    created = browser.post("/api/v1/incidents/", claim_body(), format="json", HTTP_X_CSRFTOKEN=csrf)
    assert created.status_code == 201, created.content


def test_a_session_call_still_meets_the_second_factor_policy(tur_reviewer, settings):
    settings.SECOND_FACTOR_POLICY_ENFORCED = True
    default_policy()
    browser = APIClient()
    browser.force_login(tur_reviewer)
    browser.credentials(HTTP_AUTHORIZATION="Bearer something-else")
    refused = browser.get("/api/v1/incidents/")
    assert refused.status_code == 403
    assert refused.json()["code"] == "SECOND_FACTOR_NOT_ENROLLED"
