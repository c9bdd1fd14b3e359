"""Background jobs. Thin: each calls one service and is safe to run twice."""

from celery import shared_task

from . import dispatch


@shared_task(name="notifications.send_pending_emails", acks_late=True)
def send_pending_emails() -> int:
    return dispatch.send_pending_emails()
