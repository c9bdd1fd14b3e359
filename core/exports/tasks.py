"""The export jobs' Celery tasks: thin, and safe to run twice (a finished job is left as
it is)."""

from celery import shared_task

from .build import export_job_build, export_jobs_purge


@shared_task(name="exports.build", acks_late=True)
def build_export(job_id: str) -> str | None:
    job = export_job_build(job_id=job_id)
    return job.status if job is not None else None


@shared_task(name="exports.purge", acks_late=True)
def purge_export_jobs() -> int:
    return export_jobs_purge()
