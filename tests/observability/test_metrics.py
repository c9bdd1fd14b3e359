"""GET /metrics: refused without METRICS_TOKEN; with it, the request and database
metrics and the mechanism's gauges, with the right numbers."""

from datetime import timedelta

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from audit.models import AuditEvent
from verification.sweep import run_sweep
from verification.tasks import flag_overdue

pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

TOKEN = "metrics-token-for-tests-3c5e"


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client) -> dict:
    """{(name, sorted labels): value} of every sample /metrics serves."""
    response = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


@pytest.mark.django_db
def test_refused_to_everyone_while_no_token_is_set(client, settings):
    settings.METRICS_TOKEN = ""

    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("authorization", "status"),
    [
        (None, 401),
        ("", 401),
        (f"Basic {TOKEN}", 401),
        (f"Token {TOKEN}", 401),
        ("Bearer ", 401),
        ("Bearer wrong-token", 403),
        (f"Bearer {TOKEN}x", 403),
        (f"Bearer {TOKEN[:-1]}", 403),
    ],
)
def test_refused_without_the_right_bearer_token(client, token, authorization, status):
    extra = {} if authorization is None else {"HTTP_AUTHORIZATION": authorization}

    response = client.get("/metrics", **extra)

    assert response.status_code == status
    assert b"ceasefire_" not in response.content
    if status == 401:
        assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'


@pytest.mark.django_db
def test_get_only(client, token):
    response = client.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}")

    assert response.status_code == 405


@pytest.mark.django_db
def test_the_request_counter_counts_requests(client, token):
    key = ("django_http_requests_total_by_method_total", (("method", "GET"),))
    before = scrape(client)[key]

    client.get("/healthz")

    # The scrape itself and /healthz.
    assert scrape(client)[key] == before + 2


@pytest.mark.django_db
def test_database_queries_are_counted(client, token, pak_officer):
    from django.db import connection

    key = ("django_db_execute_total", (("alias", "default"), ("vendor", connection.vendor)))
    before = scrape(client).get(key, 0)

    list(AuditEvent.objects.all()[:1])

    assert scrape(client)[key] > before


@pytest.mark.django_db
def test_the_mechanism_s_gauges(client, token, file_claim, tur, qat):
    file_claim("draft")
    file_claim("under_review")  # waits for both co-chairs
    file_claim("one_finding")  # tur's finding is in: waits for qat's
    file_claim("disputed")
    file_claim("verified")
    # Every deadline of the open claims passed: the sweep flags them.
    run_sweep(as_of=timezone.now() + timedelta(days=400))
    flag_overdue.delay()

    samples = scrape(client)

    def gauge(name, **labels):
        return samples[(name, tuple(sorted(labels.items())))]

    assert gauge("ceasefire_claims_open", status="submitted") == 0
    assert gauge("ceasefire_claims_open", status="under_review") == 2
    assert gauge("ceasefire_claims_open", status="disputed") == 1
    # The two under review are past their findings deadline; the one waiting for both
    # co-chairs had no reply in time (findings wait for the reply, so the claims with a
    # finding had theirs); none was left unassigned.
    assert gauge("ceasefire_claims_overdue", deadline="findings") == 2
    assert gauge("ceasefire_claims_overdue", deadline="reply") == 1
    assert gauge("ceasefire_claims_overdue", deadline="assignment") == 0
    assert gauge("ceasefire_review_queue_claims", cochair=tur.code) == 1
    assert gauge("ceasefire_review_queue_claims", cochair=qat.code) == 2
    assert gauge("ceasefire_audit_chain_length") == AuditEvent.objects.count() > 0
    finished = gauge("ceasefire_sweep_last_finished_timestamp_seconds")
    assert abs(finished - timezone.now().timestamp()) < 10
    assert 0 <= gauge("ceasefire_sweep_last_duration_seconds") < 10
    assert gauge("ceasefire_gauges_up") == 1


@pytest.mark.django_db
def test_no_sweep_yet_no_sweep_gauge(client, token):
    samples = scrape(client)

    names = {name for name, _ in samples}
    assert "ceasefire_sweep_last_finished_timestamp_seconds" not in names
    assert "ceasefire_worker_last_heartbeat_timestamp_seconds" not in names
    assert ("ceasefire_audit_chain_length", ()) in samples
