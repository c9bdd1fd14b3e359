"""Background jobs of the shared floor: the API's plumbing, the worker's heartbeat and
the exports. Thin and safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from core.api.idempotency import idempotency_keys_purge
from core.exports.services import export_job_build, export_jobs_purge

from .runs import WORKER_HEARTBEAT, job_run_record


@shared_task(name="api.purge_idempotency_keys", acks_late=True)
def purge_idempotency_keys() -> int:
    return idempotency_keys_purge()


@shared_task(name="core.worker_heartbeat", acks_late=True, ignore_result=True)
def worker_heartbeat() -> None:
    """Beat sends this every minute; whichever worker takes it records the time, which
    /healthz compares with HEALTH_WORKER_MAX_AGE."""
    job_run_record(name=WORKER_HEARTBEAT, finished_at=timezone.now(), duration=timedelta(0))


@shared_task(name="exports.build", acks_late=True)
def build_export(job_id: str) -> str | None:
    job = export_job_build(job_id=job_id)
    return job.status if job is not None else None


@shared_task(name="exports.purge", acks_late=True)
def purge_export_jobs() -> int:
    return export_jobs_purge()
