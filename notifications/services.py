"""In-app notifications, written with the change; emails sent after commit and retried."""

import logging

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from core.bulk import bulk_insert

from .models import Notification
from .tasks import send_pending_emails

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
        send_pending_emails.delay()
    except Exception:
        log.warning("Broker unavailable; emails stay pending for the periodic dispatch.")


def queue_email_dispatch() -> None:
    """After commit, ask a worker to send pending emails (once per transaction). If the
    broker is down, the periodic dispatch picks them up later: the rows are committed."""
    conn = transaction.get_connection()
    if any(entry[1] is _enqueue_email_dispatch for entry in conn.run_on_commit):
        return
    transaction.on_commit(_enqueue_email_dispatch)


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications read (all, or the given ids). Only ever the user's own."""
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def notifications_mark_subject_read(*, user, subject_type: str, subject_ref: str) -> int:
    """The person has opened, or acted on, this record: what they were told about it is
    read. One UPDATE over their unread rows (the `notification_unread` index)."""
    if not (subject_type and subject_ref and getattr(user, "is_authenticated", False)):
        return 0
    return Notification.objects.filter(
        user=user, read_at__isnull=True, subject_type=subject_type, subject_ref=subject_ref
    ).update(read_at=timezone.now())
