"""In-app notifications, written with the change; emails sent after commit and retried."""

import json
import logging

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from core.bulk import bulk_insert

from .messages import MESSAGES, message_render_english
from .models import Notification
from .tasks import send_pending_emails

log = logging.getLogger(__name__)

NOTIFICATION_COLUMNS = [
    "user_id",
    "kind",
    "title",
    "body",
    "params",
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


def _row(user_id, *, kind: str, params: dict | None, subject_type: str, subject_ref: str, now):
    values = plain_params(params or {})
    title, body = message_render_english(kind, values)
    return [user_id, kind, title[:200], body, values, subject_type, subject_ref, now, None, None, 0]


def plain_params(params: dict) -> dict:
    """The values as JSON keeps them: dates and times as ISO strings."""
    return json.loads(json.dumps(params, cls=DjangoJSONEncoder))


def _check_kind(kind: str) -> None:
    if kind not in MESSAGES:
        raise ValueError(
            f"No sentence for notifications of kind {kind!r} (notifications.messages)."
        )


def notify(
    user_ids, *, kind: str, params: dict | None = None, subject_type="", subject_ref=""
) -> int:
    """Write one notification per person (deduplicated) in the caller's transaction and
    queue the emails for after commit. The kind's sentence (notifications.messages) is
    composed from `params` in each reader's language; its English rendering is stored.
    Raises ValueError for a kind with no sentence. Returns how many were written."""
    _check_kind(kind)
    now = timezone.now()
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    first = _row(
        ids[0],
        kind=kind,
        params=params,
        subject_type=subject_type,
        subject_ref=subject_ref,
        now=now,
    )
    rows = [[uid, *first[1:]] for uid in ids]
    bulk_insert(Notification, NOTIFICATION_COLUMNS, rows)
    queue_email_dispatch()
    return len(rows)


def notify_many(entries: list[dict]) -> int:
    """One insert for many notifications: dicts with user_id, kind and optional params,
    subject_type, subject_ref (as `notify`). Emails are queued after commit."""
    now = timezone.now()
    rows = []
    for e in entries:
        _check_kind(e["kind"])
        rows.append(
            _row(
                e["user_id"],
                kind=e["kind"],
                params=e.get("params"),
                subject_type=e.get("subject_type", ""),
                subject_ref=e.get("subject_ref", ""),
                now=now,
            )
        )
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
