"""The browser's download of one evidence file, for every record type alike."""

from django.http import Http404
from django.shortcuts import render

from core.errors import ServiceError

from .api import evidence_file_response
from .selectors import evidence_download_allowed


def serve_evidence(request, *, subject, model, evidence_id, back_url):
    """The browser's download of one file of a record the caller sees (a claim, an action
    report, a referral): 404 unless the file is the caller's to download, then the same
    integrity re-check as the API; a file that fails it is not served (500, a page
    saying so)."""
    item = (
        model.objects.select_related("uploaded_by")
        .filter(**{model.subject_link: subject}, pk=evidence_id)
        .first()
    )
    if item is None or not evidence_download_allowed(user=request.user, evidence=item):
        raise Http404("No such file.")
    try:
        return evidence_file_response(user=request.user, evidence=item)
    except ServiceError as exc:
        return render(
            request,
            "evidence/unavailable.html",
            {"subject": subject, "back_url": back_url, "item": item, "detail": exc.detail},
            status=500,
        )
