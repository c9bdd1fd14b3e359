"""Background jobs. Thin: each calls one service and is safe to run twice."""

from celery import shared_task

from .sweep import run_sweep


@shared_task(name="verification.flag_overdue", acks_late=True)
def flag_overdue() -> dict:
    report = run_sweep()
    return {kind: len(refs) for kind, refs in report.flagged.items()}
