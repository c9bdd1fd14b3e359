"""Schemathesis against the live OpenAPI schema: generated requests, valid and invalid,
from every role, on claims and meetings that exist, each answer put through every check
Schemathesis has: no server error; status, content type, headers and body as documented;
invalid data refused and valid data accepted (but for the rules no schema can state,
listed below); authentication never ignored.
"""

from collections import Counter
from datetime import timedelta

import pytest
import schemathesis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import CHECKS as REGISTERED_CHECKS
from schemathesis.checks import load_all_checks
from schemathesis.core.failures import AcceptedNegativeData, Failure
from schemathesis.core.parameters import ParameterLocation
from schemathesis.errors import FailureGroup
from schemathesis.openapi.checks import RejectedPositiveData

from accounts.models import Party, Role
from evidence.models import Visibility
from incidents.links.models import LinkSuggestion
from incidents.models import Evidence, Incident
from incidents.services import evidence_add
from mediators.models import AgendaItem, ReviewMeeting
from mediators.services import meeting_schedule
from tests.factories import UserFactory, api_token, meeting_begun
from verification.services import review_record_finding, review_reply, review_withdraw
from verification.statuses import Status

pytestmark = pytest.mark.django_db

ROLES = ["pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer"]
load_all_checks()
# Every check Schemathesis has: conformance of status, content type, headers and body;
# invalid data refused and valid data accepted; missing headers, undocumented methods,
# authentication that is not ignored; and the stateful ones where they apply.
CHECKS = REGISTERED_CHECKS.get_all()
# Examples per operation and generation mode. Operations with few distinct inputs end
# early when Hypothesis has tried them all; the total is asserted below.
EXAMPLES = 30
MINIMUM_REQUESTS = 1000

# Rules a schema cannot state: codes and names that must exist, rules across fields or
# against the clock, an opaque cursor, a file's type read from its bytes. A request the
# schema allows may be refused for these, and only these: 400 VALIDATION_ERROR naming
# the field with one of these messages (415 for the file's type). Any other refusal of
# schema-valid data is a mismatch between the schema and the implementation.
# The transparency log proves only at sizes the parties can hold it to: a signed head's.
LOG_SIZES = ("Give the size of a signed tree head",)
BEYOND_THE_SCHEMA = {
    "accused_party": ("does not exist", "valid choice", "must differ", "cannot be amended"),
    "reporting_party": ("valid choice",),
    "category": ("does not exist", "valid choice", "has been replaced"),
    # A form body cannot say null: a nullable coordinate sent as the text "null" is refused.
    "latitude": ("outside the region", "A valid number is required"),
    "longitude": ("A valid number is required",),
    # Compliance: codes and references that must exist.
    "party": ("valid choice", "does not exist"),
    "from_party": ("valid choice", "does not exist"),
    "to_party": ("valid choice", "does not exist"),
    "kind": ("does not exist",),
    "urgency": ("does not exist",),
    "commitment": ("No such commitment", "does not exist", "valid choice"),
    "action_report": ("No such action report",),
    # A referral's response: an action report or a reasoned answer, exactly one of them.
    "answer": ("Link an action report", "not both"),
    # Penalties: the measure and the meeting must exist; a measure's code is unique.
    "measure": ("does not exist",),
    "meeting": ("No such meeting",),
    "code": ("already exists",),
    # ...and an offset that moves a date of the year 1 or 9999 off the calendar
    "occurred_at": ("in the future", "cannot follow its report", "out of range"),
    **{
        f"{kind}_{who}_high": ("cannot be below",)
        for kind in ("killed", "injured")
        for who in ("civilian", "security")
    },
    "bbox": ("must lie on Earth",),
    # A link's other claim: a reference the caller can see.
    "other": ("No claim you can see",),
    "cursor": ("Invalid cursor",),
    "non_field_errors": ("changes nothing",),
    # ...and a reassignment (of a claim under review) must name one
    "reviewers": ("is not an active reviewer", "Name the reviewer"),
    "scheduled_for": ("in the future", "out of range"),
    # The outcome is required when the agenda item's claim is disputed, refused otherwise;
    # an appeal item takes an appeal decision instead, which no other item takes.
    "outcome": ("Only a disputed claim", "Choose one of", "An appeal is upheld"),
    "appeal_decision": ("Only an appeal", "Choose one of"),
    "grade": ("Choose one of",),  # required with an outcome
    # A finding's (or a meeting's) intent: required when the outcome is verified, refused
    # otherwise.
    "intent": ("needs an intent", "Only a verified violation"),
    "file": ("No file was submitted", "The file is empty"),  # zero bytes: nothing to keep
    # A record's or report's period: in order, at most ten years, a day after it exists.
    "from": ("starts after it ends", "before the year 9999 ends", *LOG_SIZES, "no larger than to"),
    "to": ("spans at most", "before the year 9999 ends", *LOG_SIZES),
    "tree_size": (*LOG_SIZES, "Give a size of at least"),
    # An API token's expiry: ahead of now, within the longest lifetime, and not past the
    # token that asks for it.
    "expires_at": ("must be in the future", "days from now", "cannot outlive"),
    # An access denial: on a claim the caller sees, by one of its two parties, begun
    # between the claim's submission and now; access granted after it was denied.
    "claim": ("No such claim",),
    "denying_party": ("Name one of the claim's", "valid choice", "does not exist"),
    "began_at": ("in the future", "before the claim was submitted", "out of range"),
    "ended_at": ("in the future", "before it was denied", "out of range"),
    # An offset that moves the year 1 or 9999 off the calendar, in UTC.
    "began_after": ("between the years 1 and 9999",),
    "began_before": ("between the years 1 and 9999",),
    # Text of invisible characters only is blank once cleaned (core.text).
    "place_name": ("cannot be blank",),
    "denied_by": ("cannot be blank",),
    "refused": ("cannot be blank",),
}


# A penalty's grounds are references to records that must exist and be eligible (a
# verified claim against the party, a commitment it missed), at least one of two lists,
# under an active measure: rules across records, refused with these codes of their own.
PENALTY_GROUND_CODES = (
    "PENALTY_GROUNDS_REQUIRED",
    "PENALTY_GROUND_INELIGIBLE",
    "PENALTY_MEASURE_INACTIVE",
)

# A link joins two different claims, and a same-event link claims of opposite parties:
# rules across two records, refused with codes of their own.
LINK_RULE_CODES = ("SELF_LINK", "LINK_SAME_PARTY")


# Three rules of every text input: no NUL (PostgreSQL cannot store it), no bidirectional
# control character (core.text), and not blank once trimmed of whitespace and invisible
# characters. JSON Schema could state them only as a pattern on every string, which
# makes generating requests several times slower.
ANY_TEXT = (
    "Null characters are not allowed.",
    "Bidirectional control characters are not allowed.",
    "This field may not be blank.",
    # A form body's invisible-only text is empty, and an empty code in a form body null.
    "This field may not be null.",
)


def refused_beyond_the_schema(response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    if response.status_code == 415:
        return body.get("code") == "UNSUPPORTED_FILE_TYPE"
    if response.status_code == 400 and body.get("code") in (
        *PENALTY_GROUND_CODES,
        *LINK_RULE_CODES,
    ):
        return True
    if response.status_code != 400 or body.get("code") != "VALIDATION_ERROR" or not body["fields"]:
        return False
    return all(
        any(
            fragment in message
            for fragment in (*BEYOND_THE_SCHEMA.get(name.split(".")[0], ()), *ANY_TEXT)
            for message in messages
        )
        for name, messages in body["fields"].items()
    )


def only_trimmed_to_fit(case, response) -> bool:
    """Text over its maxLength only by surrounding whitespace is accepted as documented:
    every text field is trimmed before its length is checked, and what is stored (the
    answer) is the trimmed text."""
    body = case.body
    if not isinstance(body, dict) or not response.content:
        return False
    answer = response.json()
    if not isinstance(answer, dict):
        return False
    trimmed = [
        name
        for name, value in body.items()
        if isinstance(value, str) and value != value.strip() and answer.get(name) == value.strip()
    ]
    return bool(trimmed)


def validate(case, response, headers):
    """Every check Schemathesis has; a refusal of schema-valid data only for a rule
    beyond the schema (above) is not a failure."""
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except FailureGroup as group:
        left = [
            f
            for f in group.exceptions
            if not (isinstance(f, RejectedPositiveData) and refused_beyond_the_schema(response))
            and not (isinstance(f, AcceptedNegativeData) and only_trimmed_to_fit(case, response))
        ]
        if left:
            raise FailureGroup(left, str(group)) from None


PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture
def connection_kept_open():
    """Django closes the connection at the end of every request it serves through WSGI
    when autocommit is off, which it is inside the test's transaction. On PostgreSQL that
    would roll back the seeded claims after the first request (an in-memory SQLite
    database ignores the close). The test client avoids it the same way: it does not
    run close_old_connections around the requests it makes."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(cast, file_claim, settings, tmp_path):
    """Claims in every state, evidence, a reply and a meeting with an agenda."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    claims = {
        state: [file_claim(state, by=by) for by in ("pak_officer", "afg_officer")]
        for state in (
            "draft",
            "under_review",
            "one_finding",
            "disputed",
            "verified",
            "not_verified",
            "inconclusive",
        )
    }
    withdrawn = file_claim("under_review", by="afg_officer")
    review_withdraw(actor=cast["afg_officer"], record=withdrawn, reason="Duplicate.")
    replied = claims["under_review"][0]
    review_reply(actor=cast["afg_officer"], record=replied, position="denies", narrative="Not us.")
    for visibility in Visibility.values:
        evidence_add(
            user=cast["pak_officer"],
            incident=replied,
            upload=SimpleUploadedFile("crater.png", PNG_1X1, content_type="image/png"),
            visibility=visibility,
        )
    appeals = appeal_world(cast, claims)
    meeting_schedule(
        actor=cast["secretariat"],
        title="Review meeting",
        scheduled_for=timezone.now() + timedelta(days=7),
        location="Istanbul",
    )
    assert AgendaItem.objects.exists()  # the disputed claims are on its agenda
    tokens = {name: api_token(cast[name]) for name in ROLES}
    return {
        "job_id": export_jobs(cast),
        "tokens": tokens,
        "users": {name: cast[name] for name in ROLES},
        "reference": [(ref,) for ref in Incident.objects.values_list("reference", flat=True)],
        "meeting_id": [(pk,) for pk in ReviewMeeting.objects.values_list("pk", flat=True)],
        "item_id": list(AgendaItem.objects.values_list("meeting_id", "pk")),
        "evidence_id": list(Evidence.objects.values_list("incident__reference", "pk")),
        # Claims suggested as the same event (filed at one time and place by each party).
        "other": list(LinkSuggestion.objects.values_list("first__reference", "second__reference")),
        "appeal/": appeals,
        **compliance_world(cast),
    }


def appeal_world(cast, claims) -> dict:
    """Two appeals by Afghanistan, each with a file: one pending (on the meeting's agenda
    once it is scheduled), one upheld (its grounds and file open to observers)."""
    from incidents.appeals.services import appeal_decide, appeal_evidence_add, appeal_file

    files = []
    for claim, decide in ((claims["verified"][0], False), (claims["not_verified"][1], True)):
        appeal = appeal_file(actor=cast["afg_officer"], incident=claim, grounds="Older imagery.")
        upload = SimpleUploadedFile("new.png", PNG_1X1, content_type="image/png")
        evidence = appeal_evidence_add(user=cast["afg_officer"], appeal=appeal, upload=upload)
        files.append((claim.reference, evidence.pk))
        if decide:
            appeal_decide(
                actor=cast["secretariat"],
                appeal=appeal,
                decision="uphold",
                minutes="Heard both delegations.",
                meeting_label="Review meeting",
            )
    return {"reference": [(ref,) for ref, _ in files], "evidence_id": files}


def export_jobs(cast) -> list[tuple[str]]:
    """A finished export for each role (only its requester reads it)."""
    from django.http import QueryDict

    from core.exports.build import export_job_build
    from core.exports.services import export_job_start
    from incidents.exports import CLAIMS_CSV

    jobs = []
    for name in ROLES:
        job = export_job_start(requester=cast[name], kind=CLAIMS_CSV, parameters=QueryDict())
        export_job_build(job_id=job.pk)  # as the worker would (idempotent if it already ran)
        jobs.append((str(job.pk),))
    return jobs


def compliance_world(cast) -> dict:
    """A commitment, its action reports (a draft, one in review with evidence, one
    verified) and a referral: the references the compliance paths take."""
    from compliance.action_reports.services import (
        action_evidence_add,
        action_report_create_draft,
        action_report_submit,
    )
    from compliance.commitments.services import commitment_create
    from compliance.models import ActionReport, ActionReportEvidence, CommitmentKind, Urgency
    from compliance.referrals.services import referral_create, referral_evidence_add
    from tests.compliance.conftest import commitment_data, report_data
    from tests.factories import reply_first

    afg = cast["afg_officer"]
    commitment = commitment_create(
        actor=cast["secretariat"],
        data=commitment_data(afg.party, CommitmentKind.objects.get(code="raid")),
    )
    reports = [
        action_report_create_draft(actor=afg, commitment=commitment, data=report_data())
        for _ in range(3)
    ]
    action_report_submit(actor=afg, report=reports[1])
    action_report_submit(actor=afg, report=reports[2])
    reply_first(cast["pak_officer"], reports[2])  # findings wait for the contest
    for reviewer in ("tur_reviewer", "qat_reviewer"):
        review_record_finding(
            actor=cast[reviewer],
            record=reports[2],
            outcome="verified",
            grade="probable",
            reasoning="Imagery.",
            intent="accidental",
        )
    action_evidence_add(
        user=afg,
        report=reports[1],
        upload=SimpleUploadedFile("raid.png", PNG_1X1, content_type="image/png"),
    )
    referral = referral_create(
        actor=cast["pak_officer"],
        data={
            "to_party": afg.party,
            "subject": "A safe house",
            "requested_action": "Raid it.",
            "urgency": Urgency.objects.get(code="priority"),
        },
    )
    referral_evidence_add(
        user=cast["pak_officer"],
        referral=referral,
        upload=SimpleUploadedFile("house.png", PNG_1X1, content_type="image/png"),
    )
    # Each upload's analysis (its preview) runs on commit, which the world never reaches.
    from io import StringIO

    from django.core.management import call_command

    call_command("evidence_scan", stdout=StringIO())
    from compliance.models import Referral, ReferralEvidence

    return {
        "commitments/": {"reference": [(commitment.reference,)]},
        "action-reports/": {
            "reference": [
                (ref,) for ref in ActionReport.objects.values_list("reference", flat=True)
            ],
            "evidence_id": list(
                ActionReportEvidence.objects.values_list("action_report__reference", "pk")
            ),
        },
        "referrals/": {
            "reference": [(ref,) for ref in Referral.objects.values_list("reference", flat=True)],
            "evidence_id": list(ReferralEvidence.objects.values_list("referral__reference", "pk")),
        },
        **penalty_world(cast),
        **denial_world(cast),
    }


def denial_world(cast) -> dict:
    """An access denial on a claim under review, with a file, and one access was granted on."""
    from incidents.denials.models import AccessDenial, AccessDenialEvidence
    from incidents.denials.services import (
        access_denial_evidence_add,
        access_denial_grant,
        access_denial_record,
    )

    claims = Incident.objects.filter(status=Status.UNDER_REVIEW).order_by("pk")[:2]
    if not claims:  # a world without claims under review (tests/api/test_every_method.py)
        return {}
    for claim in claims:
        denial = access_denial_record(
            actor=cast["secretariat"],
            incident=claim,
            data={
                "denying_party": claim.accused_party,
                "began_at": timezone.now(),
                "latitude": "34.13",
                "longitude": "71.09",
                "place_name": "Torkham",
                "denied_by": "Border post west",
                "refused": "Entry to the site.",
            },
        )
    from evidence.analysis import evidence_analyse

    # Its analysis (its preview) runs on commit, which the world never reaches.
    evidence_analyse(
        evidence=access_denial_evidence_add(
            user=cast["secretariat"],
            denial=denial,
            upload=SimpleUploadedFile("refusal.png", PNG_1X1, content_type="image/png"),
        )
    )
    access_denial_grant(actor=cast["secretariat"], denial=AccessDenial.objects.first())
    return {
        "access-denials/": {
            "reference": [
                (ref,) for ref in AccessDenial.objects.values_list("reference", flat=True)
            ],
            "evidence_id": list(
                AccessDenialEvidence.objects.values_list("denial__reference", "pk")
            ),
        }
    }


def penalty_world(cast) -> dict:
    """Penalty cases against Afghanistan on a verified claim: one proposed, one in effect
    (observers see it), and the measures' codes."""
    from compliance.models import PenaltyMeasure
    from compliance.penalties.services import penalty_open, penalty_record_decision
    from incidents.models import Incident
    from verification.statuses import Status

    claim = Incident.objects.filter(status=Status.VERIFIED, accused_party__code="AFG").first()
    measure = PenaltyMeasure.objects.get(code="demarche")
    cases = []
    for _ in range(2):
        cases.append(
            penalty_open(
                actor=cast["secretariat"],
                party=claim.accused_party,
                measure=measure,
                rationale="Verified fire.",
                claims=[claim.reference],
            )
        )
    for reviewer in ("tur_reviewer", "qat_reviewer"):
        penalty_record_decision(
            actor=cast[reviewer], case=cases[1], decision="approve", reason="Verified."
        )
    return {
        "penalties/": {"reference": [(c.reference,) for c in cases]},
        "penalty-measures/": {
            "code": [(code,) for code in PenaltyMeasure.objects.values_list("code", flat=True)]
        },
        "parties/": {"code": [(code,) for code in Party.objects.values_list("code", flat=True)]},
    }


def existing(world, path: str, name: str) -> list:
    """What exists for this path parameter: compliance paths take their own records."""
    for prefix in (
        "appeal/",
        "commitments/",
        "action-reports/",
        "referrals/",
        "penalties/",
        "penalty-measures/",
        "parties/",
        "access-denials/",
    ):
        if f"/{prefix}" in path:
            return world[prefix][name]
    return world[name]


# Path parameters that, most of the time, name things that exist: the innermost one
# decides, and the outer ones come with it (an evidence file and its claim).
EXISTING = {
    "other": ("reference", "other"),
    "evidence_id": ("reference", "evidence_id"),
    "item_id": ("meeting_id", "item_id"),
    "meeting_id": ("meeting_id",),
    "job_id": ("job_id",),
    "reference": ("reference",),
    "code": ("code",),
}


@pytest.fixture
def schema(world, connection_kept_open):
    # The application gunicorn serves (config.wsgi), its handler included.
    from config.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/schema/", application)


def auth(world, role) -> dict:
    return {"Authorization": f"Token {world['tokens'][role]}"} if role else {}


def test_no_server_error_and_answers_as_documented(world, schema):
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    tokens = world["tokens"]
    sent: list[str] = []
    failures: list[str] = []
    unsatisfiable: list[str] = []
    tally: dict = {}

    def exercise(operation, mode):
        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
            # Failures are collected, not raised: no shrinking needed.
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        )
        @given(case=operation.as_strategy(generation_mode=mode), data=st.data())
        def run(case, data):
            params = case.path_parameters or {}
            innermost = next((name for name in EXISTING if name in params), None)
            # A path made invalid on purpose stays as generated.
            if case.meta.is_negative_at(ParameterLocation.PATH):
                innermost = None
            if innermost and data.draw(st.sampled_from([True, True, True, False])):
                values = data.draw(st.sampled_from(existing(world, operation.path, innermost)))
                params.update(zip(EXISTING[innermost], values, strict=True))
            role = data.draw(st.sampled_from([*ROLES, None]))
            headers = auth(world, role)
            response = case.call(headers=headers)
            sent.append(operation.label)
            tally.setdefault(operation.label, Counter())[response.status_code] += 1
            try:
                validate(case, response, headers)
            except (FailureGroup, Failure) as failure:
                failures.append(f"{operation.label} as {role} ({mode}):\n{failure}")
            if operation.method.upper() == "DELETE" and role:
                # Revoking the token is a legitimate answer; the next examples need it back.
                api_token(world["users"][role], secret=tokens[role])

        try:
            run()
        except Unsatisfiable:
            # Nothing in the operation can be made invalid: no parameters, no body.
            raw = schema.raw_schema["paths"][operation.path][operation.method.lower()]
            assert mode == schemathesis.GenerationMode.NEGATIVE, operation.label
            assert not raw.get("parameters") and "requestBody" not in raw, operation.label
            unsatisfiable.append(operation.label)

    for operation in operations:
        for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
            exercise(operation, mode)

    assert not failures, f"{len(failures)} failing requests:\n\n" + "\n\n".join(failures[:20])
    assert len(sent) >= MINIMUM_REQUESTS, len(sent)
    assert {label.split(" ", 1)[0] for label in sent} >= {"GET", "POST", "PATCH", "DELETE"}
    # Reads reached real claims, files and meetings, not only 404s.
    unanswered = [label for label, codes in tally.items() if label[:3] == "GET" and not codes[200]]
    assert not unanswered, unanswered
    # Only the parameterless reads (parties, categories, penalty measures, the log's
    # public keys and its latest append-signed head, a person's own tokens) and token
    # revocation.
    assert set(unsatisfiable) <= {
        "DELETE /api/v1/auth/token/",
        "GET /api/v1/tokens/",
        "GET /api/v1/categories/",
        "GET /api/v1/log/head/",
        "GET /api/v1/log/key/",
        "GET /api/v1/parties/",
        "GET /api/v1/penalty-measures/",
    }, unsatisfiable


def test_each_success_answer_is_as_documented(world, schema, cast, tur):
    """A claim's whole life through the schema's own operations, by the roles allowed to
    act: every 2xx answer (bodies, content types, the evidence file) checked against the
    schema, which generated requests rarely reach."""
    second = UserFactory(username="tur_reviewer_2", role=Role.REVIEWER, cochair=tur)
    world["tokens"]["tur_reviewer_2"] = api_token(second)

    def send(role, method, path, expected, **parts):
        case = schema[path][method].Case(**parts)
        headers = auth(world, role)
        response = case.call(headers=headers)
        validate(case, response, headers)
        assert response.status_code == expected, response.content
        return response

    token = send(
        None,
        "POST",
        "/api/v1/auth/token/",
        200,
        body={"username": "pak_officer", "password": "pw"},
        media_type="application/json",
    )
    assert token.json()["token"] not in world["tokens"].values()
    assert token.json()["scope"] == "write"
    send("pak_officer", "GET", "/api/v1/parties/", 200)
    send("observer", "GET", "/api/v1/categories/", 200)

    body = {
        "accused_party": "AFG",
        "category": "cross_border_fire",
        "alleged_actor": "Afghan border forces",
        "occurred_at": (timezone.now() - timedelta(hours=5)).isoformat(),
        "latitude": 34.133,
        "longitude": 71.083,
        "place_name": "Torkham",
        "province": "Khyber Pakhtunkhwa",
        "narrative": "Mortar rounds landed near the crossing at dawn.",
    }
    created = send(
        "pak_officer",
        "POST",
        "/api/v1/incidents/",
        201,
        body=body,
        media_type="application/json",
        headers={"Idempotency-Key": "create-1"},
    )
    ref = created.json()["reference"]
    path = {"reference": ref}
    send(
        "pak_officer",
        "PATCH",
        "/api/v1/incidents/{reference}/",
        200,
        path_parameters=path,
        body={"place_name": "Torkham gate", "version": 1},
        media_type="application/json",
    )
    evidence = send(
        "pak_officer",
        "POST",
        "/api/v1/incidents/{reference}/evidence/",
        201,
        path_parameters=path,
        body={"file": PNG_1X1, "visibility": "mediators_only", "description": "Crater"},
        media_type="multipart/form-data",
    ).json()
    send(
        "pak_officer",
        "GET",
        "/api/v1/incidents/{reference}/evidence/{evidence_id}/",
        200,
        path_parameters={**path, "evidence_id": str(evidence["id"])},
    )
    send("pak_officer", "GET", "/api/v1/incidents/{reference}/evidence/", 200, path_parameters=path)
    send("pak_officer", "POST", "/api/v1/incidents/{reference}/submit/", 200, path_parameters=path)
    send(
        "secretariat",
        "POST",
        "/api/v1/incidents/{reference}/assign/",
        200,
        path_parameters=path,
        body={"reviewers": ["tur_reviewer_2"]},
        media_type="application/json",
    )
    send(
        "afg_officer",
        "POST",
        "/api/v1/incidents/{reference}/reply/",
        201,
        path_parameters=path,
        body={"position": "partially_accepts", "narrative": "Return fire only."},
        media_type="application/json",
    )
    send(
        "pak_officer",
        "POST",
        "/api/v1/incidents/{reference}/amend/",
        200,
        path_parameters=path,
        body={
            "reason": "Casualty figures confirmed.",
            "killed_civilian_low": 1,
            "killed_civilian_high": 2,
        },
        media_type="application/json",
    )
    for reviewer, outcome, intent in (
        ("tur_reviewer_2", "verified", {"intent": "deliberate"}),
        ("qat_reviewer", "not_verified", {}),
    ):
        send(
            reviewer,
            "POST",
            "/api/v1/incidents/{reference}/findings/",
            201,
            path_parameters=path,
            body={"outcome": outcome, "grade": "probable", "reasoning": "Imagery.", **intent},
            media_type="application/json",
        )
    meeting = send(
        "secretariat",
        "POST",
        "/api/v1/meetings/",
        201,
        body={
            "title": "Extraordinary review",
            "scheduled_for": (timezone.now() + timedelta(days=2)).isoformat(),
        },
        media_type="application/json",
    ).json()
    send("tur_reviewer", "GET", "/api/v1/meetings/", 200, query={"page_size": 1})
    meeting_path = {"meeting_id": meeting["id"]}
    send("qat_reviewer", "GET", "/api/v1/meetings/{meeting_id}/", 200, path_parameters=meeting_path)
    send(
        "secretariat",
        "POST",
        "/api/v1/meetings/{meeting_id}/refresh/",
        200,
        path_parameters=meeting_path,
    )
    item = next(i for i in meeting["agenda"] if i["reference"] == ref)
    decided = send(
        "secretariat",
        "POST",
        "/api/v1/meetings/{meeting_id}/agenda/{item_id}/decision/",
        200,
        path_parameters={**meeting_path, "item_id": item["id"]},
        body={
            "minutes": "Agreed on the imagery.",
            "outcome": "verified",
            "grade": "probable",
            "intent": "accidental",
        },
        media_type="application/json",
    ).json()
    assert decided["claim_status"] == "verified"
    for role in ROLES:  # decided: now every role sees it
        for suffix in ("", "review/", "events/", "evidence/"):
            send(
                role,
                "GET",
                f"/api/v1/incidents/{{reference}}/{suffix}",
                200,
                path_parameters=path,
            )
    meeting_begun(ReviewMeeting.objects.get(pk=meeting["id"]))  # a meeting closes once begun
    send(
        "secretariat",
        "POST",
        "/api/v1/meetings/{meeting_id}/close/",
        200,
        path_parameters=meeting_path,
        body={"minutes": "Closed."},
        media_type="application/json",
    )

    draft = send(
        "afg_officer",
        "POST",
        "/api/v1/incidents/",
        201,
        body={
            **body,
            "accused_party": "PAK",
            "latitude": 34.5,
            "longitude": 69.2,
            "place_name": "Kabul",
            "province": "Kabul",
        },
        media_type="application/json",
    ).json()
    send(
        "afg_officer",
        "POST",
        "/api/v1/incidents/{reference}/withdraw/",
        200,
        path_parameters={"reference": draft["reference"]},
        body={"reason": "Filed in error."},
        media_type="application/json",
    )

    for role in ROLES:
        query = {"status": ["verified"], "reporting_party": "PAK", "bbox": "60,23,78,39"}
        send(role, "GET", "/api/v1/incidents/", 200, query=query)
        send(role, "GET", "/api/v1/incidents/export.csv", 200, query=query)
        send(role, "GET", "/api/v1/incidents/export.geojson", 200, query=query)
    send("observer", "DELETE", "/api/v1/auth/token/", 204)
