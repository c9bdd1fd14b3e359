"""Browser pages for claims: the list, filing and editing drafts, evidence downloads.

Every page starts from incident_visible_to / incident_get_visible (not visible: 404) and
writes only through the services; a service's refusal becomes a form error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import F
from django.forms import CheckboxSelectMultiple, Select
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.errors import ServiceError
from core.exports import export_is_large, export_job_start
from core.exports.views import export_started
from core.views import form_page, posted_int, require
from evidence.views import evidence_page_views

from ..exports import claim_export_response, claims_for_export
from ..filters import IncidentFilter
from ..forms import ClaimForm, claim_initial
from ..models import Category, Evidence, GeoPrecision, TimePrecision
from ..permissions import can_create_claim, can_edit_draft
from ..selectors import claim_or_404, incident_visible_to
from ..services import (
    CONTENT_FIELDS,
    evidence_add,
    incident_create_draft,
    incident_update_draft,
)

PAGE_SIZE = 25

# Sort keys offered by the claim list: the query value -> (ordering, label).
SORTS = {
    "-occurred_at": (("-occurred_at", "-id"), _("Newest first")),
    "occurred_at": (("occurred_at", "id"), _("Oldest first")),
    "reference": (("reference",), _("Reference A–Z")),
    "-reference": (("-reference",), _("Reference Z–A")),
    "status": (("status", "-occurred_at", "-id"), _("Status")),
    "findings_due_at": (
        (F("findings_due_at").asc(nulls_last=True), "-id"),
        _("Findings deadline, soonest first"),
    ),
    "-submitted_at": ((F("submitted_at").desc(nulls_last=True), "-id"), _("Recently submitted")),
}
DEFAULT_SORT = "-occurred_at"


# How the shared filters read in a browser form (the API documents its own names).
FILTER_LABELS = {
    "status": _("Status"),
    "reporting_party": _("Reporting party"),
    "accused_party": _("Accused party"),
    "category": _("Category"),
    "occurred_after": _("Occurred on or after"),
    "occurred_before": _("Occurred before"),
    "province": _("Province"),
    "border_sector": _("Border sector"),
    "overdue": _("Deadlines"),
    "appeal_status": _("On appeal"),
    "search": _("Search the narrative and place"),
    "bbox": _("Map box"),
    "related_to": _("Linked to the claim"),
    "has_counter_claim": _("Counter-claims"),
}


def claim_filter(request, queryset):
    """The API's filters on a queryset; invalid input shows its errors and matches nothing."""
    filterset = IncidentFilter(request.GET or None, queryset=queryset)
    form = filterset.form
    form.label_suffix = ""
    for name, field in form.fields.items():
        field.label = FILTER_LABELS.get(name, field.label)
    form.fields["status"].widget = CheckboxSelectMultiple(choices=form.fields["status"].choices)
    form.fields["appeal_status"].widget = CheckboxSelectMultiple(
        choices=form.fields["appeal_status"].choices
    )
    form.fields["reporting_party"].empty_label = _("Any party")
    form.fields["accused_party"].empty_label = _("Any party")
    form.fields["category"].widget = _category_select()
    for name in ("occurred_after", "occurred_before"):
        form.fields[name].widget.input_type = "date"
    form.fields["overdue"].widget = Select(
        choices=[("", _("Any")), ("true", _("Overdue only")), ("false", _("On time"))]
    )
    form.fields["bbox"].help_text = _("min lon, min lat, max lon, max lat")
    form.fields["related_to"].help_text = _("A reference, e.g. PAK-2026-00012")
    form.fields["has_counter_claim"].widget = Select(
        choices=[("", _("Any")), ("true", _("With a counter-claim")), ("false", _("Without one"))]
    )
    if not filterset.is_bound:
        return filterset, queryset
    if not filterset.is_valid():
        return filterset, queryset.none()
    return filterset, filterset.qs


def _category_select():
    codes = Category.objects.current().order_by("label").values_list("code", "label")
    return Select(choices=[("", _("Any category")), *codes])


@login_required
def claim_list(request):
    claims = incident_visible_to(request.user).select_related(
        "reporting_party", "accused_party", "category"
    )
    filterset, claims = claim_filter(request, claims)
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else DEFAULT_SORT
    claims = claims.order_by(*SORTS[sort][0])
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "sort": sort,
        "sorts": {key: label for key, (_, label) in SORTS.items()},
        "export_query": export_query(request.GET),
    }
    if request.htmx and request.htmx.target == "claim-results":
        return render(request, "incidents/_claim_results.html", context)
    return render(request, "incidents/claim_list.html", context)


# Query parameters of the list that are not filters: the downloads leave them out.
NOT_FILTERS = ("page", "sort")


def export_query(query) -> str:
    """The list's query string as its downloads carry it: the filters given, only."""
    kept = QueryDict(mutable=True)
    for name, values in query.lists():
        if name not in NOT_FILTERS and any(values):
            kept.setlist(name, [value for value in values if value])
    return kept.urlencode()


@login_required
def claim_export(request, kind):
    """The list's filtered claims as a file of `kind` (CSV or GeoJSON), the same file the
    API gives: streamed at once, or over EXPORT_ASYNC_THRESHOLD rows an export job and
    its progress page. Bad filters go back to the list, which shows what is wrong with
    them."""
    try:
        claims = claims_for_export(request.user, request.GET)
    except ServiceError:
        return redirect(f"{reverse('claim-list')}?{request.GET.urlencode()}")
    if export_is_large(kind, user=request.user, parameters=request.GET):
        job = export_job_start(requester=request.user, kind=kind, parameters=request.GET)
        return export_started(job)
    return claim_export_response(kind, claims)


def attach_files(user, claim, form):
    for upload in form.cleaned_data.get("evidence") or []:
        evidence_add(user=user, incident=claim, upload=upload, **form.evidence_kwargs())


@login_required
def claim_create(request):
    require(can_create_claim, request.user)
    initial = {
        "time_precision": TimePrecision.EXACT,
        "geo_precision": GeoPrecision.EXACT,
        **{name: 0 for name in CONTENT_FIELDS if name.endswith(("_low", "_high"))},
    }
    form = ClaimForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        officer=request.user,
        initial=initial,
    )

    def perform(form):
        claim = incident_create_draft(officer=request.user, data=form.content())
        attach_files(request.user, claim, form)
        return claim

    return form_page(
        request,
        form,
        perform=perform,
        success=lambda claim: _after_save(request, claim),
        template="incidents/claim_form.html",
        context={"claim": None},
    )


def _after_save(request, claim):
    if "submit" in request.POST:
        return redirect("claim-submit", reference=claim.reference)
    messages.success(
        request,
        gettext("Draft %(reference)s saved. It is visible to your party only.")
        % {"reference": claim.reference},
    )
    return redirect("claim-detail", reference=claim.reference)


@login_required
def claim_edit(request, reference):
    claim = claim_or_404(request, reference)
    require(can_edit_draft, request.user, claim)
    form = ClaimForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        officer=request.user,
        initial=claim_initial(claim),
    )

    def perform(form):
        saved = incident_update_draft(
            officer=request.user,
            incident=claim,
            data=form.content(),
            expected_version=posted_int(request, "version"),
        )
        attach_files(request.user, saved, form)
        return saved

    return form_page(
        request,
        form,
        perform=perform,
        success=lambda saved: _after_save(request, saved),
        template="incidents/claim_form.html",
        context={"claim": claim},
    )


# A claim's evidence pages: download, preview, "mark graphic".
evidence_download, evidence_preview_page, evidence_graphic_page = evidence_page_views(
    load=claim_or_404, model=Evidence, detail_url="claim-detail"
)
