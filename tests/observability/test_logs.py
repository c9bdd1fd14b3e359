"""Log lines an operator can search: with LOG_FORMAT=json, one JSON object a line with
level, UTC time, logger, message, and the request's id and user id (the task's id and
name in a Celery task); the request id is returned; nothing personal beyond the user id."""

import io
import json
import logging
import os
import subprocess
import sys
from datetime import datetime
from logging.config import dictConfig
from pathlib import Path

import pytest
from django_structlog.celery.receivers import CeleryReceiver

from config.celery_app import ping
from core.logs import logging_config

REPO = Path(__file__).resolve().parent.parent.parent
pytestmark = pytest.mark.filterwarnings("ignore:No directory at:UserWarning")


@pytest.fixture
def json_lines(monkeypatch, settings):
    """Logging as LOG_FORMAT=json configures it, to a buffer; -> the lines, each parsed."""
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    dictConfig(logging_config(fmt="json", level="INFO"))
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    dictConfig(settings.LOGGING)


def utc_time(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset().total_seconds() == 0
    return moment


@pytest.mark.django_db
def test_each_line_of_a_request_is_json_with_its_request_and_user(client, pak_officer, json_lines):
    client.force_login(pak_officer)

    response = client.get(
        "/claims/NO-SUCH-CLAIM/?q=a+narrative+of+the+shelling",
        HTTP_X_REQUEST_ID="lb-7f3a9c",
        HTTP_USER_AGENT="Mozilla/5.0 (officer's laptop)",
        REMOTE_ADDR="203.0.113.9",
    )

    assert response.status_code == 404
    assert response["X-Request-ID"] == "lb-7f3a9c"
    lines = json_lines()
    # Django's own "Not Found" warning and django-structlog's request_finished at least.
    loggers = {line["logger"] for line in lines}
    assert {"django.request", "django_structlog.middlewares.request"} <= loggers
    for line in lines:
        assert line["request_id"] == "lb-7f3a9c"
        assert line["user_id"] == pak_officer.pk
        assert line["level"] in ("info", "warning")
        assert line["message"]
        utc_time(line["time"])
    (finished,) = [line for line in lines if line["message"] == "request_finished"]
    assert finished["code"] == 404
    assert finished["request"] == "GET /claims/NO-SUCH-CLAIM/"
    text = "\n".join(json.dumps(line) for line in lines)
    for personal in ("narrative", "203.0.113.9", "Mozilla", "laptop"):
        assert personal not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sent",
    [None, "", "has spaces", "x" * 129, "<script>", "id\nforged: line", "-leading-dash"],
)
def test_an_implausible_or_missing_request_id_is_replaced(client, sent, json_lines):
    extra = {} if sent is None else {"HTTP_X_REQUEST_ID": sent}

    response = client.get("/healthz", **extra)

    request_id = response["X-Request-ID"]
    assert request_id != sent
    assert len(request_id) == 36  # a UUID
    assert {line["request_id"] for line in json_lines()} == {request_id}


@pytest.mark.django_db
def test_two_requests_get_two_ids(client):
    first, second = client.get("/healthz"), client.get("/healthz")

    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_task_s_lines_carry_its_id_and_name(json_lines):
    receiver = CeleryReceiver()
    receiver.connect_worker_signals()
    try:
        result = ping.apply()
    finally:
        _disconnect(receiver)

    assert result.get() == "pong"
    lines = [line for line in json_lines() if line["logger"].startswith("django_structlog")]
    assert [line["message"] for line in lines] == ["task_started", "task_succeeded"]
    for line in lines:
        assert line["task_id"] == result.id
        assert line["task"] == "ceasefire.ping"
        assert line["level"] == "info"
        utc_time(line["time"])


def _disconnect(receiver):
    """Undo connect_worker_signals (a worker's boot step; django-structlog has no undo)."""
    from celery import signals

    names = ("before_task_publish", "after_task_publish", "task_prerun", "task_retry")
    names += ("task_success", "task_failure", "task_revoked", "task_unknown", "task_rejected")
    for name in names:
        getattr(signals, name).disconnect(getattr(receiver, f"receiver_{name}"))


def test_the_text_format_reads_as_text():
    stream = io.StringIO()
    logger = logging.getLogger("tests.observability.text")
    handler = logging.StreamHandler(stream)
    config = logging_config(fmt="text", level="INFO")["formatters"]["default"]
    factory = config.pop("()")
    handler.setFormatter(factory(**config))
    logger.addHandler(handler)
    try:
        logger.warning("Evidence %s failed its hash check", "EV-1")
    finally:
        logger.removeHandler(handler)

    line = stream.getvalue().strip()
    assert "Evidence EV-1 failed its hash check" in line
    assert "warning" in line
    with pytest.raises(json.JSONDecodeError):
        json.loads(line)


def test_an_unknown_log_format_is_refused():
    with pytest.raises(ValueError, match="LOG_FORMAT must be one of json, text"):
        logging_config(fmt="xml", level="INFO")


def _production_settings(**environment) -> dict:
    """Production settings' values, read in a fresh interpreter with `environment`."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "production-settings-test-key-" + "x" * 40,
        "LOG_SIGNING_KEY": "production-settings-test-not-a-key",
        "DJANGO_ALLOWED_HOSTS": "mechanism.example.org",
        **environment,
    }
    if "LOG_FORMAT" not in environment:
        env.pop("LOG_FORMAT", None)
    script = (
        "import json; from django.conf import settings as s; print(json.dumps({"
        "'format': s.LOG_FORMAT, 'renders_json': 'JSONRenderer' in repr("
        "s.LOGGING['formatters']['default']['processors']), "
        "'worker_required': s.HEALTH_WORKER_REQUIRED, "
        "'exempt': s.SECURE_REDIRECT_EXEMPT}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_production_logs_json_by_default_and_requires_a_worker():
    values = _production_settings()

    assert values["format"] == "json"
    assert values["renders_json"] is True
    assert values["worker_required"] is True
    assert r"^metrics$" in values["exempt"]


def test_production_logs_text_when_asked():
    values = _production_settings(LOG_FORMAT="text")

    assert values["format"] == "text"
    assert values["renders_json"] is False
