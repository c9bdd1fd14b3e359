"""GET /healthz: 200 when the database, the broker, the cache and the evidence store answer
(and, where one is required, a worker's heartbeat is recent), 503 naming what is down."""

import os
import shutil
from datetime import timedelta

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db.utils import OperationalError
from django.utils import timezone

from config import health
from config.celery_app import app as celery_app
from core.models import JobRun
from core.runs import WORKER_HEARTBEAT, job_run_record
from core.tasks import worker_heartbeat

# WhiteNoise warns at middleware load that STATIC_ROOT is not collected: not our subject.
pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

# No worker has answered in these tests: reported, not down, where none is required.
OK = {
    "status": "ok",
    "database": "ok",
    "broker": "ok",
    "cache": "ok",
    "storage": "ok",
    "worker": "stale",
    "worker_last_seen_seconds": None,
    "down": [],
}
# Nothing listens on port 1: connection refused, quickly.
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"


@pytest.fixture
def broker(monkeypatch):
    """Point the project's Celery app at a given broker for one test, then restore it.

    config.celery_app.app read the Django settings (namespace CELERY) at import, so
    override_settings would not reach it: its conf is patched instead. Celery lets the
    CELERY_BROKER_URL environment variable win over the conf, so that goes too.
    """

    def use(url, transport_options=None):
        for variable in ("CELERY_BROKER_URL", "CELERY_BROKER_WRITE_URL", "CELERY_BROKER_READ_URL"):
            monkeypatch.delenv(variable, raising=False)
        monkeypatch.setitem(celery_app.conf, "broker_url", url)
        monkeypatch.setitem(celery_app.conf, "broker_write_url", None)
        monkeypatch.setitem(celery_app.conf, "broker_transport_options", transport_options or {})

    return use


@pytest.fixture
def filesystem_broker(broker, tmp_path):
    """The default broker (kombu's filesystem transport), in folders of its own."""
    folders = {name: tmp_path / "broker" / name for name in ("queue", "processed", "control")}
    for folder in folders.values():
        folder.mkdir(parents=True)
    broker(
        "filesystem://",
        {
            "data_folder_in": str(folders["queue"]),
            "data_folder_out": str(folders["queue"]),
            "processed_folder": str(folders["processed"]),
            "control_folder": str(folders["control"]),
            "store_processed": False,
        },
    )


class BrokenConnection:
    """Stands in for django.db.connection when the database server is gone."""

    def cursor(self):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


def get_healthz(client):
    return client.get("/healthz")


@pytest.mark.django_db
def test_healthz_ok_with_the_filesystem_broker(client, filesystem_broker):
    response = get_healthz(client)

    assert response.status_code == 200, response.content
    assert response.json() == OK
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.skipif(
    not os.environ.get("CELERY_BROKER_URL"), reason="CELERY_BROKER_URL is not set (CI sets Redis)"
)
def test_healthz_ok_with_the_configured_broker(client, broker):
    broker(os.environ["CELERY_BROKER_URL"])

    response = get_healthz(client)

    assert response.status_code == 200, response.content
    assert response.json() == OK


@pytest.mark.django_db
def test_healthz_503_names_the_broker_when_it_is_unreachable(client, broker):
    broker(UNREACHABLE_BROKER)

    response = get_healthz(client)

    assert response.status_code == 503
    assert response.json() == {**OK, "status": "down", "broker": "down", "down": ["broker"]}


def test_healthz_503_names_the_database_when_the_query_fails(
    client, filesystem_broker, monkeypatch
):
    monkeypatch.setattr(health, "connection", BrokenConnection())

    response = get_healthz(client)

    assert response.status_code == 503
    assert response.json() == {
        **OK,
        "status": "down",
        "database": "down",
        "down": ["database"],
    }


def test_healthz_names_both_when_both_are_down(client, broker, monkeypatch):
    broker(UNREACHABLE_BROKER)
    monkeypatch.setattr(health, "connection", BrokenConnection())

    response = get_healthz(client)

    assert response.status_code == 503
    assert response.json()["down"] == ["database", "broker"]


@pytest.mark.django_db
def test_healthz_is_get_only(client, filesystem_broker):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_503_when_the_filesystem_broker_folders_are_gone(
    client, filesystem_broker, tmp_path
):
    shutil.rmtree(tmp_path / "broker" / "queue")

    response = get_healthz(client)

    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


class BrokenCache:
    """Stands in for the cache when its server (Redis) is gone."""

    def set(self, *args, **kwargs):
        raise ConnectionError("Error 111 connecting to redis:6379. Connection refused.")

    get = set


@pytest.mark.django_db
def test_healthz_503_names_the_cache_when_it_fails(client, filesystem_broker, monkeypatch):
    monkeypatch.setattr(health, "cache", BrokenCache())

    response = get_healthz(client)

    assert response.status_code == 503
    assert response.json() == {**OK, "status": "down", "cache": "down", "down": ["cache"]}


@pytest.mark.django_db
def test_healthz_503_names_the_storage_when_the_evidence_store_fails(
    client, filesystem_broker, monkeypatch
):
    def unreachable(name):
        raise OSError("Could not connect to the endpoint URL")

    monkeypatch.setattr(default_storage, "exists", unreachable)

    response = get_healthz(client)

    assert response.status_code == 503
    assert response.json() == {**OK, "status": "down", "storage": "down", "down": ["storage"]}


@pytest.fixture
def still_clock():
    """The clock stopped for the test: a heartbeat 299 s old is not 300 s old by the time
    the page is asked on a busy machine (the page rounds the age to the second)."""
    with time_machine.travel(timezone.now(), tick=False):
        yield


def beat_at(seconds_ago: int) -> None:
    job_run_record(
        name=WORKER_HEARTBEAT,
        finished_at=timezone.now() - timedelta(seconds=seconds_ago),
        duration=timedelta(0),
    )


@pytest.mark.django_db
def test_the_heartbeat_task_records_that_a_worker_answered(client, filesystem_broker):
    worker_heartbeat.delay()

    run = JobRun.objects.get(name=WORKER_HEARTBEAT)
    assert timezone.now() - run.finished_at < timedelta(seconds=5)
    body = get_healthz(client).json()
    assert body["worker"] == "ok"
    assert body["worker_last_seen_seconds"] in (0, 1)


def test_beat_sends_the_heartbeat_every_minute(settings):
    (entry,) = [
        entry
        for entry in settings.CELERY_BEAT_SCHEDULE.values()
        if entry["task"] == worker_heartbeat.name
    ]
    assert entry["schedule"] == 60.0


@pytest.mark.django_db
@pytest.mark.usefixtures("still_clock")
def test_a_stale_worker_is_reported_but_not_down_where_none_is_required(
    client, filesystem_broker, settings
):
    settings.HEALTH_WORKER_MAX_AGE = 300
    beat_at(301)

    response = get_healthz(client)

    assert response.status_code == 200
    assert response.json() == {**OK, "worker": "stale", "worker_last_seen_seconds": 301}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("seconds_ago", "status", "worker"),
    [(None, 503, "stale"), (301, 503, "stale"), (299, 200, "ok"), (0, 200, "ok")],
)
@pytest.mark.usefixtures("still_clock")
def test_where_a_worker_is_required_a_stale_heartbeat_is_down(
    client, filesystem_broker, settings, seconds_ago, status, worker
):
    settings.HEALTH_WORKER_REQUIRED = True
    settings.HEALTH_WORKER_MAX_AGE = 300
    if seconds_ago is not None:
        beat_at(seconds_ago)

    response = get_healthz(client)

    assert response.status_code == status
    body = response.json()
    assert body["worker"] == worker
    assert body["worker_last_seen_seconds"] == seconds_ago
    assert body["down"] == ([] if status == 200 else ["worker"])
    assert body["status"] == ("ok" if status == 200 else "down")
