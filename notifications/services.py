"""In-app notifications, written with the change; emails sent after commit and retried."""

import logging

from celery import current_app
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from core.bulk import bulk_insert

from .models import Notification

log = logging.getLogger(__name__)

NOTIFICATION_COLUMNS = [
    "user_id",
    "kind",
    "title",
    "body",
    "subject_type",
    "subject_ref",
    "created_at",
    "read_at",
    "email_sent_at",
    "email_attempts",
]


def people_of_party(party_id) -> list[int]:
    return list(
        User.objects.filter(role=Role.OFFICER, party_id=party_id, is_active=True).values_list(
            "pk", flat=True
        )
    )


def secretariat_people() -> list[int]:
    return list(
        User.objects.filter(role=Role.SECRETARIAT, is_active=True).values_list("pk", flat=True)
    )


def notify(
    user_ids, *, kind: str, title: str, body: str = "", subject_type="", subject_ref=""
) -> int:
    """Write one notification per person (deduplicated) in the caller's transaction and
    queue the emails for after commit. Returns how many were written."""
    now = timezone.now()
    rows = [
        [uid, kind, title[:200], body, subject_type, subject_ref, now, None, None, 0]
        for uid in sorted(set(user_ids))
    ]
    if not rows:
        return 0
    bulk_insert(Notification, NOTIFICATION_COLUMNS, rows)
    queue_email_dispatch()
    return len(rows)


def notify_many(entries: list[dict]) -> int:
    """One insert for many notifications: dicts with user_id, kind, title and optional
    body, subject_type, subject_ref. Emails are queued after commit."""
    now = timezone.now()
    rows = [
        [
            e["user_id"],
            e["kind"],
            e["title"][:200],
            e.get("body", ""),
            e.get("subject_type", ""),
            e.get("subject_ref", ""),
            now,
            None,
            None,
            0,
        ]
        for e in entries
    ]
    if rows:
        bulk_insert(Notification, NOTIFICATION_COLUMNS, rows)
        queue_email_dispatch()
    return len(rows)


def _enqueue_email_dispatch():
    try:
        # By its registered name: the task module imports this one.
        current_app.tasks["notifications.send_pending_emails"].delay()
    except Exception:
        log.warning("Broker unavailable; emails stay pending for the periodic dispatch.")


def queue_email_dispatch() -> None:
    """After commit, ask a worker to send pending emails (once per transaction). If the
    broker is down, the periodic dispatch picks them up later: the rows are committed."""
    conn = transaction.get_connection()
    if any(entry[1] is _enqueue_email_dispatch for entry in conn.run_on_commit):
        return
    transaction.on_commit(_enqueue_email_dispatch)


def send_pending_emails(*, limit: int = 500) -> int:
    """Send emails for notifications not yet emailed. A failure leaves them pending."""
    sent = 0
    with transaction.atomic():
        pending = list(
            # Lock only the notification rows: a lock on the joined user row (a login
            # writing last_login, or the other dispatcher) would otherwise make both
            # dispatchers skip a notification that neither sends.
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(email_sent_at__isnull=True, email_attempts__lt=10)
            .select_related("user")
            .order_by("created_at", "id")[:limit]
        )
        for note in pending:
            if not note.user.email:
                note.email_sent_at = timezone.now()
                note.save(update_fields=["email_sent_at"])
                continue
            try:
                send_mail(
                    subject=f"[Ceasefire mechanism] {note.title}",
                    message=note.body or note.title,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[note.user.email],
                )
            except Exception:
                log.exception("Email to user %s failed; will retry.", note.user_id)
                note.email_attempts += 1
                note.save(update_fields=["email_attempts"])
                continue
            note.email_sent_at = timezone.now()
            note.email_attempts += 1
            note.save(update_fields=["email_sent_at", "email_attempts"])
            sent += 1
    return sent


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications read (all, or the given ids). Only ever the user's own."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())
