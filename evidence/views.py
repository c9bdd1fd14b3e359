"""The browser's pages for evidence files, for every record type alike: the download, the
preview (blurred when graphic, until revealed), marking a file graphic, the gallery and
reviewer's panel a record's page shows, and the viewer's own setting for graphic media."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.forms import form_add_service_error
from core.views import require

from .analysis import evidence_mark_graphic, problem_text
from .api import evidence_file_response
from .forms import EvidenceChecksForm
from .media import media_text
from .models import EvidenceViewerSetting
from .panel import analyses_for, claimed_time, evidence_panels, evidence_verdict
from .permissions import can_edit_evidence_checks, can_mark_graphic, can_see_analysis
from .selectors import (
    evidence_check_settings,
    evidence_download_allowed,
    evidence_preview,
    evidence_reveals_graphic,
)
from .services import CHECK_FIELDS, evidence_checks_update

WARNINGS = {
    "time_differs": gettext_lazy("taken at another time than the record's"),
    "place_differs": gettext_lazy("taken at another place than the record's"),
    "no_metadata": gettext_lazy("carries no capture time or place"),
    "seen_before": gettext_lazy("seen before on another record"),
    "seen_elsewhere": gettext_lazy("also filed on another record"),
}


def _file_of(model, subject, evidence_id):
    item = (
        model.objects.select_related("uploaded_by__party")
        .filter(**{model.subject_link: subject}, pk=evidence_id)
        .first()
    )
    if item is None:
        raise Http404("No such file.")
    return item


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


def serve_preview(request, *, subject, model, evidence_id):
    """A file's preview (an image's JPEG, a PDF's first page as PNG) under the file's own
    rule, as the API serves it: the record visible (the caller's lookup, else 404), the
    file the caller's to download (else 403), blurred when graphic unless `?reveal=1` or
    the viewer's setting; 404 without one."""
    item = _file_of(model, subject, evidence_id)
    if not evidence_download_allowed(user=request.user, evidence=item):
        raise PermissionDenied(_("This file is for the mediators only."))
    reveal = request.GET.get("reveal", "").lower() in ("1", "true", "yes")
    found = evidence_preview(user=request.user, evidence=item, reveal=reveal)
    if found is None:
        raise Http404("This file has no preview.")
    data, content_type = found
    response = HttpResponse(data, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def mark_graphic(request, *, subject, model, evidence_id, back_url):
    """POST: the filing party, a reviewer or the secretariat marks a file graphic (the
    service audits it once); anyone else is refused (403)."""
    item = _file_of(model, subject, evidence_id)
    try:
        evidence_mark_graphic(user=request.user, evidence=item)
    except ServiceError as exc:
        raise PermissionDenied(exc.detail) from exc
    messages.success(request, _("Marked graphic: its preview is blurred until revealed."))
    return redirect(f"{back_url}#evidence-file-{item.pk}")


def evidence_gallery(request, subject, items, *, preview_url_name, graphic_url_name) -> dict:
    """What a record's page shows of its files: each with its preview (blurred when graphic
    unless revealed: `?reveal=<file id>` on the page, or the viewer's setting), a PDF's
    pages or a recording's length (or why it has none), and for the mediators and the
    secretariat the panel of each file and the verdict line. A number of queries that
    does not grow with the files: the analyses, the matches (reviewers only), the viewer's
    setting (when a file is graphic)."""
    user = request.user
    items = list(items)
    for item in items:
        setattr(item, item.subject_link, subject)  # one record: no query per file
    analyses = analyses_for(items)
    reviewer = can_see_analysis(user)
    panels = evidence_panels(items, analyses) if reviewer else {}
    revealed_id = request.GET.get("reveal", "")
    by_setting = None
    rows = []
    for item in items:
        allowed = evidence_download_allowed(user=user, evidence=item)
        analysis = analyses.get(item.pk)
        graphic = bool(analysis and analysis.graphic)
        has_preview = bool(allowed and analysis and analysis.preview)
        revealed = False
        if graphic and has_preview:
            if by_setting is None:
                by_setting = evidence_reveals_graphic(user=user)
            revealed = by_setting or revealed_id == str(item.pk)
        panel = panels.get(item.pk)
        rows.append(
            {
                "e": item,
                "allowed": allowed,
                "graphic": graphic,
                "preview": has_preview,
                # A PDF's pages or a recording's length, and why a file has no preview or
                # duration: for whoever may download the file.
                "media": media_text(
                    page_count=analysis.page_count, duration_seconds=analysis.duration_seconds
                )
                if allowed and analysis
                else "",
                "note": problem_text(analysis.problem)
                if allowed and analysis and analysis.analysed_at
                else "",
                "revealed": revealed,
                "reveal_query": "?reveal=1" if graphic and revealed else "",
                "can_mark": allowed and not graphic and can_mark_graphic(user, item),
                "panel": panel,
                "warnings": [WARNINGS.get(w, w) for w in panel["warnings"]] if panel else [],
            }
        )
    return {
        "gallery": rows,
        "gallery_shown": any(row["preview"] or row["media"] or row["note"] for row in rows),
        "gallery_preview_url": preview_url_name,
        "gallery_graphic_url": graphic_url_name,
        "gallery_panel": reviewer,
        "evidence_verdict": evidence_verdict(list(panels.values())) if reviewer else "",
        "record_time": claimed_time(subject, items[0]) if items else None,
        "record_place": (getattr(subject, "latitude", None), getattr(subject, "longitude", None)),
    }


class ViewerSettingForm(forms.Form):
    reveal_graphic = forms.BooleanField(
        label=gettext_lazy("Reveal graphic media by default"),
        required=False,
        help_text=gettext_lazy(
            "Off: previews of files marked graphic stay blurred until you reveal each."
        ),
    )


@login_required
def viewer_setting(request):
    """The viewer's own choice about graphic previews (EvidenceViewerSetting)."""
    current = EvidenceViewerSetting.objects.filter(user=request.user).first()
    if request.method == "POST":
        form = ViewerSettingForm(request.POST)
        if form.is_valid():
            EvidenceViewerSetting.objects.update_or_create(
                user=request.user,
                defaults={"reveal_graphic": form.cleaned_data["reveal_graphic"]},
            )
            messages.success(request, _("Saved."))
            return redirect("evidence-setting")
        status = 400
    else:
        form = ViewerSettingForm(
            initial={"reveal_graphic": bool(current and current.reveal_graphic)}
        )
        status = 200
    return render(request, "evidence/setting.html", {"form": form}, status=status)


@login_required
def evidence_checks(request):
    """The secretariat's page for the thresholds the evidence checks weigh files by; 403
    for anyone else. Each change goes through evidence_checks_update (audited)."""
    require(can_edit_evidence_checks, request.user)
    current = evidence_check_settings()
    status = 200
    if request.method == "POST":
        form = EvidenceChecksForm(request.POST)
        if form.is_valid():
            try:
                evidence_checks_update(
                    actor=request.user, data={k: form.cleaned_data[k] for k in CHECK_FIELDS}
                )
            except ServiceError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(request, _("Saved: new checks and panels use these thresholds."))
                return redirect("evidence-checks")
        status = 400
    else:
        form = EvidenceChecksForm(initial={k: getattr(current, k) for k in CHECK_FIELDS})
    return render(
        request, "evidence/checks.html", {"form": form, "current": current}, status=status
    )


def evidence_page_views(*, load, model, detail_url: str):
    """A record type's three evidence pages, from its loader (`(request, reference)` ->
    the record it sees, or 404), its evidence model and its page's URL name: the download,
    the preview (blurred when graphic, until revealed) and "mark graphic" (POST)."""

    @login_required
    def download(request, reference, evidence_id):
        subject = load(request, reference)
        back_url = reverse(detail_url, args=[subject.reference])
        return serve_evidence(
            request, subject=subject, model=model, evidence_id=evidence_id, back_url=back_url
        )

    @login_required
    def preview(request, reference, evidence_id):
        subject = load(request, reference)
        return serve_preview(request, subject=subject, model=model, evidence_id=evidence_id)

    @login_required
    @require_POST
    def graphic(request, reference, evidence_id):
        subject = load(request, reference)
        back_url = reverse(detail_url, args=[subject.reference])
        return mark_graphic(
            request, subject=subject, model=model, evidence_id=evidence_id, back_url=back_url
        )

    return download, preview, graphic
