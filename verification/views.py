"""Browser pages of the review engine: the reviewer's queue, the secretariat's assignment
overview and the notifications. They list the records registered as `listed` in
verification.review (claims); other records add their own queue sections."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from incidents.views import require

from . import permissions
from .notifications import notifications_mark_read
from .review import QUEUE_SECTIONS, listed_reviewables
from .selectors import notifications_for, open_records_with_assignments, reviewer_queue


@login_required
def notification_list(request):
    page = Paginator(notifications_for(user=request.user), 50).get_page(request.GET.get("page"))
    return render(request, "verification/notifications.html", {"page": page})


@login_required
@require_POST
def notification_mark_all_read(request):
    notifications_mark_read(user=request.user)
    return redirect("notifications")


@login_required
def queue(request):
    """The reviewer's queue: claims awaiting this reviewer's finding, overdue first."""
    require(permissions.can_view_queue, request.user)
    claims = [
        record
        for reviewable in listed_reviewables()
        for record in reviewer_queue(user=request.user, reviewable=reviewable)[:500]
    ]
    sections = [section(request) for section in QUEUE_SECTIONS]
    return render(
        request, "verification/queue.html", {"claims": claims, "extra_sections": sections}
    )


@login_required
def assignment_overview(request):
    """The secretariat's view of open claims and who reviews them, to override from."""
    require(permissions.can_oversee_assignments, request.user)
    (reviewable,) = listed_reviewables()
    claims = open_records_with_assignments(
        user=request.user,
        reviewable=reviewable,
        unassigned_only=bool(request.GET.get("unassigned")),
    )
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    return render(request, "verification/assignments.html", {"page": page})
