"""The appeal's permission matrix: every caller × every appeal endpoint × claims in each
state an appeal meets. Written from DESIGN.md and the appeal's rules (the party found
against, once, on a final finding; observers see that an appeal exists and its outcome,
its grounds and evidence only once decided), never from the code under test."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from incidents.appeals.models import Appeal
from incidents.appeals.services import appeal_decide, appeal_evidence_add, appeal_file
from incidents.models import Incident

from .support import (
    MISSING_REFERENCE,
    PNG,
    assert_error,
    build_cast,
    client_for,
    file_claim_as,
    module_world,
    record_finding,
    upload,
)

pytestmark = pytest.mark.django_db

OK = (200, None)
CREATED = (201, None)
NF = (404, "NOT_FOUND")
PD = (403, "PERMISSION_DENIED")
ANYP = (403, "APPEAL_NOT_YOUR_PARTY")
NAPP = (409, "APPEAL_NOT_APPEALABLE")
FILED = (409, "APPEAL_ALREADY_FILED")
DECIDED = (409, "APPEAL_ALREADY_DECIDED")
ANONYMOUS = (401, "NOT_AUTHENTICATED")

CALLERS = ("pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer")

# Every claim is filed by PAK against AFG. `verified` went against AFG, `not_verified`
# against PAK; `pending` and `upheld` are verified claims AFG appealed (with a file),
# `upheld` decided by the meeting.
STATES = ("draft_pak", "under_review", "verified", "not_verified", "pending", "upheld", "missing")

#                  pak_officer afg_officer tur_reviewer qat_reviewer secretariat observer
# GET the appeal: whoever sees the claim, once there is an appeal.
READ_APPEAL = {
    "draft_pak": (NF, NF, NF, NF, NF, NF),
    "under_review": (NF, NF, NF, NF, NF, NF),
    "verified": (NF, NF, NF, NF, NF, NF),
    "not_verified": (NF, NF, NF, NF, NF, NF),
    "pending": (OK, OK, OK, OK, OK, OK),
    "upheld": (OK, OK, OK, OK, OK, OK),
    "missing": (NF, NF, NF, NF, NF, NF),
}
# POST an appeal: officers only; the party found against; a final finding; once.
FILE_APPEAL = {
    "draft_pak": (NAPP, NF, NF, NF, PD, NF),
    "under_review": (NAPP, NAPP, PD, PD, PD, NF),
    "verified": (ANYP, CREATED, PD, PD, PD, PD),
    "not_verified": (CREATED, ANYP, PD, PD, PD, PD),
    "pending": (ANYP, FILED, PD, PD, PD, PD),
    "upheld": (ANYP, FILED, PD, PD, PD, PD),
    "missing": (NF, NF, NF, NF, NF, NF),
}
# GET the appeal's files (list and one file): observers only once it is decided.
READ_EVIDENCE = {
    "draft_pak": (NF, NF, NF, NF, NF, NF),
    "under_review": (NF, NF, NF, NF, NF, NF),
    "verified": (NF, NF, NF, NF, NF, NF),
    "not_verified": (NF, NF, NF, NF, NF, NF),
    "pending": (OK, OK, OK, OK, OK, NF),
    "upheld": (OK, OK, OK, OK, OK, OK),
    "missing": (NF, NF, NF, NF, NF, NF),
}
# POST a file to the appeal: the appealing party's officers, while it is pending.
ADD_EVIDENCE = {
    "draft_pak": (NF, NF, NF, NF, NF, NF),
    "under_review": (NF, NF, NF, NF, NF, NF),
    "verified": (NF, NF, NF, NF, NF, NF),
    "not_verified": (NF, NF, NF, NF, NF, NF),
    "pending": (ANYP, CREATED, PD, PD, PD, NF),
    "upheld": (ANYP, DECIDED, PD, PD, PD, PD),
    "missing": (NF, NF, NF, NF, NF, NF),
}

ENDPOINTS = {
    "appeal": ("get", "appeal/", None, READ_APPEAL),
    "appeal-create": ("post", "appeal/", {"grounds": "The imagery is older."}, FILE_APPEAL),
    "appeal-evidence": ("get", "appeal/evidence/", None, READ_EVIDENCE),
    "appeal-evidence-file": ("get", "appeal/evidence/{evidence}/", None, READ_EVIDENCE),
    "appeal-evidence-add": ("post", "appeal/evidence/", "upload", ADD_EVIDENCE),
}


def _build_world() -> dict:
    world = build_cast()
    users = world["users"]

    def file(state):
        claim, _ = file_claim_as(world, state)
        return claim

    def appealed(decide: bool):
        claim = file("verified")
        appeal = appeal_file(actor=users["afg_officer"], incident=claim, grounds="Older imagery.")
        evidence = appeal_evidence_add(user=users["afg_officer"], appeal=appeal, upload=upload())
        if decide:
            appeal_decide(
                actor=users["secretariat"],
                appeal=appeal,
                decision="uphold",
                minutes="Heard both delegations.",
                meeting_label="Review meeting",
            )
        return claim.reference, {"evidence": evidence.pk}

    not_verified, _ = file_claim_as(world, "replied")
    record_finding(users["tur_reviewer"], not_verified, "not_verified")
    record_finding(users["qat_reviewer"], not_verified, "not_verified")
    claims = {
        "draft_pak": (file("draft").reference, {"evidence": 999_999}),
        "under_review": (file("under_review").reference, {"evidence": 999_999}),
        "verified": (file("verified").reference, {"evidence": 999_999}),
        "not_verified": (not_verified.reference, {"evidence": 999_999}),
        "pending": appealed(decide=False),
        "upheld": appealed(decide=True),
        "missing": (MISSING_REFERENCE, {"evidence": 999_999}),
    }
    assert Incident.objects.get(reference=claims["not_verified"][0]).status == "not_verified"
    return {**world, "claims": claims}


world = module_world(_build_world)


def call(client, method, url, body):
    if body == "upload":
        data = {"file": SimpleUploadedFile("photo.png", PNG, "image/png"), "visibility": "parties"}
        return client.post(url, data, format="multipart")
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, format="json")


CELLS = [
    pytest.param(endpoint, state, caller, id=f"{endpoint}-{state}-{caller}")
    for endpoint in ENDPOINTS
    for state in STATES
    for caller in (*CALLERS, "anonymous")
]


@pytest.mark.parametrize(("endpoint", "state", "caller"), CELLS)
def test_appeal_endpoint(endpoint, state, caller, world):
    method, suffix, body, table = ENDPOINTS[endpoint]
    reference, files = world["claims"][state]
    expected = ANONYMOUS if caller == "anonymous" else table[state][CALLERS.index(caller)]
    client = client_for(world, caller)
    before = Appeal.objects.count()

    response = call(client, method, f"/api/v1/incidents/{reference}/{suffix.format(**files)}", body)

    status, code = expected
    if code is None:
        assert response.status_code == status, (response.status_code, response.content[:400])
    else:
        error = assert_error(response, status, code)
        assert Appeal.objects.count() == before  # a refusal writes nothing
        if expected == NF:
            # Existence does not leak: the same answer as for a claim that does not exist.
            missing, no_files = world["claims"]["missing"]
            absent = f"/api/v1/incidents/{missing}/{suffix.format(**no_files)}"
            assert error == call(client, method, absent, body).json()


@pytest.mark.parametrize("caller", [*CALLERS, "anonymous"])
def test_appeal_list(caller, world):
    response = client_for(world, caller).get("/api/v1/appeals/")
    if caller == "anonymous":
        assert_error(response, *ANONYMOUS)
        return
    assert response.status_code == 200
    rows = {row["reference"]: row for row in response.json()["results"]}
    assert set(rows) == {world["claims"]["pending"][0], world["claims"]["upheld"][0]}
    pending = rows[world["claims"]["pending"][0]]
    # Observers see that the appeal exists and how it stands, not its grounds yet.
    assert pending["status"] == "pending"
    assert (pending["grounds"] is None) == (caller == "observer")
    assert rows[world["claims"]["upheld"][0]]["grounds"] == "Older imagery."
