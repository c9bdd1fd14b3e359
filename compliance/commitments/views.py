"""Browser pages for commitments: the list, the secretariat's form and a commitment's page.

Every page starts from the selectors (not visible: 404) and writes only through the
services; a service's refusal becomes a form error, never a 500."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.views import form_page, require, saved
from notifications.services import notifications_mark_subject_read

from ..action_reports import permissions as action_report_permissions
from ..action_reports.selectors import commitment_action_reports
from ..common.views import PAGE_SIZE, timeline_events
from . import permissions, services
from .filters import CommitmentFilter
from .forms import CommitmentForm
from .models import Milestone
from .selectors import (
    commitment_or_404,
    commitment_visible_to,
    milestones_with_progress,
)


def progress(commitment, milestones) -> dict:
    """The progress bar's numbers: verified share of the target and the milestone ticks."""
    target = commitment.target_quantity
    done = min(commitment.verified_quantity, target)
    return {
        "percent": round(100 * done / target),
        "ticks": [
            {
                "percent": round(100 * m.quantity / target),
                "quantity": m.quantity,
                "date": m.due_date,
            }
            for m in milestones
            if m.quantity < target
        ],
    }


@login_required
def commitment_list(request):
    filterset = CommitmentFilter(
        request.GET or None,
        queryset=commitment_visible_to(request.user).prefetch_related(
            Prefetch("milestones", queryset=Milestone.objects.order_by("due_date"))
        ),
    )
    form = filterset.form
    form.label_suffix = ""
    form.fields["party"].empty_label = _("Any party")
    for name in ("due_after", "due_before"):
        form.fields[name].widget.input_type = "date"
    if not filterset.is_bound:
        commitments = filterset.queryset
    elif filterset.is_valid():
        commitments = filterset.qs
    else:
        commitments = filterset.queryset.none()
    page = Paginator(commitments.order_by("due_date", "id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [{"c": c, "progress": progress(c, c.milestones.all())} for c in page]
    return render(
        request,
        "compliance/commitment_list.html",
        {"filter": filterset, "page": page, "rows": rows},
        status=400 if filterset.is_bound and filterset.errors else 200,
    )


@login_required
def commitment_create(request):
    require(permissions.can_record_commitment, request.user)
    form = CommitmentForm(request.POST or None)

    def perform(form):
        data, milestones = form.content()
        return services.commitment_create(actor=request.user, data=data, milestones=milestones)

    return form_page(
        request,
        form,
        perform=perform,
        success=lambda commitment: saved(
            request,
            _("Commitment %(reference)s recorded.") % {"reference": commitment.reference},
            "commitment-detail",
            commitment,
        ),
        template="compliance/commitment_form.html",
        context={},
    )


@login_required
def commitment_detail(request, reference):
    commitment = commitment_or_404(request, reference)
    notifications_mark_subject_read(
        user=request.user, subject_type=services.COMMITMENT, subject_ref=commitment.reference
    )
    milestones = list(commitment.milestones.order_by("due_date"))
    return render(
        request,
        "compliance/commitment_detail.html",
        {
            "c": commitment,
            "progress": progress(commitment, milestones),
            "milestones": milestones_with_progress(commitment),
            "reports": commitment_action_reports(user=request.user, commitment=commitment),
            "events": timeline_events(services.COMMITMENT, commitment, request.user),
            "can_report": action_report_permissions.can_report_action.test(
                request.user, commitment
            ),
        },
    )
