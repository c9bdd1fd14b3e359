"""Writes are safe to retry: the Idempotency-Key header."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from core.models import IdempotencyKey
from incidents.models import Evidence, Finding, Incident, IncidentRevision, Reply
from mediators.models import ReviewMeeting
from tests.factories import meeting_begun
from verification.statuses import Status

from .support import PDF, PNG, assert_error, schedule_meeting, upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def stored_files(root):
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def send(client, url, body, key, *, multipart=False):
    if multipart:
        return client.post(url, body(), format="multipart", HTTP_IDEMPOTENCY_KEY=key)
    return client.post(url, body, format="json", HTTP_IDEMPOTENCY_KEY=key)


def assert_replayed(first, second):
    assert second.status_code == first.status_code, second.content
    assert second.json() == first.json()
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert second.get("Location") == first.get("Location")


# --- create -----------------------------------------------------------------------------


def test_create_retried_with_the_same_key_makes_one_claim(api_as, category, claim_body):
    pak = api_as("pak_officer")

    first = send(pak, "/api/v1/incidents/", claim_body(), "create-1")
    second = send(pak, "/api/v1/incidents/", claim_body(), "create-1")

    assert first.status_code == 201 and first["Location"]
    assert_replayed(first, second)
    assert Incident.objects.count() == 1
    assert AuditEvent.objects.filter(action="created").count() == 1


def test_same_body_in_another_key_order_is_the_same_request(api_as, category, claim_body):
    pak = api_as("pak_officer")
    body = claim_body()

    first = send(pak, "/api/v1/incidents/", body, "order")
    second = send(pak, "/api/v1/incidents/", dict(reversed(list(body.items()))), "order")

    assert_replayed(first, second)
    assert Incident.objects.count() == 1


def test_same_key_with_a_different_body_is_409(api_as, category, claim_body):
    pak = api_as("pak_officer")
    assert send(pak, "/api/v1/incidents/", claim_body(), "k").status_code == 201

    response = send(pak, "/api/v1/incidents/", claim_body(place_name="Chaman"), "k")

    assert_error(response, 409, "IDEMPOTENCY_KEY_REUSED", field="Idempotency-Key")
    assert Incident.objects.count() == 1


def test_same_key_on_another_endpoint_is_409(api_as, file_claim):
    draft = file_claim("draft")
    pak = api_as("pak_officer")
    url = f"/api/v1/incidents/{draft.reference}/"
    assert send(pak, f"{url}submit/", {}, "k").status_code == 200

    response = send(pak, f"{url}withdraw/", {}, "k")

    assert_error(response, 409, "IDEMPOTENCY_KEY_REUSED")
    assert Incident.objects.get(pk=draft.pk).status == Status.UNDER_REVIEW


def test_keys_are_per_user(api_as, category, claim_body):
    first = send(api_as("pak_officer"), "/api/v1/incidents/", claim_body(), "shared")
    second = send(
        api_as("afg_officer"), "/api/v1/incidents/", claim_body(accused_party="PAK"), "shared"
    )

    assert first.status_code == second.status_code == 201
    assert "Idempotent-Replayed" not in second
    assert first.json()["reference"] != second.json()["reference"]
    assert second.json()["reporting_party"] == "AFG"
    assert Incident.objects.count() == 2


def test_another_user_cannot_replay_someone_elses_answer(api_as, cast, file_claim):
    """Keys are per user: the AFG officer reusing the PAK officer's key on the PAK
    officer's draft gets the 404 for a draft it may not see, not the stored answer."""
    draft = file_claim("draft")
    url = f"/api/v1/incidents/{draft.reference}/submit/"
    assert send(api_as("pak_officer"), url, {}, "secret").status_code == 200
    Incident.objects.filter(pk=draft.pk).update(status=Status.DRAFT, submitted_at=None)

    assert_error(send(api_as("afg_officer"), url, {}, "secret"), 404, "NOT_FOUND")


# --- a refusal stores nothing ---------------------------------------------------------------


def test_a_refused_request_stores_nothing_and_a_corrected_retry_works(api_as, category, claim_body):
    pak = api_as("pak_officer")

    refused = send(pak, "/api/v1/incidents/", claim_body(latitude=200), "fix-me")
    assert_error(refused, 400, "VALIDATION_ERROR", field="latitude")
    assert not IdempotencyKey.objects.exists()

    corrected = send(pak, "/api/v1/incidents/", claim_body(), "fix-me")
    assert corrected.status_code == 201
    assert Incident.objects.count() == 1
    assert send(pak, "/api/v1/incidents/", claim_body(), "fix-me").json() == corrected.json()


def test_a_refusal_by_the_service_stores_nothing(api_as, file_claim):
    claim = file_claim("under_review")
    url = f"/api/v1/incidents/{claim.reference}/reply/"
    body = {"position": "denies", "narrative": "No fire from our side."}

    refused = send(api_as("pak_officer"), url, body, "k")  # the reporting party
    assert_error(refused, 403, "NOT_YOUR_PARTY")

    assert not IdempotencyKey.objects.exists()
    assert send(api_as("afg_officer"), url, body, "k").status_code == 201


def test_a_retry_after_a_conflict_runs_again(api_as, file_claim):
    """A 409 is not stored either: once the conflict is gone, the same key goes through."""
    claim = file_claim("draft")
    pak = api_as("pak_officer")
    url = f"/api/v1/incidents/{claim.reference}/amend/"
    body = {"reason": "Fix", "place_name": "Torkham gate"}

    assert_error(send(pak, url, body, "amend"), 409, "ILLEGAL_TRANSITION")
    assert pak.post(f"/api/v1/incidents/{claim.reference}/submit/").status_code == 200

    assert send(pak, url, body, "amend").status_code == 200
    assert IncidentRevision.objects.filter(incident=claim).count() == 1


# --- expiry ---------------------------------------------------------------------------------


def test_an_expired_key_can_be_used_again(api_as, category, claim_body, settings, time_machine):
    settings.IDEMPOTENCY_TTL_HOURS = 2
    time_machine.move_to(timezone.now())
    pak = api_as("pak_officer")
    first = send(pak, "/api/v1/incidents/", claim_body(), "daily")
    time_machine.shift(timedelta(hours=1))
    assert send(pak, "/api/v1/incidents/", claim_body(), "daily").json() == first.json()

    time_machine.shift(timedelta(hours=1, minutes=1))
    again = send(pak, "/api/v1/incidents/", claim_body(place_name="Chaman"), "daily")

    assert again.status_code == 201 and "Idempotent-Replayed" not in again
    assert again.json()["reference"] != first.json()["reference"]
    assert IdempotencyKey.objects.count() == 1


# --- header validation ------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["", "   ", "x" * 256, "tab\there"])
def test_an_invalid_key_is_400(key, api_as, category, claim_body):
    response = send(api_as("pak_officer"), "/api/v1/incidents/", claim_body(), key)

    assert_error(response, 400, "VALIDATION_ERROR", field="Idempotency-Key")
    assert not Incident.objects.exists()


def test_a_key_of_the_longest_length_works(api_as, category, claim_body):
    pak = api_as("pak_officer")
    first = send(pak, "/api/v1/incidents/", claim_body(), "x" * 255)

    assert_replayed(first, send(pak, "/api/v1/incidents/", claim_body(), "x" * 255))


# --- every action endpoint ----------------------------------------------------------------------


def evidence_form():
    return {"file": upload("report.pdf", PDF), "visibility": "mediators_only"}


# action -> (claim state, caller, path, body, what must exist exactly once, audit action)
ACTIONS = {
    "submit": ("draft", "pak_officer", "submit/", {}, None, "submitted"),
    "withdraw": ("under_review", "pak_officer", "withdraw/", {"reason": "x"}, None, "withdrawn"),
    "assign": (
        "under_review",
        "secretariat",
        "assign/",
        {"reviewers": ["tur_reviewer"]},
        None,
        "reassigned",
    ),
    "reply": (
        "under_review",
        "afg_officer",
        "reply/",
        {"position": "denies", "narrative": "No fire from our side."},
        Reply,
        "reply_filed",
    ),
    "findings": (
        "replied",
        "tur_reviewer",
        "findings/",
        {
            "outcome": "verified",
            "grade": "confirmed",
            "intent": "deliberate",
            "reasoning": "Crater analysis.",
        },
        Finding,
        "finding_recorded",
    ),
    "amend": (
        "under_review",
        "pak_officer",
        "amend/",
        {"reason": "Corrected the place.", "place_name": "Torkham gate"},
        IncidentRevision,
        "amended",
    ),
    "evidence": (
        "under_review",
        "afg_officer",
        "evidence/",
        evidence_form,
        Evidence,
        "evidence_added",
    ),
}


@pytest.mark.parametrize("action", list(ACTIONS))
def test_action_retried_with_the_same_key_happens_once(action, api_as, file_claim, media_root):
    state, caller, path, body, model, audit_action = ACTIONS[action]
    claim = file_claim(state)
    client = api_as(caller)
    url = f"/api/v1/incidents/{claim.reference}/{path}"
    multipart = callable(body)

    first = send(client, url, body, f"{action}-1", multipart=multipart)
    second = send(client, url, body, f"{action}-1", multipart=multipart)

    assert first.status_code in (200, 201), first.content
    assert_replayed(first, second)
    assert AuditEvent.objects.filter(subject_id=claim.pk, action=audit_action).count() == 1
    if model is not None:
        assert model.objects.filter(incident=claim).count() == 1
    if multipart:
        assert second.json()["id"] == first.json()["id"]
        assert len(stored_files(media_root)) == 1
        other = send(
            client, url, lambda: {"file": upload("photo.png", PNG)}, f"{action}-1", multipart=True
        )
        assert_error(other, 409, "IDEMPOTENCY_KEY_REUSED")
    else:
        changed = {**body, "extra": "changes the request"} if body else {"reason": "other"}
        assert_error(send(client, url, changed, f"{action}-1"), 409, "IDEMPOTENCY_KEY_REUSED")


def test_meeting_writes_retried_happen_once(api_as, cast, file_claim):
    claim = file_claim("disputed")
    sec = api_as("secretariat")
    body = {"title": "Review meeting", "scheduled_for": "2099-01-01T09:00:00Z"}

    first = send(sec, "/api/v1/meetings/", body, "meet")
    assert_replayed(first, send(sec, "/api/v1/meetings/", body, "meet"))
    assert ReviewMeeting.objects.count() == 1
    meeting = first.json()
    item = next(i for i in meeting["agenda"] if i["reference"] == claim.reference)

    url = f"/api/v1/meetings/{meeting['id']}/agenda/{item['id']}/decision/"
    decision = {
        "outcome": "verified",
        "grade": "probable",
        "intent": "accidental",
        "minutes": "Joint view.",
    }
    decided = send(sec, url, decision, "decide")
    assert decided.status_code == 200, decided.content
    assert_replayed(decided, send(sec, url, decision, "decide"))
    assert AuditEvent.objects.filter(subject_id=claim.pk, action="meeting_decision").count() == 1

    meeting_begun(ReviewMeeting.objects.get(pk=meeting["id"]))
    close_url = f"/api/v1/meetings/{meeting['id']}/close/"
    closed = send(sec, close_url, {"minutes": "Done."}, "close")
    assert closed.status_code == 200
    assert_replayed(closed, send(sec, close_url, {"minutes": "Done."}, "close"))


def test_refresh_retried_adds_the_agenda_once(api_as, cast, file_claim):
    sec = cast["secretariat"]
    meeting = schedule_meeting(sec)
    file_claim("disputed")
    client = api_as("secretariat")
    url = f"/api/v1/meetings/{meeting.pk}/refresh/"

    first = send(client, url, {}, "refresh")
    assert_replayed(first, send(client, url, {}, "refresh"))
    assert meeting.items.count() == 1
    assert AuditEvent.objects.filter(action="placed_on_agenda").count() == 1


def test_without_a_key_a_retry_is_a_new_request(api_as, file_claim):
    claim = file_claim("under_review")
    afg = api_as("afg_officer")
    url = f"/api/v1/incidents/{claim.reference}/reply/"
    body = {"position": "denies", "narrative": "No fire from our side."}

    assert afg.post(url, body, format="json").status_code == 201
    assert_error(afg.post(url, body, format="json"), 409, "ALREADY_RECORDED")


# --- two at once ----------------------------------------------------------------------------


def send_together(requests):
    """Send every request at the same moment, each from its own thread and connection."""
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def send_at_once(index):
        try:
            barrier.wait(timeout=30)
            responses[index] = requests[index]()
        finally:
            connection.close()

    threads = [threading.Thread(target=send_at_once, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request is stuck"
    return responses


def one_ran_and_one_replayed(responses):
    ran = [r for r in responses if "Idempotent-Replayed" not in r]
    replayed = [r for r in responses if r.get("Idempotent-Replayed") == "true"]
    assert len(ran) == 1 and len(replayed) == 1, [r.content for r in responses]
    assert_replayed(ran[0], replayed[0])
    return ran[0]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_with_one_key_make_one_claim(api_as, category, claim_body):
    clients = [api_as("pak_officer"), api_as("pak_officer")]
    responses = send_together(
        [lambda c=c: send(c, "/api/v1/incidents/", claim_body(), "twice") for c in clients]
    )

    # The second waited for the first and got its answer: nothing to retry, nothing twice.
    first = one_ran_and_one_replayed(responses)
    assert first.status_code == 201
    assert Incident.objects.count() == 1
    assert first.json()["reference"] == Incident.objects.get().reference
    assert AuditEvent.objects.filter(action="created").count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_submits_with_one_key_submit_once_and_both_succeed(api_as, file_claim):
    claim = file_claim("draft")
    url = f"/api/v1/incidents/{claim.reference}/submit/"
    clients = [api_as("pak_officer"), api_as("pak_officer")]
    responses = send_together([lambda c=c: send(c, url, {}, "submit-once") for c in clients])

    # Without the key the second would meet a submitted claim (409); with it, the answer.
    first = one_ran_and_one_replayed(responses)
    assert first.status_code == 200
    claim.refresh_from_db()
    assert claim.status == Status.UNDER_REVIEW
    assert AuditEvent.objects.filter(subject_ref=claim.reference, action="submitted").count() == 1
    assert IdempotencyKey.objects.filter(key="submit-once").count() == 1
