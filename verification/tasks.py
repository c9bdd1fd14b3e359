"""Background jobs. Thin: each calls one service and is safe to run twice."""

from celery import shared_task

from core.runs import SWEEP, job_run_timed

from .sweep import run_sweep


@shared_task(name="verification.flag_overdue", acks_late=True)
def flag_overdue() -> dict:
    # The run is recorded (when and how long) for /metrics once the sweep has committed.
    with job_run_timed(SWEEP):
        report = run_sweep()
    return {kind: len(refs) for kind, refs in report.flagged.items()}
