"""Background jobs. Thin: each calls one service and is safe to run twice."""

from celery import shared_task

from . import notifications
from .sweep import run_sweep


@shared_task(name="verification.flag_overdue", acks_late=True)
def flag_overdue() -> dict:
    report = run_sweep()
    return {kind: len(refs) for kind, refs in report.flagged.items()}


@shared_task(name="verification.send_pending_emails", acks_late=True)
def send_pending_emails() -> int:
    return notifications.send_pending_emails()
