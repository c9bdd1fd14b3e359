"""Emails for notifications, in each recipient's language, sent by a worker after commit and
retried until sent."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from .emails import email_compose
from .models import Notification

log = logging.getLogger(__name__)


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
            subject, message = email_compose(note)
            try:
                send_mail(
                    subject=subject,
                    message=message,
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
