"""Notifications: in-app rows written with the change; emails after commit, never at its expense."""

import pytest
from django.core import mail

from notifications.dispatch import send_pending_emails
from notifications.models import Notification
from verification.statuses import Status


@pytest.mark.django_db(transaction=True)
def test_submission_notifies_the_accused_party_and_reviewers(file_claim, cast):
    file_claim("under_review")
    assert Notification.objects.filter(user=cast["afg_officer"], kind="reply_open").count() == 1
    assert Notification.objects.filter(user=cast["tur_reviewer"], kind="assigned").count() == 1
    assert Notification.objects.filter(user=cast["pak_officer"]).count() == 0
    # eager Celery in tests: the dispatch ran after commit and every email went out
    assert Notification.objects.filter(email_sent_at__isnull=True).count() == 0
    assert {m.to[0] for m in mail.outbox} >= {"afg_officer@example.org", "tur_reviewer@example.org"}


@pytest.mark.django_db(transaction=True)
def test_a_failing_email_backend_never_loses_the_change(file_claim, cast, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("SMTP down")

    monkeypatch.setattr("notifications.dispatch.send_mail", broken)
    claim = file_claim("under_review")
    claim.refresh_from_db()
    assert claim.status == Status.UNDER_REVIEW
    pending = Notification.objects.filter(email_sent_at__isnull=True)
    assert pending.count() >= 3
    assert all(n.email_attempts >= 1 for n in pending)
    monkeypatch.undo()
    assert send_pending_emails() == pending.count()
    assert Notification.objects.filter(email_sent_at__isnull=True).count() == 0


@pytest.mark.django_db(transaction=True)
def test_broker_down_keeps_the_change_and_the_emails_pending(file_claim, cast, monkeypatch):
    from notifications import tasks

    def no_broker(*args, **kwargs):
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(tasks.send_pending_emails, "delay", no_broker)
    claim = file_claim("under_review")
    claim.refresh_from_db()
    assert claim.status == Status.UNDER_REVIEW
    assert Notification.objects.filter(email_sent_at__isnull=True).count() >= 3
    monkeypatch.undo()
    sent = send_pending_emails()
    assert sent >= 3
    assert send_pending_emails() == 0  # nothing sent twice
