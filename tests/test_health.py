"""GET /healthz: 200 when the database and the broker answer, 503 naming what is down."""

import os
import shutil

import pytest
from django.db.utils import OperationalError

from config import health
from config.celery_app import app as celery_app

# WhiteNoise warns at middleware load that STATIC_ROOT is not collected: not our subject.
pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")

OK = {"status": "ok", "database": "ok", "broker": "ok", "down": []}
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
    assert response.json() == {
        "status": "down",
        "database": "ok",
        "broker": "down",
        "down": ["broker"],
    }


def test_healthz_503_names_the_database_when_the_query_fails(
    client, filesystem_broker, monkeypatch
):
    monkeypatch.setattr(health, "connection", BrokenConnection())

    response = get_healthz(client)

    assert response.status_code == 503
    assert response.json() == {
        "status": "down",
        "database": "down",
        "broker": "ok",
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
