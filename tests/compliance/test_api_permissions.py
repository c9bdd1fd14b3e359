"""The role × state × endpoint matrix for the compliance endpoints, written from
DESIGN.md and the issue: not visible → 404; visible but not the caller's to do → 403;
the caller's to do but the wrong state → 409; anonymous → 401."""

import pytest

from tests.api.support import assert_error

CALLERS = ("pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer")
OK, CREATED, NF = (200, None), (201, None), (404, "NOT_FOUND")
PD, NYP, IT = (403, "PERMISSION_DENIED"), (403, "NOT_YOUR_PARTY"), (409, "ILLEGAL_TRANSITION")
RP = (409, "REPLY_PENDING")


def check(response, expected):
    status, code = expected
    if code is None:
        assert response.status_code == status, (response.status_code, response.content[:300])
    else:
        assert_error(response, status, code)


@pytest.fixture
def world(make_commitment, make_report, make_referral):
    """AFG owes a commitment; its action reports in each state; a PAK → AFG referral."""
    commitment = make_commitment()
    return {
        "commitment": commitment,
        "draft": make_report(commitment),
        "submitted": make_report(commitment, state="submitted"),
        "contested": make_report(commitment, state="contested"),
        "verified": make_report(commitment, state="verified"),
        "referral": make_referral(),
    }


# Who sees an action report in each state.  pak afg tur qat sec obs
REPORT_VISIBLE = {
    "draft": (0, 1, 0, 0, 1, 0),
    "submitted": (1, 1, 1, 1, 1, 0),
    "verified": (1, 1, 1, 1, 1, 1),
}


@pytest.mark.parametrize("state", list(REPORT_VISIBLE))
@pytest.mark.parametrize("endpoint", ["", "events/", "evidence/", "review/"])
def test_action_report_reads(api_as, world, state, endpoint):
    reference = world[state].reference
    for caller, visible in zip(CALLERS, REPORT_VISIBLE[state], strict=True):
        response = api_as(caller).get(f"/api/v1/action-reports/{reference}/{endpoint}")
        check(response, OK if visible else NF)
    assert_error(api_as().get(f"/api/v1/action-reports/{reference}/"), 401, "NOT_AUTHENTICATED")


# What each caller gets from submit / withdraw.   pak  afg  tur  qat  sec  obs
REPORT_ACTIONS = {
    ("submit", "draft"): (NF, OK, NF, NF, PD, NF),
    ("submit", "submitted"): (NYP, IT, PD, PD, PD, NF),
    ("submit", "verified"): (NYP, IT, PD, PD, PD, PD),
    ("withdraw", "draft"): (NF, OK, NF, NF, PD, NF),
    ("withdraw", "submitted"): (NYP, OK, PD, PD, PD, NF),
    ("withdraw", "verified"): (NYP, IT, PD, PD, PD, PD),
    # The review, as for claims: the other party contests, each co-chair records its finding.
    ("reply", "submitted"): (CREATED, NYP, PD, PD, PD, NF),
    ("reply", "verified"): (IT, NYP, PD, PD, PD, PD),
    # Findings wait for the other party's contest (or its window's close).
    ("findings", "submitted"): (PD, PD, RP, RP, PD, NF),
    ("findings", "contested"): (PD, PD, CREATED, CREATED, PD, NF),
    ("findings", "verified"): (PD, PD, IT, IT, PD, PD),
    ("assign", "draft"): (NF, PD, NF, NF, IT, NF),
    ("assign", "verified"): (PD, PD, PD, PD, IT, PD),
    # Amendments, as for claims: the obligated party's officers, once submitted, until decided.
    ("amend", "draft"): (NF, IT, NF, NF, PD, NF),
    ("amend", "submitted"): (NYP, OK, PD, PD, PD, NF),
    ("amend", "verified"): (NYP, IT, PD, PD, PD, PD),
}
BODIES = {
    "reply": {"position": "denies", "narrative": "Nothing happened there."},
    "findings": {
        "outcome": "verified",
        "grade": "probable",
        "intent": "deliberate",
        "reasoning": "Imagery.",
    },
    "assign": {"reviewers": ["tur_reviewer"]},
    "amend": {"quantity": 1, "reason": "Corrected count after the site visit."},
}


@pytest.mark.parametrize(("action", "state"), list(REPORT_ACTIONS))
@pytest.mark.parametrize("caller_index", range(len(CALLERS)))
def test_action_report_actions(api_as, world, action, state, caller_index):
    caller, expected = CALLERS[caller_index], REPORT_ACTIONS[(action, state)][caller_index]
    reference = world[state].reference
    response = api_as(caller).post(
        f"/api/v1/action-reports/{reference}/{action}/", BODIES.get(action, {}), format="json"
    )
    check(response, expected)


# PATCH edits a draft, as for claims.  pak  afg  tur  qat  sec  obs
REPORT_PATCH = {
    "draft": (NF, OK, NF, NF, PD, NF),
    "submitted": (NYP, IT, PD, PD, PD, NF),
    "verified": (NYP, IT, PD, PD, PD, PD),
}


@pytest.mark.parametrize("state", list(REPORT_PATCH))
@pytest.mark.parametrize("caller_index", range(len(CALLERS)))
def test_action_report_patch(api_as, world, state, caller_index):
    caller, expected = CALLERS[caller_index], REPORT_PATCH[state][caller_index]
    response = api_as(caller).patch(
        f"/api/v1/action-reports/{world[state].reference}/", {"quantity": 4}, format="json"
    )
    check(response, expected)
    if expected == OK:
        assert response.json()["quantity"] == 4 and response.json()["version"] == 2


def test_every_compliance_route_is_in_the_matrix():
    from api.urls import v1

    compliance = ("commitment-", "action-report-", "referral-")
    routes = {route.name for route in v1 if route.name.startswith(compliance)}
    assert routes == {
        "commitment-list",
        "commitment-detail",
        "commitment-events",
        "action-report-list",
        "action-report-detail",
        *(f"action-report-{action}" for action, _ in REPORT_ACTIONS),
        "action-report-review",
        "action-report-events",
        "action-report-evidence",
        "action-report-evidence-file",
        "referral-list",
        "referral-detail",
        "referral-events",
        "referral-evidence",
        "referral-evidence-file",
        "referral-acknowledge",
        "referral-respond",
        # A file's preview and graphic mark: tests/evidence/test_api.py.
        "action-report-evidence-preview",
        "action-report-evidence-graphic",
        "referral-evidence-preview",
        "referral-evidence-graphic",
        # Unofficial translations of the narrative: tests/translations/test_api.py.
        "action-report-translations",
        "action-report-translation",
        "referral-translations",
        "referral-translation",
    }


# What each caller gets on a PAK → AFG referral that was just sent.
#                      pak  afg  tur  qat  sec  obs
REFERRAL_ENDPOINTS = {
    ("get", ""): (OK, OK, OK, OK, OK, NF),
    ("get", "events/"): (OK, OK, OK, OK, OK, NF),
    ("get", "evidence/"): (OK, OK, OK, OK, OK, NF),
    ("post", "acknowledge/"): (NYP, OK, PD, PD, PD, NF),
    ("post", "respond/"): (NYP, OK, PD, PD, PD, NF),
}


@pytest.mark.parametrize(("method", "endpoint"), list(REFERRAL_ENDPOINTS))
@pytest.mark.parametrize("caller_index", range(len(CALLERS)))
def test_referral_endpoints(api_as, world, method, endpoint, caller_index):
    caller = CALLERS[caller_index]
    url = f"/api/v1/referrals/{world['referral'].reference}/{endpoint}"
    client = api_as(caller)
    if method == "get":
        response = client.get(url)
    else:
        response = client.post(url, {"answer": "Raided; nothing found."}, format="json")
    check(response, REFERRAL_ENDPOINTS[(method, endpoint)][caller_index])


def test_observers_list_no_referrals_and_parties_no_foreign_drafts(api_as, world):
    assert api_as("observer").get("/api/v1/referrals/").json()["results"] == []
    seen = {
        r["reference"]
        for r in api_as("pak_officer").get("/api/v1/action-reports/").json()["results"]
    }
    assert world["draft"].reference not in seen
    assert world["submitted"].reference in seen
    observer = {
        r["reference"] for r in api_as("observer").get("/api/v1/action-reports/").json()["results"]
    }
    assert observer == {world["verified"].reference}


@pytest.mark.parametrize("caller", CALLERS)
def test_everyone_signed_in_reads_commitments(api_as, world, caller):
    reference = world["commitment"].reference
    client = api_as(caller)
    assert client.get("/api/v1/commitments/").status_code == 200
    detail = client.get(f"/api/v1/commitments/{reference}/")
    assert detail.status_code == 200
    shown = {r["reference"] for r in detail.json()["action_reports"]}
    assert world["verified"].reference in shown
    assert (world["draft"].reference in shown) == (caller in ("afg_officer", "secretariat"))
    assert client.get(f"/api/v1/commitments/{reference}/events/").status_code == 200


@pytest.mark.parametrize("caller", CALLERS)
def test_only_the_secretariat_records_commitments(api_as, world, caller, commitment_body):
    response = api_as(caller).post("/api/v1/commitments/", commitment_body(), format="json")
    check(response, CREATED if caller == "secretariat" else PD)


@pytest.mark.parametrize(
    "url",
    ["/api/v1/commitments/", "/api/v1/action-reports/", "/api/v1/referrals/"],
)
def test_anonymous_callers_are_refused(api_as, url):
    assert_error(api_as().get(url), 401, "NOT_AUTHENTICATED")


def test_missing_references_answer_404(api_as, world):
    client = api_as("secretariat")
    for url in (
        "/api/v1/commitments/CMT-AFG-2025-9999/",
        "/api/v1/action-reports/ACT-AFG-2025-9999/",
        "/api/v1/referrals/REF-PAK-2025-9999/",
    ):
        assert_error(client.get(url), 404, "NOT_FOUND")
