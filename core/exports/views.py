"""The browser's export page: progress while the job runs (htmx polls the fragment),
then the download. Only the requester sees either; anyone else gets the 404 page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse

from core.api.errors import ApiError
from core.models import ExportJob

from .api import export_file_response
from .selectors import export_job_of

# How often the page asks for progress while the job runs.
POLL_SECONDS = 2


def export_started(job: ExportJob):
    """Where a browser export that became a job goes: its page."""
    return redirect(reverse("export-page", args=[job.pk]))


def _context(job: ExportJob) -> dict:
    total = job.progress_total
    return {
        "job": job,
        "finished": job.status in (ExportJob.Status.DONE, ExportJob.Status.FAILED),
        "percent": round(100 * job.progress_done / total) if total else 0,
        "poll_seconds": POLL_SECONDS,
    }


@login_required
def export_page(request, job_id):
    job = export_job_of(request.user, job_id)
    template = "core/_export_progress.html" if request.htmx else "core/export_job.html"
    return render(request, template, _context(job))


@login_required
def export_download(request, job_id):
    job = export_job_of(request.user, job_id)
    try:
        return export_file_response(job)
    except ApiError as refusal:
        context = {**_context(job), "refusal": refusal}
        return render(request, "core/export_job.html", context, status=refusal.status_code)
