"""Browser pages of the review engine: the reviewer's queue, the secretariat's assignment
overview and the notifications. They list the records registered as `listed` in
verification.review (claims); other records add their own queue sections."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from core.views import require

from . import permissions
from .review import QUEUE_SECTIONS, listed_reviewables
from .selectors import open_records_with_assignments, reviewer_queue, with_right_of_reply


@login_required
def queue(request):
    """The reviewer's queue: claims awaiting this reviewer's finding, overdue first."""
    require(permissions.can_view_queue, request.user)
    claims = with_right_of_reply(
        record
        for reviewable in listed_reviewables()
        for record in reviewer_queue(user=request.user, reviewable=reviewable)[:500]
    )
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
