"""Background jobs of the shared floor: the API's plumbing and the worker's heartbeat.
Thin and safe to run twice. The export jobs' tasks live with them (core.exports.tasks)
and are registered here too, so that a worker knows them from its first task."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from core.api.idempotency import idempotency_keys_purge
from core.exports import tasks as export_tasks  # noqa: F401  # registers exports.*

from .runs import WORKER_HEARTBEAT, job_run_record


@shared_task(name="api.purge_idempotency_keys", acks_late=True)
def purge_idempotency_keys() -> int:
    return idempotency_keys_purge()


@shared_task(name="core.worker_heartbeat", acks_late=True, ignore_result=True)
def worker_heartbeat() -> None:
    """Beat sends this every minute; whichever worker takes it records the time, which
    /healthz compares with HEALTH_WORKER_MAX_AGE."""
    job_run_record(name=WORKER_HEARTBEAT, finished_at=timezone.now(), duration=timedelta(0))
