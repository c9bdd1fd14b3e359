"""The worker's side of an export job: build its file as its requester may see it, and
purge the old ones. Thin Celery tasks (core.exports.tasks) call these."""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from core.errors import CommonError, ServiceError
from core.models import ExportJob, export_path
from core.transitions import Workflow, table

from .error_codes import ExportError
from .registry import export_kind

logger = logging.getLogger(__name__)

Status = ExportJob.Status

EXPORT_WORKFLOW = Workflow(
    noun=gettext_noop("export"),
    statuses=Status,
    transitions=table(
        # From running too: a task redelivered after its worker died starts over.
        start=({Status.QUEUED, Status.RUNNING}, {Status.RUNNING}),
        finish=({Status.RUNNING}, {Status.DONE}),
        fail=({Status.QUEUED, Status.RUNNING}, {Status.FAILED}),
    ),
)

# Progress is written at most this many times per job, whatever its size.
PROGRESS_STEPS = 20
# Jobs deleted per purge run; the next run takes the rest.
PURGE_BATCH = 1000


def _query(parameters: dict[str, list[str]]) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in parameters.items():
        query.setlist(key, list(values))
    return query


def _transition(job_id, action: str, **changes) -> ExportJob | None:
    """Lock the job, check `action` against the table, write `changes`; None when the job
    is gone or the table refuses (a duplicate task finds it already finished)."""
    with transaction.atomic():
        job = ExportJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not EXPORT_WORKFLOW.can(action, job.status):
            return None
        for name, value in changes.items():
            setattr(job, name, value)
        job.save(update_fields=list(changes))
        return job


def _fail(job_id, code) -> ExportJob | None:
    return _transition(
        job_id, "fail", status=Status.FAILED, error_code=str(code), finished_at=timezone.now()
    )


def export_job_build(*, job_id) -> ExportJob | None:
    """Build a queued (or interrupted) job's file as its requester may see it, store it
    and mark the job done; idempotent: a done or failed job is left as it is.

    The job's row is locked only while its status changes; progress is written between,
    in at most PROGRESS_STEPS updates, so a status request sees it move. A refusal of the
    parameters records its own code, anything else EXPORT_FAILED; either way the job is
    marked failed and nothing is raised, so the task is not retried forever.
    """
    job = _transition(
        job_id, "start", status=Status.RUNNING, started_at=timezone.now(), progress_done=0
    )
    if job is None:
        return None
    name = ""
    try:
        user = job.requester
        if not user.is_active:
            raise ServiceError(
                CommonError.PERMISSION_DENIED, gettext("The requester's account is off.")
            )
        spec = export_kind(job.kind)
        parameters = _query(job.parameters)
        total = spec.size(user, parameters, None)
        ExportJob.objects.filter(pk=job.pk).update(progress_total=total)
        step = max(1, -(-total // PROGRESS_STEPS))
        done, reported = 0, 0
        with tempfile.TemporaryFile() as out:
            for chunk, done in spec.chunks(user, parameters):
                out.write(chunk.encode() if isinstance(chunk, str) else chunk)
                if done - reported >= step:
                    reported = done
                    ExportJob.objects.filter(pk=job.pk).update(progress_done=done)
            out.seek(0)
            name = job.file.storage.save(
                export_path(job, job.filename), File(out, name=job.filename)
            )
    except ServiceError as error:
        return _fail(job.pk, error.code)
    except Exception:
        logger.exception("export %s (%s) failed", job.pk, job.kind)
        if name:
            job.file.storage.delete(name)
        return _fail(job.pk, ExportError.EXPORT_FAILED)
    now = timezone.now()
    finished = _transition(
        job.pk,
        "finish",
        status=Status.DONE,
        file=name,
        progress_done=done,
        progress_total=done,
        finished_at=now,
        expires_at=now + timedelta(hours=settings.EXPORT_RETENTION_HOURS),
    )
    if finished is None:  # another delivery of the task finished it first
        job.file.storage.delete(name)
    return finished


def export_jobs_purge(*, now=None) -> int:
    """Delete the jobs past their expiry, with their files; the number deleted. A job
    still queued or running past its expiry is taken as lost and goes too."""
    now = now or timezone.now()
    expired = ExportJob.objects.filter(expires_at__lt=now)
    count = 0
    for job in list(expired.only("pk", "file")[:PURGE_BATCH]):
        if job.file:
            job.file.storage.delete(job.file.name)
        count += ExportJob.objects.filter(pk=job.pk).delete()[0]
    return count
