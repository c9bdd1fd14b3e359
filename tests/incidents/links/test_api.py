"""The links API: who may do what (the matrix), the error codes, idempotency, the filters."""

import pytest

from incidents.links.models import ClaimLink, LinkSuggestion, SuggestionState
from incidents.links.services import claim_link
from tests.api.support import assert_error
from tests.factories import api_token

pytestmark = pytest.mark.django_db

CALLERS = ("pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer")
OK, CREATED, GONE = (200, None), (201, None), (204, None)
PD, NF, ANON = (403, "PERMISSION_DENIED"), (404, "NOT_FOUND"), (401, "NOT_AUTHENTICATED")

# Two claims in review, one by each party, suggested as the same event. The observer
# sees neither (not yet decided); both parties see both.
#                 pak  afg  tur      qat      sec      obs anonymous
MATRIX = {
    "list": (OK, OK, OK, OK, OK, NF, ANON),
    "create": (PD, PD, CREATED, CREATED, CREATED, NF, ANON),
    "delete": (PD, PD, GONE, GONE, GONE, NF, ANON),
    "suggestions": (PD, PD, OK, OK, OK, NF, ANON),
    "dismiss": (PD, PD, OK, OK, OK, NF, ANON),
}


@pytest.fixture
def api_as(cast):
    from rest_framework.test import APIClient

    def make(name):
        client = APIClient()
        if name != "anonymous":
            client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(cast[name])}")
        return client

    return make


@pytest.fixture
def pair(file_at):
    return file_at("pak_officer"), file_at("afg_officer")


def request(client, endpoint, pak, afg):
    base = f"/api/v1/incidents/{pak.reference}/"
    if endpoint == "list":
        return client.get(base + "links/")
    if endpoint == "create":
        body = {"other": afg.reference, "kind": "same_event", "reason": "One exchange of fire."}
        return client.post(base + "links/", body, format="json")
    if endpoint == "delete":
        return client.delete(base + f"links/{afg.reference}/?reason=Two+events.")
    if endpoint == "suggestions":
        return client.get(base + "suggestions/")
    body = {"reason": "Different villages."}
    return client.post(base + f"suggestions/{afg.reference}/dismiss/", body, format="json")


@pytest.mark.parametrize("caller", [*CALLERS, "anonymous"])
@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_the_matrix(endpoint, caller, pair, cast, api_as):
    pak, afg = pair
    if endpoint == "delete":
        claim_link(actor=cast["secretariat"], claim=pak, other=afg, kind="related", reason="R.")
    status, code = MATRIX[endpoint][(*CALLERS, "anonymous").index(caller)]

    response = request(api_as(caller), endpoint, pak, afg)

    if code:
        assert_error(response, status, code)
    else:
        assert response.status_code == status, response.content[:300]


def test_a_link_reads_the_same_from_both_claims(pair, api_as):
    pak, afg = pair
    reviewer = api_as("tur_reviewer")
    body = {"other": afg.reference, "kind": "same_event", "reason": "One exchange of fire."}

    created = reviewer.post(f"/api/v1/incidents/{pak.reference}/links/", body, format="json")

    assert created.status_code == 201
    assert created.json()["other"] == {
        "reference": afg.reference,
        "reporting_party": "AFG",
        "status": afg.status,
    }
    (seen,) = api_as("pak_officer").get(f"/api/v1/incidents/{afg.reference}/links/").json()
    assert seen["other"]["reference"] == pak.reference
    assert (seen["kind"], seen["reason"], seen["created_by"]) == (
        "same_event",
        "One exchange of fire.",
        "tur_reviewer",
    )


def test_the_error_codes(pair, file_at, api_as):
    pak, afg = pair
    another_pak = file_at("pak_officer", hours_ago=3)
    hidden_draft = file_at("afg_officer", submit=False)
    reviewer = api_as("tur_reviewer")
    url = f"/api/v1/incidents/{pak.reference}/links/"

    def post(other, kind="same_event"):
        return reviewer.post(url, {"other": other, "kind": kind, "reason": "Why."}, format="json")

    assert_error(post(pak.reference), 400, "SELF_LINK")
    assert_error(post(another_pak.reference), 400, "LINK_SAME_PARTY")
    assert_error(post(hidden_draft.reference), 400, "VALIDATION_ERROR", field="other")
    assert_error(post("PAK-2020-99999"), 400, "VALIDATION_ERROR", field="other")
    assert_error(post(afg.reference, kind="cousin"), 400, "VALIDATION_ERROR", field="kind")
    assert post(afg.reference).status_code == 201
    assert_error(post(afg.reference), 409, "LINK_EXISTS")
    gone = reviewer.delete(f"{url}{another_pak.reference}/?reason=x")
    assert_error(gone, 404, "LINK_NOT_FOUND")
    assert_error(reviewer.delete(f"{url}{afg.reference}/"), 400, "VALIDATION_ERROR", field="reason")
    dismiss = reviewer.post(
        f"/api/v1/incidents/{pak.reference}/suggestions/{afg.reference}/dismiss/",
        {"reason": "x"},
        format="json",
    )
    assert_error(dismiss, 409, "SUGGESTION_DECIDED")


def test_a_retried_link_with_its_key_answers_the_first_result(pair, api_as):
    pak, afg = pair
    reviewer = api_as("qat_reviewer")
    body = {"other": afg.reference, "kind": "related", "reason": "Reply to fire."}
    url = f"/api/v1/incidents/{pak.reference}/links/"

    first = reviewer.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="link-1")
    again = reviewer.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY="link-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true"
    assert first.json() == again.json()
    assert ClaimLink.objects.count() == 1


def test_suggestions_list_every_state(pair, api_as):
    pak, afg = pair
    reviewer = api_as("tur_reviewer")
    base = f"/api/v1/incidents/{afg.reference}/suggestions/"

    (open_one,) = reviewer.get(base).json()
    assert open_one["other"]["reference"] == pak.reference and open_one["state"] == "open"
    reviewer.post(f"{base}{pak.reference}/dismiss/", {"reason": "No."}, format="json")

    (dismissed,) = reviewer.get(base).json()
    assert (dismissed["state"], dismissed["reason"]) == ("dismissed", "No.")
    assert LinkSuggestion.objects.get().state == SuggestionState.DISMISSED


def references(response):
    assert response.status_code == 200, response.content[:300]
    return {row["reference"] for row in response.json()["results"]}


def test_the_list_filters_by_link(pair, file_at, file_claim, cast, api_as):
    pak, afg = pair
    sequel = file_at("pak_officer", hours_ago=2)
    alone = file_at("afg_officer", hours_ago=100)
    secretariat = cast["secretariat"]
    claim_link(actor=secretariat, claim=pak, other=afg, kind="same_event", reason="S.")
    claim_link(actor=secretariat, claim=pak, other=sequel, kind="related", reason="R.")
    officer = api_as("afg_officer")

    assert references(officer.get(f"/api/v1/incidents/?related_to={pak.reference}")) == {
        afg.reference,
        sequel.reference,
    }
    assert references(officer.get(f"/api/v1/incidents/?related_to={afg.reference}")) == {
        pak.reference
    }
    countered = references(officer.get("/api/v1/incidents/?has_counter_claim=true"))
    assert countered == {pak.reference, afg.reference}
    uncountered = references(officer.get("/api/v1/incidents/?has_counter_claim=false"))
    assert {sequel.reference, alone.reference} <= uncountered
    assert not uncountered & countered
    assert_error(officer.get("/api/v1/incidents/?has_counter_claim=maybe"), 400, "VALIDATION_ERROR")


def test_the_filters_see_no_link_to_a_hidden_claim(file_claim, file_at, cast, api_as):
    verified = file_claim("verified", by="afg_officer")
    in_review = file_at("pak_officer")
    claim_link(
        actor=cast["secretariat"], claim=verified, other=in_review, kind="same_event", reason="S."
    )
    observer = api_as("observer")

    assert references(observer.get(f"/api/v1/incidents/?related_to={in_review.reference}")) == set()
    assert references(observer.get("/api/v1/incidents/?has_counter_claim=true")) == set()
    assert verified.reference in references(
        observer.get("/api/v1/incidents/?has_counter_claim=false")
    )
