"""Writes of export jobs on the requester's side: start one, its build dispatched to the
worker once committed (core.exports.tasks, which runs core.exports.build)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from core.models import ExportJob

from .registry import export_kind
from .tasks import build_export


def export_parameters(query: QueryDict) -> dict[str, list[str]]:
    """A request's query parameters as the job keeps them (every value of each)."""
    return dict(query.lists())


def export_is_large(kind: str, *, user, parameters: QueryDict) -> bool:
    """True when the export holds more than EXPORT_ASYNC_THRESHOLD rows: one bounded count
    (it stops counting past the threshold)."""
    threshold = settings.EXPORT_ASYNC_THRESHOLD
    return export_kind(kind).size(user, parameters, threshold + 1) > threshold


def export_job_start(*, requester, kind: str, parameters: QueryDict) -> ExportJob:
    """Queue an export of `kind` for `requester` and dispatch its build once committed.
    Writes one job; raises KeyError for a kind nobody registered."""
    spec = export_kind(kind)
    job = ExportJob.objects.create(
        requester=requester,
        kind=kind,
        parameters=export_parameters(parameters),
        filename=spec.filename(parameters),
        content_type=spec.content_type,
        expires_at=timezone.now() + timedelta(hours=settings.EXPORT_RETENTION_HOURS),
    )
    transaction.on_commit(lambda: build_export.delay(str(job.pk)))
    return job
