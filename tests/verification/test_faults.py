"""Background work under failure: the broker is down when a claim is submitted, a worker
dies in the middle of the sweep. Nothing is lost and nothing happens twice.
"""

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.db import connection, transaction
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from config.celery_app import app as celery_app
from incidents.models import Incident
from notifications import tasks
from notifications.models import Notification
from verification.statuses import Status
from verification.sweep import run_sweep

REPO = Path(__file__).resolve().parent.parent.parent
UNREACHABLE_BROKER = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _forget_connections() -> None:
    """Drop the app's pooled broker connections, so the next send uses the broker URL in
    force now."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextlib.contextmanager
def broker_down():
    """Sends go to a broker that refuses connections, as when Redis is down, instead of
    running eagerly as they do elsewhere in the tests."""
    conf = celery_app.conf
    saved = conf.broker_url, conf.task_always_eager
    conf.update(broker_url=UNREACHABLE_BROKER, task_always_eager=False)
    _forget_connections()
    try:
        yield
    finally:
        conf.update(broker_url=saved[0], task_always_eager=saved[1])
        _forget_connections()


def emails_by_notification() -> list[tuple[str, str]]:
    return sorted((m.to[0], m.subject) for m in mail.outbox)


@pytest.mark.django_db(transaction=True)
def test_broker_down_at_submission_loses_no_notification_and_sends_none_twice(file_claim, cast):
    claim = file_claim("draft")
    client = APIClient()
    client.force_authenticate(cast["pak_officer"])
    started = time.monotonic()
    with broker_down():
        response = client.post(f"/api/v1/incidents/{claim.reference}/submit/")
    # The failed send costs the request a bounded delay, not the request itself.
    assert response.status_code == 200, response.content
    assert time.monotonic() - started < 15

    claim.refresh_from_db()
    assert claim.status == Status.UNDER_REVIEW
    pending = Notification.objects.filter(subject_ref=claim.reference, email_sent_at__isnull=True)
    recipients = set(pending.values_list("user__username", flat=True))
    waiting = pending.count()
    assert {"afg_officer", "tur_reviewer", "qat_reviewer"} <= recipients
    assert mail.outbox == []  # nothing could be sent

    # The broker is back: beat's periodic dispatch (every minute) reaches a worker.
    assert tasks.send_pending_emails.delay().get() == waiting
    sent = emails_by_notification()
    assert len(sent) == len(set(sent)) == waiting
    assert {to.split("@")[0] for to, _ in sent} == recipients
    assert not Notification.objects.filter(email_sent_at__isnull=True).exists()

    # The on-commit send that failed is not retried behind our back, and another
    # periodic run sends nothing again.
    assert tasks.send_pending_emails.delay().get() == 0
    assert emails_by_notification() == sent


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_dispatchers_at_once_send_each_email_once(file_claim, monkeypatch):
    """The periodic dispatch and the after-commit one can run at the same moment on two
    workers once the broker is back: each pending email still goes out once."""
    with broker_down():
        for _ in range(3):
            file_claim("under_review")
    pending = Notification.objects.filter(email_sent_at__isnull=True).count()
    assert pending >= 9

    from notifications import dispatch as notifications

    real_send = notifications.send_mail

    def slow_send(**kwargs):
        time.sleep(0.02)  # both dispatchers are inside their transactions together
        return real_send(**kwargs)

    monkeypatch.setattr(notifications, "send_mail", slow_send)
    barrier = threading.Barrier(2)
    counts = []

    def dispatch():
        try:
            barrier.wait(timeout=30)
            counts.append(notifications.send_pending_emails())
        finally:
            connection.close()

    threads = [threading.Thread(target=dispatch) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(counts) == pending
    assert len(mail.outbox) == pending
    # Each notification was tried exactly once, by one of the two.
    assert Notification.objects.filter(email_attempts=1, email_sent_at__isnull=False).count() == (
        pending
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_recipient_whose_user_row_is_locked_still_gets_the_email(file_claim):
    """A login writes last_login while the dispatcher runs: the dispatcher locks only
    the notification, so that recipient's email is not skipped."""
    with broker_down():
        file_claim("under_review")
    note = Notification.objects.filter(email_sent_at__isnull=True).select_related("user")[0]
    holding, release = threading.Event(), threading.Event()

    def log_in():
        try:
            with transaction.atomic():
                User = type(note.user)
                User.objects.select_for_update().get(pk=note.user_id)
                holding.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    other = threading.Thread(target=log_in)
    other.start()
    try:
        assert holding.wait(timeout=30)
        from notifications import dispatch as notifications

        notifications.send_pending_emails()
        note.refresh_from_db()
        assert note.email_sent_at is not None
    finally:
        release.set()
        other.join(timeout=30)


# --- a worker killed in the middle of the sweep ------------------------------------------

KILL_MID_SWEEP = """
import os, signal, sys
import django
django.setup()
from django.utils.dateparse import parse_datetime
from verification.sweep import engine, run_sweep

real = engine.audit_record_batch

def record_then_die(**batch):
    real(**batch)  # the first kind's flags and events are written, not committed
    sys.stdout.write("killing\\n")
    sys.stdout.flush()
    os.kill(os.getpid(), signal.SIGKILL)

engine.audit_record_batch = record_then_die
run_sweep(as_of=parse_datetime(sys.argv[1]))
"""


def database_url() -> str:
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a second process needs a server database"
)
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_sweep_leaves_nothing_and_the_rerun_completes_once(file_claim):
    reviewed = [file_claim("under_review") for _ in range(3)]
    as_of = max(c.reply_due_at for c in reviewed) + timedelta(seconds=1)
    events, notes = AuditEvent.objects.count(), Notification.objects.count()

    worker = subprocess.run(
        [sys.executable, "-c", KILL_MID_SWEEP, as_of.isoformat()],
        cwd=REPO,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == -signal.SIGKILL, worker.stderr[-3000:]
    assert "killing" in worker.stdout

    # The server rolled the dead worker's transaction back: no flag, event or notice.
    for claim in reviewed:
        claim.refresh_from_db()
        assert claim.reply_overdue_at is None
    assert (AuditEvent.objects.count(), Notification.objects.count()) == (events, notes)

    report = run_sweep(as_of=as_of)
    assert sorted(report.flagged["reply"]) == sorted(c.reference for c in reviewed)
    for claim in reviewed:
        flagged = AuditEvent.objects.filter(
            subject_ref=claim.reference, action="reply_window_closed"
        )
        assert flagged.count() == 1
    assert run_sweep(as_of=as_of).total == 0  # and again: nothing twice
    assert AuditEvent.objects.filter(action="reply_window_closed").count() == len(reviewed)
    assert audit_verify_chain().ok
    assert Incident.objects.filter(reply_overdue_at__isnull=False).count() == len(reviewed)
