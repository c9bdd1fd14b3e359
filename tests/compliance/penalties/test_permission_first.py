"""Permission before validation, on every write endpoint of the API: a caller who may not
act is refused (403, or 404 where it may not see the record) whatever its body says; an
empty body never earns it the list of required fields (400).

It lives beside the penalty fixtures because it needs one record of every kind: a claim,
a commitment, an action report, a referral, a penalty case and a meeting."""

import pytest

pytestmark = pytest.mark.django_db

ACTORS = ("pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer")
OFFICERS = {"pak_officer", "afg_officer"}
REVIEWERS = {"tur_reviewer", "qat_reviewer"}

# path template -> (method, the actors who may act there, by role and party)
ENDPOINTS = {
    "/api/v1/incidents/": ("post", OFFICERS),
    "/api/v1/incidents/{claim}/": ("patch", {"pak_officer"}),
    "/api/v1/incidents/{claim}/submit/": ("post", {"pak_officer"}),
    "/api/v1/incidents/{claim}/withdraw/": ("post", {"pak_officer"}),
    "/api/v1/incidents/{claim}/amend/": ("post", {"pak_officer"}),
    "/api/v1/incidents/{claim}/assign/": ("post", {"secretariat"}),
    "/api/v1/incidents/{claim}/reply/": ("post", {"afg_officer"}),
    "/api/v1/incidents/{claim}/findings/": ("post", REVIEWERS),
    "/api/v1/incidents/{claim}/evidence/": ("post", OFFICERS),
    "/api/v1/commitments/": ("post", {"secretariat"}),
    "/api/v1/action-reports/": ("post", OFFICERS),
    "/api/v1/action-reports/{report}/": ("patch", OFFICERS),
    "/api/v1/action-reports/{report}/submit/": ("post", {"afg_officer"}),
    "/api/v1/action-reports/{report}/assign/": ("post", {"secretariat"}),
    "/api/v1/action-reports/{report}/findings/": ("post", REVIEWERS),
    "/api/v1/referrals/": ("post", OFFICERS),
    "/api/v1/referrals/{referral}/acknowledge/": ("post", OFFICERS),
    "/api/v1/referrals/{referral}/respond/": ("post", OFFICERS),
    "/api/v1/penalty-measures/": ("post", {"secretariat"}),
    "/api/v1/penalty-measures/{measure}/": ("patch", {"secretariat"}),
    "/api/v1/penalties/": ("post", {"secretariat", *REVIEWERS}),
    "/api/v1/penalties/{case}/approve/": ("post", REVIEWERS),
    "/api/v1/penalties/{case}/reject/": ("post", REVIEWERS),
    "/api/v1/penalties/{case}/appeal/": ("post", OFFICERS),
    "/api/v1/penalties/{case}/decide/": ("post", {"secretariat"}),
    "/api/v1/penalties/{case}/withdraw/": ("post", {"secretariat", *REVIEWERS}),
    "/api/v1/meetings/": ("post", {"secretariat"}),
    "/api/v1/meetings/{meeting}/refresh/": ("post", {"secretariat"}),
    "/api/v1/meetings/{meeting}/close/": ("post", {"secretariat"}),
}

CELLS = [
    pytest.param(path, actor, id=f"{ENDPOINTS[path][0]}-{path}-{actor}")
    for path in ENDPOINTS
    for actor in ACTORS
    if actor not in ENDPOINTS[path][1]
]


@pytest.fixture
def records(file_claim, make_commitment, make_report, make_referral, open_case, meeting, measure):
    commitment = make_commitment()
    return {
        "claim": file_claim("under_review").reference,
        "report": make_report(commitment, state="draft").reference,
        "referral": make_referral().reference,
        "case": open_case("proposed").reference,
        "meeting": meeting.pk,
        "measure": measure.code,
    }


@pytest.mark.parametrize(("path", "actor"), CELLS)
def test_a_caller_who_may_not_act_is_refused_before_its_body_is_read(api_as, records, path, actor):
    method, _ = ENDPOINTS[path]
    response = getattr(api_as(actor), method)(path.format(**records), {}, format="json")
    assert response.status_code in (403, 404), (response.status_code, response.content[:300])
    assert response.json()["fields"] == {}
