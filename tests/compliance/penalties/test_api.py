"""/api/v1/penalty-measures/ and /api/v1/penalties/: the lifecycle, the refusals' codes,
filters, cursor pages at a fixed number of queries, and Idempotency-Key."""

from datetime import timedelta

import pytest
import time_machine

from tests.api.support import assert_error

from .conftest import STATES

pytestmark = pytest.mark.django_db


def test_a_case_through_the_api(api_as, verified_claim, missed_commitment, meeting):
    commitment = missed_commitment()
    sec = api_as("secretariat")
    body = {
        "party": "AFG",
        "measure": "demarche",
        "rationale": "Verified fire and a missed commitment.",
        "claims": [verified_claim.reference],
        "commitments": [commitment.reference],
    }
    response = sec.post("/api/v1/penalties/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert response.status_code == 201, response.content
    case = response.json()
    assert case["status"] == "proposed" and case["version"] == 1
    assert {g["reference"] for g in case["grounds"]} == {
        verified_claim.reference,
        commitment.reference,
    }
    assert response["Location"].endswith(f"/api/v1/penalties/{case['reference']}/")
    replay = sec.post("/api/v1/penalties/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert replay.json()["reference"] == case["reference"]
    assert replay["Idempotent-Replayed"] == "true"

    url = f"/api/v1/penalties/{case['reference']}/"
    tur, qat = api_as("tur_reviewer"), api_as("qat_reviewer")
    ok = tur.post(url + "approve/", {"reason": "Verified.", "version": 1}, format="json")
    assert ok.status_code == 200 and ok.json()["decisions"][0]["cochair"] == "TUR"
    assert_error(
        qat.post(url + "reject/", {"reason": "No.", "version": 1}, format="json"),
        409,
        "STALE_VERSION",
    )
    split = qat.post(url + "reject/", {"reason": "Disproportionate.", "version": 2}, format="json")
    assert split.json()["status"] == "split"
    assert_error(
        tur.post(url + "reject/", {"reason": "Again."}, format="json"), 409, "ILLEGAL_TRANSITION"
    )
    decided = sec.post(
        url + "decide/",
        {"meeting": meeting.pk, "outcome": "approve", "minutes": "Approved."},
        format="json",
    )
    assert decided.status_code == 200, decided.content
    data = decided.json()
    assert data["status"] == "in_effect" and data["split_decision"]["meeting"] == meeting.pk

    afg = api_as("afg_officer")
    assert_error(
        api_as("pak_officer").post(url + "appeal/", {"grounds": "g"}, format="json"),
        403,
        "PENALTY_NOT_PENALISED_PARTY",
    )
    appealed = afg.post(url + "appeal/", {"grounds": "Not our forces."}, format="json")
    assert appealed.json()["status"] == "appealed"
    assert_error(
        afg.post(url + "appeal/", {"grounds": "Again."}, format="json"),
        409,
        "PENALTY_ALREADY_APPEALED",
    )
    overturned = sec.post(
        url + "decide/",
        {"meeting": meeting.pk, "outcome": "overturn", "minutes": "Overturned."},
        format="json",
    )
    assert overturned.json()["status"] == "overturned"
    assert overturned.json()["appeal_decision"]["minutes"] == "Overturned."

    events = sec.get(url + "events/").json()
    assert [e["action"] for e in events] == [
        "opened",
        "decision_recorded",
        "decision_recorded",
        "split",
        "meeting_decision",
        "appealed",
        "meeting_decision",
    ]


def test_opening_refusals(api_as, verified_claim, file_claim, make_commitment):
    sec = api_as("secretariat")
    base = {"party": "AFG", "measure": "demarche", "rationale": "r"}
    assert_error(
        sec.post("/api/v1/penalties/", base, format="json"), 400, "PENALTY_GROUNDS_REQUIRED"
    )
    other = {**base, "party": "PAK", "claims": [verified_claim.reference]}
    assert_error(
        sec.post("/api/v1/penalties/", other, format="json"), 400, "PENALTY_GROUND_INELIGIBLE"
    )
    pending = {**base, "commitments": [make_commitment().reference]}
    assert_error(
        sec.post("/api/v1/penalties/", pending, format="json"), 400, "PENALTY_GROUND_INELIGIBLE"
    )
    disputed = {**base, "claims": [file_claim("disputed").reference]}
    assert_error(
        sec.post("/api/v1/penalties/", disputed, format="json"), 400, "PENALTY_GROUND_INELIGIBLE"
    )
    assert_error(
        sec.post("/api/v1/penalties/", {**base, "measure": "nope"}, format="json"),
        400,
        "VALIDATION_ERROR",
    )
    for caller in ("pak_officer", "afg_officer", "observer"):
        body = {**base, "claims": [verified_claim.reference]}
        assert_error(
            api_as(caller).post("/api/v1/penalties/", body, format="json"), 403, "PERMISSION_DENIED"
        )
    assert_error(api_as().get("/api/v1/penalties/"), 401, "NOT_AUTHENTICATED")


def test_the_appeal_window_through_the_api(api_as, open_case):
    case = open_case("in_effect")
    url = f"/api/v1/penalties/{case.reference}/appeal/"
    with time_machine.travel(case.appeal_due_at, tick=False):
        assert_error(
            api_as("afg_officer").post(url, {"grounds": "Late."}, format="json"),
            409,
            "PENALTY_APPEAL_WINDOW_CLOSED",
        )
    with time_machine.travel(case.appeal_due_at - timedelta(seconds=1), tick=False):
        response = api_as("afg_officer").post(url, {"grounds": "Just in time."}, format="json")
        assert response.json()["status"] == "appealed"


def test_withdraw_through_the_api(api_as, open_case):
    case = open_case(by="tur_reviewer")
    url = f"/api/v1/penalties/{case.reference}/withdraw/"
    assert_error(
        api_as("qat_reviewer").post(url, {"reason": "r"}, format="json"), 403, "PERMISSION_DENIED"
    )
    assert_error(api_as("tur_reviewer").post(url, {}, format="json"), 400, "VALIDATION_ERROR")
    response = api_as("tur_reviewer").post(url, {"reason": "Settled."}, format="json")
    assert response.json()["status"] == "withdrawn"


def test_filters(api_as, open_case):
    in_effect, proposed = open_case("in_effect"), open_case()
    client = api_as("secretariat")

    def refs(**params):
        return {c["reference"] for c in client.get("/api/v1/penalties/", params).json()["results"]}

    assert refs(status="in_effect") == {in_effect.reference}
    assert refs(status=["in_effect", "proposed"]) == {in_effect.reference, proposed.reference}
    assert refs(party="PAK") == set()
    assert refs(party="AFG", measure="demarche") == {in_effect.reference, proposed.reference}
    today = in_effect.opened_at.date().isoformat()
    assert len(refs(opened_after=today, opened_before=today)) == 2
    assert refs(opened_before="2000-01-01") == set()
    for bad in ({"status": "late"}, {"opened_after": "soon"}, {"party": "XYZ"}):
        assert_error(client.get("/api/v1/penalties/", bad), 400, "VALIDATION_ERROR")


def test_list_query_count_does_not_grow_with_the_page(api_as, open_case, django_assert_num_queries):
    for _ in range(12):
        open_case()
    client = api_as("tur_reviewer")
    for size in (2, 10):
        with django_assert_num_queries(2):  # the token, then the page
            response = client.get("/api/v1/penalties/", {"page_size": size})
        assert len(response.json()["results"]) == size
    next_url = client.get("/api/v1/penalties/", {"page_size": 5}).json()["next"]
    with django_assert_num_queries(2):
        assert client.get(next_url).status_code == 200


def test_measures(api_as):
    listed = api_as("observer").get("/api/v1/penalty-measures/").json()
    assert "demarche" in {m["code"] for m in listed}
    body = {"code": "suspend_talks", "label": "Suspension of a working group", "appeal_days": 10}
    assert_error(
        api_as("tur_reviewer").post("/api/v1/penalty-measures/", body, format="json"),
        403,
        "PERMISSION_DENIED",
    )
    sec = api_as("secretariat")
    assert sec.post("/api/v1/penalty-measures/", body, format="json").status_code == 201
    assert_error(
        sec.post("/api/v1/penalty-measures/", body, format="json"), 400, "VALIDATION_ERROR"
    )
    patched = sec.patch(
        "/api/v1/penalty-measures/suspend_talks/", {"appeal_days": 21}, format="json"
    )
    assert patched.json()["appeal_days"] == 21
    assert_error(
        sec.patch("/api/v1/penalty-measures/suspend_talks/", {"appeal_days": 0}, format="json"),
        400,
        "VALIDATION_ERROR",
    )
    assert_error(sec.get("/api/v1/penalty-measures/nope/"), 404, "NOT_FOUND")


# --- the visibility matrix ------------------------------------------------------------------

CALLERS = ("pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer")
OBSERVER_SEES = {"in_effect", "appealed", "upheld", "overturned"}


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("endpoint", ["", "events/"])
def test_who_sees_a_case_in_each_state(api_as, open_case, state, endpoint):
    case = open_case(state)
    for caller in CALLERS:
        response = api_as(caller).get(f"/api/v1/penalties/{case.reference}/{endpoint}")
        visible = caller != "observer" or state in OBSERVER_SEES
        if visible:
            assert response.status_code == 200, (caller, response.content[:200])
        else:
            assert_error(response, 404, "NOT_FOUND")
        listed = api_as(caller).get("/api/v1/penalties/").json()["results"]
        assert (case.reference in {c["reference"] for c in listed}) == visible


@pytest.mark.parametrize("state", sorted(set(STATES) - OBSERVER_SEES))
@pytest.mark.parametrize("action", ["approve", "reject", "appeal", "decide", "withdraw"])
def test_observers_get_404_on_actions_for_cases_they_cannot_see(api_as, open_case, state, action):
    case = open_case(state)
    response = api_as("observer").post(
        f"/api/v1/penalties/{case.reference}/{action}/", {"reason": "r"}, format="json"
    )
    assert_error(response, 404, "NOT_FOUND")


@pytest.mark.parametrize("action", ["approve", "reject", "appeal", "withdraw"])
def test_observers_are_refused_actions_on_cases_they_see(api_as, open_case, action):
    case = open_case("in_effect")
    body = {"reason": "r", "grounds": "g"}
    response = api_as("observer").post(
        f"/api/v1/penalties/{case.reference}/{action}/", body, format="json"
    )
    assert response.status_code in (403, 409)


def test_an_unknown_reference_is_404(api_as):
    assert_error(
        api_as("secretariat").get("/api/v1/penalties/PEN-AFG-2026-9999/"), 404, "NOT_FOUND"
    )


def test_every_penalty_route_is_in_the_matrix():
    from api.urls import v1

    routes = {route.name for route in v1 if route.name.startswith("penalty-")}
    # Cases: test_who_sees_a_case_in_each_state and the action tests above; measures:
    # test_measures.
    assert routes == {
        "penalty-list",
        "penalty-detail",
        "penalty-events",
        *(f"penalty-{action}" for action in ("approve", "reject", "appeal", "decide", "withdraw")),
        "penalty-measure-list",
        "penalty-measure-detail",
    }
