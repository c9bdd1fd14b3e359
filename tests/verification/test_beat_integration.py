"""The real thing: Celery beat schedules the sweep, a worker runs it against the test database.

Needs PostgreSQL (the worker is another process and must see committed rows) and Redis as
the broker. The worker talks to its own Redis database index, so no other worker on the
same Redis takes the beat's tasks and this test takes none of theirs.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from incidents.models import Incident
from notifications.models import Notification

BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
# A Redis database index only this test uses (override if it is taken on your Redis).
TEST_REDIS_DB = int(os.environ.get("BEAT_TEST_REDIS_DB", "13"))
SWEEP_INTERVAL_SECONDS = 2
FLAG_TIMEOUT_SECONDS = 60

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(
        connection.vendor != "postgresql" or not BROKER_URL.startswith("redis://"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (CELERY_BROKER_URL=redis://...)",
    ),
    pytest.mark.django_db(transaction=True),
]


def worker_database_url() -> str:
    """A URL for the database this test session runs on (test_<name>, not the real one)."""
    db = connection.settings_dict
    auth = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "localhost"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{quote(db['NAME'], safe='')}"


def dedicated_broker_url() -> str:
    parts = urlsplit(BROKER_URL)
    current = parts.path.strip("/") or "0"
    index = TEST_REDIS_DB if str(TEST_REDIS_DB) != current else TEST_REDIS_DB - 1
    return urlunsplit(parts._replace(path=f"/{index}"))


class Worker:
    def __init__(self, process, log_path: Path):
        self.process = process
        self.log_path = log_path

    def log(self, tail: int = 6000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-tail:]
        except FileNotFoundError:
            return "(no worker output)"

    def stop(self):
        if self.process.poll() is not None:
            return
        try:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown: finishes the current task
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
        finally:
            # The embedded beat is a child process: end the whole group this test started.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture
def beat_worker(transactional_db, tmp_path):
    """start() runs `celery worker -B` on the test database; stopped before the flush."""
    workers = []

    def start() -> Worker:
        celery = Path(sys.executable).with_name("celery")
        queue_name = f"beat-test-{uuid.uuid4().hex[:8]}"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": worker_database_url(),
            "DATABASE_POOL": "false",
            "CELERY_BROKER_URL": dedicated_broker_url(),
            "SWEEP_INTERVAL_SECONDS": str(SWEEP_INTERVAL_SECONDS),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("CELERY_RESULT_BACKEND", None)
        log_path = tmp_path / "worker.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [
                    str(celery),
                    "-A",
                    "config",
                    "worker",
                    "-B",
                    "--pool=solo",
                    "-Q",
                    "celery",  # the beat's default queue, alone on its own Redis database
                    "--without-mingle",
                    "--without-gossip",
                    "--without-heartbeat",
                    "--loglevel=INFO",
                    "--hostname",
                    f"{queue_name}@%h",
                    "--schedule",
                    str(tmp_path / "beat-schedule"),
                ],
                cwd=settings.BASE_DIR,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        worker = Worker(process, log_path)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


def test_beat_runs_the_sweep_and_flags_a_lapsed_reply_window_once(file_claim, beat_worker):
    claim = file_claim("under_review")
    Incident.objects.filter(pk=claim.pk).update(reply_due_at=timezone.now() - timedelta(hours=1))

    worker = beat_worker()
    deadline = time.monotonic() + FLAG_TIMEOUT_SECONDS
    flagged_at = None
    while time.monotonic() < deadline:
        flagged_at = Incident.objects.filter(pk=claim.pk).values_list(
            "reply_overdue_at", flat=True
        )[0]
        if flagged_at is not None:
            break
        assert worker.process.poll() is None, f"the worker exited:\n{worker.log()}"
        time.sleep(0.5)
    assert flagged_at is not None, (
        f"not flagged within {FLAG_TIMEOUT_SECONDS}s; worker output:\n{worker.log()}"
    )

    # Let beat run the sweep a few more times: it stays flagged once.
    time.sleep(3 * SWEEP_INTERVAL_SECONDS)
    claim.refresh_from_db()
    assert claim.reply_overdue_at == flagged_at
    assert claim.findings_overdue_at is None
    events = AuditEvent.objects.filter(subject_id=claim.pk, action="reply_window_closed")
    assert events.count() == 1, worker.log()
    assert events.get().actor is None
    assert (
        Notification.objects.filter(kind="overdue_reply", subject_ref=claim.reference).count() == 4
    )
    assert "verification.flag_overdue" in worker.log(tail=10**6)
    chain = audit_verify_chain()
    assert chain.ok, chain.problem
