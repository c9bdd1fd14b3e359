"""Reads of export jobs: only the requester ever sees one."""

from django.http import Http404

from core.models import ExportJob


def export_job_of(user, job_id) -> ExportJob:
    """The job when `user` asked for it; 404 otherwise, whoever else it belongs to."""
    job = ExportJob.objects.filter(pk=job_id, requester_id=user.pk).first()
    if job is None:
        raise Http404("No such export.")
    return job
