"""The permission matrix: every caller × every endpoint × claims in every state.

Expectations come from the tables below, written from DESIGN.md (roles, visibility,
workflow), never from the code under test. Reading a row: for that claim state, what
each caller gets from that endpoint. Rules the tables follow:

- not visible to the caller → 404 NOT_FOUND, with the same body whether the claim is
  another party's draft or does not exist;
- visible, but the caller's role or party may not take the action → 403;
- the right caller, the wrong state → 409;
- anonymous → 401 NOT_AUTHENTICATED everywhere except POST auth/token.
"""

import csv
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import AuditEvent
from audit.tree import log_size
from incidents.denials.services import (
    access_denial_evidence_add,
    access_denial_grant,
    access_denial_record,
)
from incidents.models import Incident
from tests.factories import meeting_begun
from verification.statuses import Status

from .support import (
    MISSING_ID,
    MISSING_REFERENCE,
    PNG,
    assert_error,
    build_cast,
    client_for,
    close_meeting,
    decide_item,
    file_claim_as,
    module_world,
    schedule_meeting,
)

pytestmark = pytest.mark.django_db

# --- outcomes -----------------------------------------------------------------------
OK = (200, None)
CREATED = (201, None)
GONE = (204, None)
NF = (404, "NOT_FOUND")
PD = (403, "PERMISSION_DENIED")
NYP = (403, "NOT_YOUR_PARTY")
NA = (403, "NOT_ASSIGNED")
IT = (409, "ILLEGAL_TRANSITION")
AR = (409, "ALREADY_RECORDED")
RP = (409, "REPLY_PENDING")
ANONYMOUS = (401, "NOT_AUTHENTICATED")

CALLERS = ("pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer")

# Claim states. Every claim but `draft_afg` is filed by PAK against AFG; `replied` is under
# review with AFG's reply filed (as are the states after it); `submitted` has
# no reviewers yet (none was free when it was submitted); `withdrawn` was withdrawn after
# submission, `withdrawn_draft` before it (so it stays its party's own); `missing` is a
# reference that does not exist.
STATES = (
    "draft_pak",
    "draft_afg",
    "submitted",
    "under_review",
    "replied",
    "one_finding",
    "verified",
    "disputed",
    "withdrawn",
    "withdrawn_draft",
    "missing",
)

# Who sees a claim in each state (DESIGN.md, "People and roles").
#                  pak  afg  tur  qat  sec  obs
VISIBLE = {
    "draft_pak": (1, 0, 0, 0, 1, 0),
    "draft_afg": (0, 1, 0, 0, 1, 0),
    "submitted": (1, 1, 1, 1, 1, 0),
    "under_review": (1, 1, 1, 1, 1, 0),
    "replied": (1, 1, 1, 1, 1, 0),
    "one_finding": (1, 1, 1, 1, 1, 0),
    "verified": (1, 1, 1, 1, 1, 1),
    "disputed": (1, 1, 1, 1, 1, 0),
    "withdrawn": (1, 1, 1, 1, 1, 0),
    "withdrawn_draft": (1, 0, 0, 0, 1, 0),
    "missing": (0, 0, 0, 0, 0, 0),
}

# --- claim endpoints: one table per endpoint --------------------------------------------
#                  pak_officer afg_officer tur_reviewer qat_reviewer secretariat observer

# GET detail, evidence list, a file of visibility "parties", review, events.
READ = {
    "draft_pak": (OK, NF, NF, NF, OK, NF),
    "draft_afg": (NF, OK, NF, NF, OK, NF),
    "submitted": (OK, OK, OK, OK, OK, NF),
    "under_review": (OK, OK, OK, OK, OK, NF),
    "replied": (OK, OK, OK, OK, OK, NF),
    "one_finding": (OK, OK, OK, OK, OK, NF),
    "verified": (OK, OK, OK, OK, OK, OK),
    "disputed": (OK, OK, OK, OK, OK, NF),
    "withdrawn": (OK, OK, OK, OK, OK, NF),
    "withdrawn_draft": (OK, NF, NF, NF, OK, NF),
    "missing": (NF, NF, NF, NF, NF, NF),
}
# GET a "mediators only" file uploaded by the reporting party: the other party and the
# observer see that it exists but may not download it.
READ_MEDIATORS_ONLY_FILE = {
    "draft_pak": (OK, NF, NF, NF, OK, NF),
    "draft_afg": (NF, OK, NF, NF, OK, NF),
    "submitted": (OK, PD, OK, OK, OK, NF),
    "under_review": (OK, PD, OK, OK, OK, NF),
    "replied": (OK, PD, OK, OK, OK, NF),
    "one_finding": (OK, PD, OK, OK, OK, NF),
    "verified": (OK, PD, OK, OK, OK, PD),
    "disputed": (OK, PD, OK, OK, OK, NF),
    "withdrawn": (OK, PD, OK, OK, OK, NF),
    "withdrawn_draft": (OK, NF, NF, NF, OK, NF),
    "missing": (NF, NF, NF, NF, NF, NF),
}
# PATCH a draft: its own party's officers, drafts only.
EDIT_DRAFT = {
    "draft_pak": (OK, NF, NF, NF, PD, NF),
    "draft_afg": (NF, OK, NF, NF, PD, NF),
    "submitted": (IT, NYP, PD, PD, PD, NF),
    "under_review": (IT, NYP, PD, PD, PD, NF),
    "replied": (IT, NYP, PD, PD, PD, NF),
    "one_finding": (IT, NYP, PD, PD, PD, NF),
    "verified": (IT, NYP, PD, PD, PD, PD),
    "disputed": (IT, NYP, PD, PD, PD, NF),
    "withdrawn": (IT, NYP, PD, PD, PD, NF),
    "withdrawn_draft": (IT, NF, NF, NF, PD, NF),
    "missing": (NF, NF, NF, NF, NF, NF),
}
SUBMIT = {
    "draft_pak": (OK, NF, NF, NF, PD, NF),
    "draft_afg": (NF, OK, NF, NF, PD, NF),
    "submitted": (IT, NYP, PD, PD, PD, NF),
    "under_review": (IT, NYP, PD, PD, PD, NF),
    "replied": (IT, NYP, PD, PD, PD, NF),
    "one_finding": (IT, NYP, PD, PD, PD, NF),
    "verified": (IT, NYP, PD, PD, PD, PD),
    "disputed": (IT, NYP, PD, PD, PD, NF),
    "withdrawn": (IT, NYP, PD, PD, PD, NF),
    "withdrawn_draft": (IT, NF, NF, NF, PD, NF),
    "missing": (NF, NF, NF, NF, NF, NF),
}
# The reporting party withdraws until the first finding is recorded.
WITHDRAW = {
    "draft_pak": (OK, NF, NF, NF, PD, NF),
    "draft_afg": (NF, OK, NF, NF, PD, NF),
    "submitted": (OK, NYP, PD, PD, PD, NF),
    "under_review": (OK, NYP, PD, PD, PD, NF),
    "replied": (OK, NYP, PD, PD, PD, NF),
    "one_finding": (IT, NYP, PD, PD, PD, NF),
    "verified": (IT, NYP, PD, PD, PD, PD),
    "disputed": (IT, NYP, PD, PD, PD, NF),
    "withdrawn": (IT, NYP, PD, PD, PD, NF),
    "withdrawn_draft": (IT, NF, NF, NF, PD, NF),
    "missing": (NF, NF, NF, NF, NF, NF),
}
# The secretariat names TUR's reviewer: a first assignment, or an override while TUR's
# finding is not yet in.
ASSIGN = {
    "draft_pak": (PD, NF, NF, NF, IT, NF),
    "draft_afg": (NF, PD, NF, NF, IT, NF),
    "submitted": (PD, PD, PD, PD, OK, NF),
    "under_review": (PD, PD, PD, PD, OK, NF),
    "replied": (PD, PD, PD, PD, OK, NF),
    "one_finding": (PD, PD, PD, PD, AR, NF),
    "verified": (PD, PD, PD, PD, IT, PD),
    "disputed": (PD, PD, PD, PD, AR, NF),
    "withdrawn": (PD, PD, PD, PD, IT, NF),
    "withdrawn_draft": (PD, NF, NF, NF, IT, NF),
    "missing": (NF, NF, NF, NF, NF, NF),
}
# The accused party's one reply, while the claim is in review. Findings wait for it: from
# `replied` on, the accused party has replied.
REPLY = {
    "draft_pak": (NYP, NF, NF, NF, PD, NF),
    "draft_afg": (NF, NYP, NF, NF, PD, NF),
    "submitted": (NYP, IT, PD, PD, PD, NF),
    "under_review": (NYP, CREATED, PD, PD, PD, NF),
    "replied": (NYP, AR, PD, PD, PD, NF),
    "one_finding": (NYP, AR, PD, PD, PD, NF),
    "verified": (NYP, IT, PD, PD, PD, PD),
    "disputed": (NYP, AR, PD, PD, PD, NF),
    "withdrawn": (NYP, IT, PD, PD, PD, NF),
    "withdrawn_draft": (NYP, NF, NF, NF, PD, NF),
    "missing": (NF, NF, NF, NF, NF, NF),
}
# Each co-chair's assigned reviewer, once, while under review, once the accused party has
# replied (REPLY_PENDING before). Withdrawal ended the assignments. In `one_finding`
# TUR's finding is in.
FINDINGS = {
    "draft_pak": (PD, NF, NF, NF, PD, NF),
    "draft_afg": (NF, PD, NF, NF, PD, NF),
    "submitted": (PD, PD, NA, NA, PD, NF),
    "under_review": (PD, PD, RP, RP, PD, NF),
    "replied": (PD, PD, CREATED, CREATED, PD, NF),
    "one_finding": (PD, PD, AR, CREATED, PD, NF),
    "verified": (PD, PD, IT, IT, PD, PD),
    "disputed": (PD, PD, IT, IT, PD, NF),
    "withdrawn": (PD, PD, NA, NA, PD, NF),
    "withdrawn_draft": (PD, NF, NF, NF, PD, NF),
    "missing": (NF, NF, NF, NF, NF, NF),
}
# The reporting party amends a submitted claim, until it is decided.
AMEND = {
    "draft_pak": (IT, NF, NF, NF, PD, NF),
    "draft_afg": (NF, IT, NF, NF, PD, NF),
    "submitted": (OK, NYP, PD, PD, PD, NF),
    "under_review": (OK, NYP, PD, PD, PD, NF),
    "replied": (OK, NYP, PD, PD, PD, NF),
    "one_finding": (OK, NYP, PD, PD, PD, NF),
    "verified": (IT, NYP, PD, PD, PD, PD),
    "disputed": (OK, NYP, PD, PD, PD, NF),
    "withdrawn": (IT, NYP, PD, PD, PD, NF),
    "withdrawn_draft": (IT, NF, NF, NF, PD, NF),
    "missing": (NF, NF, NF, NF, NF, NF),
}
# The reporting party adds evidence until withdrawal; the accused party while in review
# (outside review it is not that party's to document: NOT_YOUR_PARTY).
ADD_EVIDENCE = {
    "draft_pak": (CREATED, NF, NF, NF, PD, NF),
    "draft_afg": (NF, CREATED, NF, NF, PD, NF),
    "submitted": (CREATED, NYP, PD, PD, PD, NF),
    "under_review": (CREATED, CREATED, PD, PD, PD, NF),
    "replied": (CREATED, CREATED, PD, PD, PD, NF),
    "one_finding": (CREATED, CREATED, PD, PD, PD, NF),
    "verified": (CREATED, NYP, PD, PD, PD, PD),
    "disputed": (CREATED, CREATED, PD, PD, PD, NF),
    "withdrawn": (IT, IT, PD, PD, PD, NF),
    "withdrawn_draft": (IT, NF, NF, NF, PD, NF),
    "missing": (NF, NF, NF, NF, NF, NF),
}

# A claim's open suggestions (possible same events): the mediators' working material,
# for the reviewers and the secretariat only.
SUGGESTIONS = {
    "draft_pak": (PD, NF, NF, NF, OK, NF),
    "draft_afg": (NF, PD, NF, NF, OK, NF),
    "submitted": (PD, PD, OK, OK, OK, NF),
    "under_review": (PD, PD, OK, OK, OK, NF),
    "replied": (PD, PD, OK, OK, OK, NF),
    "one_finding": (PD, PD, OK, OK, OK, NF),
    "verified": (PD, PD, OK, OK, OK, PD),
    "disputed": (PD, PD, OK, OK, OK, NF),
    "withdrawn": (PD, PD, OK, OK, OK, NF),
    "withdrawn_draft": (PD, NF, NF, NF, OK, NF),
    "missing": (NF, NF, NF, NF, NF, NF),
}

BODIES = {
    "patch": {"place_name": "Torkham gate"},
    "submit": {},
    "withdraw": {"reason": "Filed in error."},
    "assign": {"reviewers": ["tur_reviewer"]},
    "reply": {"position": "denies", "narrative": "No fire from our side."},
    "findings": {
        "outcome": "verified",
        "grade": "confirmed",
        "intent": "deliberate",
        "reasoning": "Crater analysis.",
    },
    "amend": {"reason": "Corrected the place name.", "place_name": "Torkham gate"},
}

# endpoint -> (method, path under /api/v1/incidents/<ref>/, body, table)
CLAIM_ENDPOINTS = {
    "detail": ("get", "", None, READ),
    "evidence-list": ("get", "evidence/", None, READ),
    "evidence-file": ("get", "evidence/{evidence}/", None, READ),
    "evidence-file-mediators-only": (
        "get",
        "evidence/{mediators_only}/",
        None,
        READ_MEDIATORS_ONLY_FILE,
    ),
    "review": ("get", "review/", None, READ),
    "events": ("get", "events/", None, READ),
    "links": ("get", "links/", None, READ),
    "suggestions": ("get", "suggestions/", None, SUGGESTIONS),
    "patch": ("patch", "", BODIES["patch"], EDIT_DRAFT),
    "submit": ("post", "submit/", BODIES["submit"], SUBMIT),
    "withdraw": ("post", "withdraw/", BODIES["withdraw"], WITHDRAW),
    "assign": ("post", "assign/", BODIES["assign"], ASSIGN),
    "reply": ("post", "reply/", BODIES["reply"], REPLY),
    "findings": ("post", "findings/", BODIES["findings"], FINDINGS),
    "amend": ("post", "amend/", BODIES["amend"], AMEND),
    "add-evidence": ("post", "evidence/", "upload", ADD_EVIDENCE),
}


def expected_claim_cell(endpoint, state, caller):
    if caller == "anonymous":
        return ANONYMOUS
    table = CLAIM_ENDPOINTS[endpoint][3]
    return table[state][CALLERS.index(caller)]


# --- one world of claims and meetings per module ---------------------------------------
# Building claims through the services is the slow part, so the claims (one per state)
# and the meetings are built once, inside a transaction that the module rolls back at
# the end; each test runs in a savepoint of it, so a test's writes never reach the next.

CLAIM_STATUS = {
    "draft_pak": Status.DRAFT,
    "draft_afg": Status.DRAFT,
    "submitted": Status.SUBMITTED,
    "under_review": Status.UNDER_REVIEW,
    "replied": Status.UNDER_REVIEW,
    "one_finding": Status.UNDER_REVIEW,
    "verified": Status.VERIFIED,
    "disputed": Status.DISPUTED,
    "withdrawn": Status.WITHDRAWN,
    "withdrawn_draft": Status.WITHDRAWN,
}


def _build_world() -> dict:
    world = build_cast()
    users = world["users"]

    def file(state, by="pak_officer"):
        claim, files = file_claim_as(world, state, by=by, files=True)
        return claim.reference, files

    claims = {
        "draft_pak": file("draft"),
        "draft_afg": file("draft", by="afg_officer"),
        "under_review": file("under_review"),
        "replied": file("replied"),
        "one_finding": file("one_finding"),
        "verified": file("verified"),
        "disputed": file("disputed"),
        "withdrawn": file("withdrawn"),
        "withdrawn_draft": file("withdrawn_draft"),
        "missing": (MISSING_REFERENCE, {"evidence": MISSING_ID, "mediators_only": MISSING_ID}),
    }
    # With one co-chair short of an active reviewer, submission cannot auto-assign.
    users["qat_reviewer"].is_active = False
    users["qat_reviewer"].save(update_fields=["is_active"])
    claims["submitted"] = file("under_review")
    users["qat_reviewer"].is_active = True
    users["qat_reviewer"].save(update_fields=["is_active"])

    # Each meeting takes its own disputed claim: a claim is on one open agenda only. Each
    # has begun, so that the secretariat may close it.
    meetings = {"missing": (MISSING_ID, MISSING_ID)}
    for state in ("open", "decided", "closed"):
        reference, _ = file("disputed")
        meeting = meeting_begun(schedule_meeting(users["secretariat"]))
        item = meeting.items.get(incident__reference=reference)
        if state == "decided":
            decide_item(users["secretariat"], item)
        if state == "closed":
            close_meeting(users["secretariat"], meeting)
        meetings[state] = (meeting.pk, item.pk)

    for state, (reference, _) in claims.items():
        if state != "missing":
            assert Incident.objects.get(reference=reference).status == CLAIM_STATUS[state]
    denials = _record_denials(world, claims)
    return {**world, "claims": claims, "meetings": meetings, "denials": denials}


def _record_denials(world, claims) -> dict:
    """An open denial (AFG kept the verifiers out) on the claim under review, with a file;
    one access was granted on, on the disputed claim."""
    users, afg = world["users"], world["parties"]["AFG"]

    def record(state, by):
        return access_denial_record(
            actor=users[by],
            incident=Incident.objects.get(reference=claims[state][0]),
            data={
                "denying_party": afg,
                "began_at": timezone.now(),
                "latitude": "34.13",
                "longitude": "71.09",
                "place_name": "Torkham",
                "denied_by": "Border post west",
                "refused": "Entry to the site.",
            },
        )

    opened = record("under_review", "tur_reviewer")
    upload = SimpleUploadedFile("refusal.png", PNG, "image/png")
    file = access_denial_evidence_add(user=users["tur_reviewer"], denial=opened, upload=upload)
    ended = record("disputed", "secretariat")
    access_denial_grant(actor=users["secretariat"], denial=ended)
    return {
        "open": (opened.reference, file.pk),
        "ended": (ended.reference, MISSING_ID),
        "missing": ("DEN-AFG-2026-9999", MISSING_ID),
    }


world = module_world(_build_world)


def call(client, method, url, body):
    if body == "upload":
        data = {"file": SimpleUploadedFile("photo.png", PNG, "image/png"), "visibility": "parties"}
        return client.post(url, data, format="multipart")
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, body, format="json")


def check(response, expected):
    status, code = expected
    if code is None:
        assert response.status_code == status, (response.status_code, response.content[:400])
        return None
    return assert_error(response, status, code)


CLAIM_CELLS = [
    pytest.param(endpoint, state, caller, id=f"{endpoint}-{state}-{caller}")
    for endpoint in CLAIM_ENDPOINTS
    for state in STATES
    for caller in (*CALLERS, "anonymous")
]


@pytest.mark.parametrize(("endpoint", "state", "caller"), CLAIM_CELLS)
def test_claim_endpoint(endpoint, state, caller, world):
    method, suffix, body, _ = CLAIM_ENDPOINTS[endpoint]
    reference, files = world["claims"][state]
    client = client_for(world, caller)
    expected = expected_claim_cell(endpoint, state, caller)

    response = call(client, method, f"/api/v1/incidents/{reference}/{suffix.format(**files)}", body)

    error = check(response, expected)
    if expected == ANONYMOUS:
        assert response["WWW-Authenticate"].startswith("Token")
    if expected == NF:
        # Existence does not leak: the same answer as for a reference that does not exist.
        missing, no_files = world["claims"]["missing"]
        absent = f"/api/v1/incidents/{missing}/{suffix.format(**no_files)}"
        assert error == call(client, method, absent, body).json()
    if expected[0] >= 400 and state != "missing":
        # A refusal changes nothing.
        assert Incident.objects.get(reference=reference).status == CLAIM_STATUS[state]


# --- endpoints without a claim ---------------------------------------------------------
#                     pak_officer afg_officer tur_reviewer qat_reviewer secretariat observer anonymous
GENERAL = {
    "token-obtain": (OK, OK, OK, OK, OK, OK, OK),
    "token-revoke": (GONE, GONE, GONE, GONE, GONE, GONE, ANONYMOUS),
    "parties": (OK, OK, OK, OK, OK, OK, ANONYMOUS),
    "categories": (OK, OK, OK, OK, OK, OK, ANONYMOUS),
    "incident-list": (OK, OK, OK, OK, OK, OK, ANONYMOUS),
    "incident-create": (CREATED, CREATED, PD, PD, PD, PD, ANONYMOUS),
    "export-csv": (OK, OK, OK, OK, OK, OK, ANONYMOUS),
    "export-geojson": (OK, OK, OK, OK, OK, OK, ANONYMOUS),
    "meeting-list": (PD, PD, OK, OK, OK, PD, ANONYMOUS),
    "meeting-create": (PD, PD, PD, PD, CREATED, PD, ANONYMOUS),
    # The transparency log's heads, keys and consistency proofs are hashes and
    # signatures only: everyone signed in.
    "log-heads": (OK, OK, OK, OK, OK, OK, ANONYMOUS),
    "log-head": (OK, OK, OK, OK, OK, OK, ANONYMOUS),
    "log-key": (OK, OK, OK, OK, OK, OK, ANONYMOUS),
    "log-consistency": (OK, OK, OK, OK, OK, OK, ANONYMOUS),
}


def general_request(endpoint, client, caller, claim_body):
    if endpoint == "token-obtain":
        # Signing in needs no credentials but the username and password themselves.
        username = "pak_officer" if caller == "anonymous" else caller
        return client.post(
            "/api/v1/auth/token/", {"username": username, "password": "pw"}, format="json"
        )
    if endpoint == "token-revoke":
        return client.delete("/api/v1/auth/token/")
    if endpoint == "incident-create":
        accused = "PAK" if caller == "afg_officer" else "AFG"
        return client.post("/api/v1/incidents/", claim_body(accused_party=accused), format="json")
    if endpoint == "meeting-create":
        body = {"title": "Review meeting", "scheduled_for": "2099-01-01T09:00:00Z"}
        return client.post("/api/v1/meetings/", body, format="json")
    path = {
        "parties": "parties/",
        "categories": "categories/",
        "incident-list": "incidents/",
        "export-csv": "incidents/export.csv",
        "export-geojson": "incidents/export.geojson",
        "meeting-list": "meetings/",
        "log-heads": "log/heads/",
        "log-head": "log/head/",
        "log-key": "log/key/",
        "log-consistency": f"log/consistency/?from={log_size()}",
    }[endpoint]
    return client.get(f"/api/v1/{path}")


@pytest.mark.parametrize("caller", [*CALLERS, "anonymous"])
@pytest.mark.parametrize("endpoint", list(GENERAL))
def test_endpoint_without_a_claim(endpoint, caller, world, claim_body):
    client = client_for(world, caller)
    expected = GENERAL[endpoint][(*CALLERS, "anonymous").index(caller)]

    response = general_request(endpoint, client, caller, claim_body)

    check(response, expected)
    if expected == ANONYMOUS:
        assert response["WWW-Authenticate"].startswith("Token")


# --- meetings, in each state ----------------------------------------------------------
# `open` has an undecided item (a disputed claim); `decided` is open with that item
# decided; `closed` is closed; `missing` does not exist. Officers and observers take no
# part in meetings at all (403 whether or not the meeting exists).
MEETING_STATES = ("open", "decided", "closed", "missing")
#                  pak_officer afg_officer tur_reviewer qat_reviewer secretariat observer
MEETING_READ = {
    "open": (PD, PD, OK, OK, OK, PD),
    "decided": (PD, PD, OK, OK, OK, PD),
    "closed": (PD, PD, OK, OK, OK, PD),
    "missing": (PD, PD, NF, NF, NF, PD),
}
MEETING_REFRESH = {
    "open": (PD, PD, PD, PD, OK, PD),
    "decided": (PD, PD, PD, PD, OK, PD),
    "closed": (PD, PD, PD, PD, IT, PD),
    "missing": (PD, PD, NF, NF, NF, PD),
}
MEETING_CLOSE = {
    "open": (PD, PD, PD, PD, OK, PD),
    "decided": (PD, PD, PD, PD, OK, PD),
    "closed": (PD, PD, PD, PD, IT, PD),
    "missing": (PD, PD, NF, NF, NF, PD),
}
MEETING_DECISION = {
    "open": (PD, PD, PD, PD, OK, PD),
    "decided": (PD, PD, PD, PD, AR, PD),
    "closed": (PD, PD, PD, PD, IT, PD),
    "missing": (PD, PD, NF, NF, NF, PD),
}
MEETING_ENDPOINTS = {
    "detail": ("get", "", None, MEETING_READ),
    "refresh": ("post", "refresh/", {}, MEETING_REFRESH),
    "close": ("post", "close/", {"minutes": "Closed."}, MEETING_CLOSE),
    "decision": (
        "post",
        "agenda/{item}/decision/",
        {
            "outcome": "verified",
            "grade": "probable",
            "intent": "accidental",
            "minutes": "Joint view.",
        },
        MEETING_DECISION,
    ),
}


MEETING_CELLS = [
    pytest.param(endpoint, state, caller, id=f"meeting-{endpoint}-{state}-{caller}")
    for endpoint in MEETING_ENDPOINTS
    for state in MEETING_STATES
    for caller in (*CALLERS, "anonymous")
]


@pytest.mark.parametrize(("endpoint", "state", "caller"), MEETING_CELLS)
def test_meeting_endpoint(endpoint, state, caller, world):
    method, suffix, body, table = MEETING_ENDPOINTS[endpoint]
    meeting_id, item_id = world["meetings"][state]
    client = client_for(world, caller)
    expected = ANONYMOUS if caller == "anonymous" else table[state][CALLERS.index(caller)]

    response = call(
        client, method, f"/api/v1/meetings/{meeting_id}/{suffix.format(item=item_id)}", body
    )

    check(response, expected)


# --- the tables themselves ---------------------------------------------------------------


def test_every_route_is_in_the_matrix():
    from api.urls import v1

    covered = {
        "token",
        "parties",
        "categories",
        "incident-list",
        "incident-export-csv",
        "incident-export-geojson",
        "incident-detail",
        "incident-evidence",
        "incident-evidence-file",
        "incident-submit",
        "incident-withdraw",
        "incident-assign",
        "incident-reply",
        "incident-findings",
        "incident-amend",
        "incident-review",
        "incident-events",
        "meeting-list",
        "meeting-detail",
        "meeting-refresh",
        "meeting-close",
        "meeting-decision",
        "log-heads",
        "log-head",
        "log-key",
        "log-event-proof",
        "log-consistency",
        # A file's preview and graphic mark, for every record type: tests/evidence/test_api.py.
        "incident-evidence-preview",
        "incident-evidence-graphic",
        "access-denial-evidence-preview",
        "access-denial-evidence-graphic",
        "access-denial-list",
        "access-denial-detail",
        "access-denial-evidence",
        "access-denial-evidence-file",
        "access-denial-grant-access",
        # An export job's status and file, for its requester only: tests/api/test_export_jobs.py.
        "export-detail",
        "export-download",
        # A person's own API tokens, for themselves only: tests/accounts/test_token_api.py.
        "token-list",
        "token-detail",
        # Linking two claims, removing a link and dismissing a suggestion take a second
        # claim: their matrix is in tests/incidents/links/test_api.py.
        "incident-links",
        "incident-link-detail",
        "incident-suggestions",
        "incident-suggestion-dismiss",
        # Appeals of final findings: tests/api/test_appeal_permissions.py (the preview as
        # every record type's, tests/evidence/test_api.py).
        "appeal-list",
        "incident-appeal",
        "appeal-evidence",
        "appeal-evidence-file",
        "appeal-evidence-preview",
        # Unofficial translations of a narrative, for every record type:
        # tests/translations/test_api.py.
        "incident-translations",
        "incident-translation",
    }
    # Commitments, action reports and referrals: tests/compliance/test_api_permissions.py;
    # penalties: tests/compliance/penalties/test_api.py; records and the report:
    # tests/compliance/records/test_api.py.
    compliance = (
        "commitment-",
        "action-report-",
        "referral-",
        "penalty-",
        "party-record",
        "implementation-report",
    )
    assert {route.name for route in v1 if not route.name.startswith(compliance)} == covered


# An inclusion proof carries the event's content: it answers exactly where the claim's
# events are readable (READ), and a co-chair's withheld finding only to that co-chair
# and the secretariat until both findings are in.
#                  pak  afg  tur  qat  sec  obs
WITHHELD_FINDING_PROOF = (NF, NF, OK, NF, OK, NF)


def event_of(reference, action):
    return AuditEvent.objects.filter(subject_ref=reference, action=action).first()


@pytest.mark.parametrize(
    ("state", "caller"), [(s, c) for s in STATES for c in (*CALLERS, "anonymous")]
)
def test_log_event_proof(state, caller, world):
    reference, _ = world["claims"][state]
    event = event_of(reference, "created")
    sequence = event.sequence if event else 999_999_999
    response = client_for(world, caller).get(f"/api/v1/log/events/{sequence}/proof/")
    expected = ANONYMOUS if caller == "anonymous" else READ[state][CALLERS.index(caller)]
    body = check(response, expected)
    if expected == NF:
        absent = client_for(world, caller).get("/api/v1/log/events/999999999/proof/")
        assert body == absent.json()


@pytest.mark.parametrize("caller", CALLERS)
def test_log_proof_of_a_withheld_finding(caller, world):
    reference, _ = world["claims"]["one_finding"]
    event = event_of(reference, "finding_recorded")
    response = client_for(world, caller).get(f"/api/v1/log/events/{event.sequence}/proof/")
    check(response, WITHHELD_FINDING_PROOF[CALLERS.index(caller)])


@pytest.mark.parametrize("endpoint", list(CLAIM_ENDPOINTS))
def test_tables_answer_404_exactly_where_the_claim_is_not_visible(endpoint):
    table = CLAIM_ENDPOINTS[endpoint][3]
    assert set(table) == set(STATES)
    for state, row in table.items():
        for caller, outcome, visible in zip(CALLERS, row, VISIBLE[state], strict=True):
            assert (outcome == NF) == (not visible), (endpoint, state, caller)


# --- what each caller's lists, exports and records show ---------------------------------------


def rows_of(response) -> list[dict]:
    assert response.status_code == 200, response.content[:300]
    if response.streaming:
        content = b"".join(response.streaming_content).decode()
        if response["Content-Type"].startswith("text/csv"):
            return list(csv.DictReader(io.StringIO(content)))
        return [f["properties"] for f in json.loads(content)["features"]]
    return response.json()["results"]


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(
    "path", ["incidents/?page_size=500", "incidents/export.csv", "incidents/export.geojson"]
)
def test_lists_and_exports_show_exactly_the_visible_claims(path, caller, world):
    rows = rows_of(client_for(world, caller).get(f"/api/v1/{path}"))

    shown = {row["reference"] for row in rows}
    expected = {
        reference
        for state, (reference, _) in world["claims"].items()
        if state != "missing" and VISIBLE[state][CALLERS.index(caller)]
    }
    built = {reference for reference, _ in world["claims"].values()}
    assert shown & built == expected
    if caller == "observer":
        assert {row["status"] for row in rows} <= {"verified", "not_verified", "inconclusive"}


@pytest.mark.parametrize(
    ("caller", "state"),
    [
        ("afg_officer", "under_review"),
        ("afg_officer", "verified"),
        ("observer", "verified"),
    ],
)
def test_mediators_only_file_shows_its_hash_but_not_its_name(caller, state, world):
    reference, files = world["claims"][state]

    listing = client_for(world, caller).get(f"/api/v1/incidents/{reference}/evidence/").json()
    detail = client_for(world, caller).get(f"/api/v1/incidents/{reference}/").json()["evidence"]

    for shown in (listing, detail):
        by_id = {e["id"]: e for e in shown}
        hidden, open_file = by_id[files["mediators_only"]], by_id[files["evidence"]]
        assert hidden["original_name"] is None and hidden["download_url"] is None
        assert hidden["description"] == "" and len(hidden["sha256"]) == 64
        assert open_file["original_name"] == "photo.png" and open_file["download_url"]


@pytest.mark.parametrize(
    ("caller", "cochairs"),
    [
        ("pak_officer", set()),
        ("afg_officer", set()),
        ("tur_reviewer", {"TUR"}),
        ("qat_reviewer", set()),
        ("secretariat", {"TUR"}),
    ],
)
def test_one_cochairs_finding_stays_hidden_until_both_are_in(caller, cochairs, world):
    reference, _ = world["claims"]["one_finding"]

    review = client_for(world, caller).get(f"/api/v1/incidents/{reference}/review/").json()

    assert {f["cochair"] for f in review["findings"]} == cochairs
    events = client_for(world, caller).get(f"/api/v1/incidents/{reference}/events/").json()
    (recorded,) = [e for e in events if e["action"] == "finding_recorded"]
    assert "outcome" not in recorded["payload"]
    # who recorded first is as hidden as what: no name, no co-chair, no hash to test guesses on
    assert recorded["withheld"] is (not cochairs)
    if cochairs:
        assert recorded["payload"] == {"cochair": "TUR"} and len(recorded["hash"]) == 64
        assert recorded["actor"] == "tur_reviewer"
    else:
        assert recorded["payload"] == {} and recorded["hash"] is None
        assert recorded["actor"] is None and recorded["actor_role"] == "reviewer"
        hidden = AuditEvent.objects.get(sequence=recorded["sequence"]).hash
        for other, _ in world["claims"].values():  # nor as the next event's link, on any claim
            answer = client_for(world, caller).get(f"/api/v1/incidents/{other}/events/")
            assert hidden not in answer.content.decode()


@pytest.mark.parametrize("caller", CALLERS)
def test_who_recorded_each_finding_is_shown_once_both_are_in(caller, world):
    reference, _ = world["claims"]["verified"]

    events = client_for(world, caller).get(f"/api/v1/incidents/{reference}/events/").json()

    recorded = [e for e in events if e["action"] == "finding_recorded"]
    assert {e["payload"]["cochair"] for e in recorded} == {"TUR", "QAT"}
    assert not any(e["withheld"] for e in recorded)
    assert all(len(e["hash"]) == 64 and e["actor"] for e in recorded)


@pytest.mark.parametrize("caller", CALLERS)
def test_both_findings_are_shown_once_decided(caller, world):
    reference, _ = world["claims"]["verified"]

    review = client_for(world, caller).get(f"/api/v1/incidents/{reference}/review/").json()

    assert {f["cochair"] for f in review["findings"]} == {"TUR", "QAT"}


def test_a_file_of_a_hidden_draft_through_a_visible_claim_is_404(world):
    """The evidence id of another party's draft, asked for under a claim the caller does
    see, answers exactly as an id that does not exist."""
    visible, _ = world["claims"]["under_review"]
    _, hidden_files = world["claims"]["draft_pak"]
    afg = client_for(world, "afg_officer")

    through_visible = afg.get(f"/api/v1/incidents/{visible}/evidence/{hidden_files['evidence']}/")
    nonexistent = afg.get(f"/api/v1/incidents/{visible}/evidence/{MISSING_ID}/")

    assert assert_error(through_visible, 404, "NOT_FOUND") == nonexistent.json()


# --- access denials ------------------------------------------------------------------
# A denial is seen by whoever sees its claim (the one under review, the disputed one:
# both parties, the mediators, the secretariat; not observers). A reviewer assigned to
# the claim, or the secretariat, records one, adds its files and records access granted.
DAO = (409, "DENIAL_ALREADY_OPEN")
DAE = (409, "DENIAL_ALREADY_ENDED")
CNR = (409, "CLAIM_NOT_IN_REVIEW")
DENIAL_STATES = ("open", "ended", "missing")
#                    pak_officer afg_officer tur_reviewer qat_reviewer secretariat observer anonymous
DENIAL_ENDPOINTS = {
    ("get", "", None): {
        "open": (OK, OK, OK, OK, OK, NF, ANONYMOUS),
        "ended": (OK, OK, OK, OK, OK, NF, ANONYMOUS),
    },
    ("get", "evidence/", None): {
        "open": (OK, OK, OK, OK, OK, NF, ANONYMOUS),
        "ended": (OK, OK, OK, OK, OK, NF, ANONYMOUS),
    },
    ("get", "evidence/{file}/", None): {
        "open": (OK, OK, OK, OK, OK, NF, ANONYMOUS),
        "ended": (NF, NF, NF, NF, NF, NF, ANONYMOUS),
    },
    ("post", "evidence/", "upload"): {
        "open": (PD, PD, CREATED, CREATED, CREATED, NF, ANONYMOUS),
        "ended": (PD, PD, CREATED, CREATED, CREATED, NF, ANONYMOUS),
    },
    ("post", "grant-access/", None): {
        "open": (PD, PD, OK, OK, OK, NF, ANONYMOUS),
        "ended": (PD, PD, DAE, DAE, DAE, NF, ANONYMOUS),
    },
}
DENIAL_CELLS = [
    pytest.param(endpoint, state, caller, id=f"{endpoint[0]}-{endpoint[1]}-{state}-{caller}")
    for endpoint in DENIAL_ENDPOINTS
    for state in DENIAL_STATES
    for caller in (*CALLERS, "anonymous")
]


@pytest.mark.parametrize(("endpoint", "state", "caller"), DENIAL_CELLS)
def test_access_denial_endpoint(endpoint, state, caller, world):
    method, suffix, body = endpoint
    reference, file = world["denials"][state]
    index = (*CALLERS, "anonymous").index(caller)
    expected = ANONYMOUS if caller == "anonymous" else NF
    if state != "missing":
        expected = DENIAL_ENDPOINTS[endpoint][state][index]
    client = client_for(world, caller)
    url = f"/api/v1/access-denials/{reference}/{suffix.format(file=file)}"
    check(call(client, method, url, body), expected)


#                    pak_officer afg_officer tur_reviewer qat_reviewer secretariat observer anonymous
DENIAL_CREATE = {
    # PAK has no open denial on the claim under review: recorded.
    ("under_review", "PAK"): (PD, PD, CREATED, CREATED, CREATED, PD, ANONYMOUS),
    # AFG's denial on it is still open.
    ("under_review", "AFG"): (PD, PD, DAO, DAO, DAO, PD, ANONYMOUS),
    # Not assigned to the submitted claim (nobody is yet): only the secretariat.
    ("submitted", "PAK"): (PD, PD, PD, PD, CREATED, PD, ANONYMOUS),
    # The right callers, the wrong state.
    ("verified", "PAK"): (PD, PD, CNR, CNR, CNR, PD, ANONYMOUS),
}


@pytest.mark.parametrize("caller", [*CALLERS, "anonymous"])
@pytest.mark.parametrize(("state", "party"), list(DENIAL_CREATE))
def test_access_denial_create(state, party, caller, world):
    client = client_for(world, caller)
    body = {
        "claim": world["claims"][state][0],
        "denying_party": party,
        "began_at": timezone.now().isoformat(),
        "latitude": 34.13,
        "longitude": 71.09,
        "place_name": "Torkham",
        "denied_by": "Border post west",
        "refused": "Entry to the site.",
    }
    response = client.post("/api/v1/access-denials/", body, format="json")
    check(response, DENIAL_CREATE[state, party][(*CALLERS, "anonymous").index(caller)])


@pytest.mark.parametrize("caller", [*CALLERS, "anonymous"])
def test_access_denial_list_shows_the_denials_on_visible_claims(caller, world):
    response = client_for(world, caller).get("/api/v1/access-denials/")
    if caller == "anonymous":
        check(response, ANONYMOUS)
        return
    shown = {row["reference"] for row in response.json()["results"]}
    expected = (
        set()
        if caller == "observer"
        else {
            world["denials"]["open"][0],
            world["denials"]["ended"][0],
        }
    )
    assert shown == expected
