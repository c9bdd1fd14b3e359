"""Faults in the middle of a request: the database connection drops, two officers save
the same claim at once. Each ends in a clean answer and leaves no partial write and no
lost update.

PostgreSQL only: the server itself cuts the connection (pg_terminate_backend), and the
concurrent saves need real row locks.
"""

import threading
import time

import psycopg
import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Role
from audit.models import AuditEvent
from incidents import services as incident_services
from incidents.models import Incident, IncidentRevision
from tests.factories import UserFactory, api_token
from tests.incidents.views.test_claims import form_data

from .support import assert_error

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
    pytest.mark.django_db(transaction=True),
]


def conninfo() -> str:
    s = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=s["NAME"],
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
    )


def terminate_this_connection() -> None:
    """Have the server end the connection this thread uses, from another connection, as
    a failover or a database restart would."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    with psycopg.connect(conninfo(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.fixture
def drop_connection_once(monkeypatch):
    """The next claim filed loses its connection after its row is written and before its
    audit event; later ones go through."""
    real = incident_services.audit_record
    cuts = []

    def cut_then_record(**kwargs):
        if not cuts:
            cuts.append(kwargs["subject_ref"])
            terminate_this_connection()
        return real(**kwargs)

    monkeypatch.setattr(incident_services, "audit_record", cut_then_record)
    yield cuts
    connection.close()  # the test's connection may be the one that was cut


def test_a_dropped_connection_mid_request_answers_503_json_and_writes_nothing(
    api_as, category, claim_body, drop_connection_once
):
    client = api_as("pak_officer")
    client.raise_request_exception = False
    response = client.post(
        "/api/v1/incidents/", claim_body(), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )

    assert drop_connection_once, "the connection was never cut"
    body = assert_error(response, 503, "SERVICE_UNAVAILABLE")
    assert response["Retry-After"].isdigit()
    assert "Traceback" not in body["detail"]
    connection.close()
    # The claim's row went with the rolled-back transaction, and its key with it.
    assert not Incident.objects.exists()
    assert not AuditEvent.objects.filter(action="created").exists()

    retry = client.post(
        "/api/v1/incidents/", claim_body(), format="json", HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert retry.status_code == 201, retry.content
    assert "Idempotent-Replayed" not in retry
    assert Incident.objects.get().reference == retry.json()["reference"]
    assert AuditEvent.objects.filter(action="created").count() == 1


def test_a_dropped_connection_mid_form_answers_the_error_page_and_writes_nothing(
    client, cast, afg, category, drop_connection_once
):
    client.force_login(cast["pak_officer"])
    client.raise_request_exception = False
    response = client.post("/claims/new/", form_data(afg, category))

    assert drop_connection_once
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert b"Nothing you sent was half-saved" in response.content
    assert b"Traceback" not in response.content
    connection.close()
    assert not Incident.objects.exists()


# --- two officers, one claim ------------------------------------------------------------


@pytest.fixture
def slow_validation(monkeypatch):
    """Hold each save inside its lock for a moment, so that the two overlap for sure."""
    real = incident_services.incident_validate

    def slow(incident):
        time.sleep(0.3)
        return real(incident)

    # both the draft edit and the amendment look it up on incidents.services when called
    monkeypatch.setattr(incident_services, "incident_validate", slow)


def send_together(requests):
    barrier = threading.Barrier(len(requests))
    responses = [None] * len(requests)

    def run(index):
        try:
            barrier.wait(timeout=30)
            responses[index] = requests[index]()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request is stuck"
    return responses


@pytest.fixture
def pak_colleague(cast, pak):
    return UserFactory(username="pak_officer_2", role=Role.OFFICER, party=pak)


def colleague_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(user)}")
    return client


def one_won_one_stale(responses, ok=200):
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [ok, 409], [r.content for r in responses]
    winner = next(r for r in responses if r.status_code == ok)
    loser = next(r for r in responses if r.status_code == 409)
    assert_error(loser, 409, "STALE_VERSION")
    return winner


def test_two_officers_editing_one_draft_at_once_one_wins_the_other_gets_409(
    api_as, file_claim, pak_colleague, slow_validation
):
    claim = file_claim("draft")
    url = f"/api/v1/incidents/{claim.reference}/"
    first, second = api_as("pak_officer"), colleague_client(pak_colleague)
    responses = send_together(
        [
            lambda: first.patch(url, {"place_name": "Torkham gate", "version": 1}, format="json"),
            lambda: second.patch(url, {"narrative": "Rewritten.", "version": 1}, format="json"),
        ]
    )

    winner = one_won_one_stale(responses)
    claim.refresh_from_db()
    assert claim.version == 2 == winner.json()["version"]
    # The winner's change is stored whole; the loser's is not half-applied over it.
    assert (claim.place_name, claim.narrative) in (
        ("Torkham gate", "Mortar rounds landed near the crossing."),
        ("Torkham", "Rewritten."),
    )
    assert (
        AuditEvent.objects.filter(subject_ref=claim.reference, action="draft_edited").count() == 1
    )

    # The loser reads the new version and saves again: nothing is lost.
    retry_client = first if responses[0].status_code == 409 else second
    fresh = retry_client.get(url).json()
    retried = retry_client.patch(
        url, {"sources": "Border post log", "version": fresh["version"]}, format="json"
    )
    assert retried.status_code == 200, retried.content
    assert retried.json()["version"] == 3


def test_two_officers_amending_one_claim_at_once_one_wins_the_other_gets_409(
    api_as, file_claim, pak_colleague, slow_validation
):
    claim = file_claim("under_review")
    url = f"/api/v1/incidents/{claim.reference}/amend/"
    version = claim.version
    first, second = api_as("pak_officer"), colleague_client(pak_colleague)
    responses = send_together(
        [
            lambda: first.post(
                url,
                {"reason": "Exact place.", "place_name": "Torkham gate", "version": version},
                format="json",
            ),
            lambda: second.post(
                url,
                {"reason": "Casualties.", "killed_civilian_high": 4, "version": version},
                format="json",
            ),
        ]
    )

    winner = one_won_one_stale(responses)
    claim.refresh_from_db()
    assert claim.version == version + 1 == winner.json()["version"]
    assert IncidentRevision.objects.filter(incident=claim).count() == 1
    assert AuditEvent.objects.filter(subject_ref=claim.reference, action="amended").count() == 1
