"""A person's notifications page: open one (which marks it read), or mark several read."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .models import Notification
from .selectors import notifications_for
from .services import notifications_mark_read
from .subjects import subject_url


@login_required
def notification_list(request):
    page = Paginator(notifications_for(user=request.user), 50).get_page(request.GET.get("page"))
    for note in page:
        note.url = subject_url(note.subject_type, note.subject_ref)
    return render(request, "notifications/list.html", {"page": page})


@login_required
def notification_open(request, pk):
    """Follow a notification to its record; it is read from now on. Another person's
    notification is a 404, like one that does not exist."""
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    notifications_mark_read(user=request.user, ids=[note.pk])
    return redirect(subject_url(note.subject_type, note.subject_ref) or "notifications")


@login_required
@require_POST
def notification_mark_all_read(request):
    """Mark read the notifications ticked on the page (the "selected" button), or all of
    them. Ids that are not the person's own change nothing."""
    if request.POST.get("selected"):
        ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
        notifications_mark_read(user=request.user, ids=ids)
    else:
        notifications_mark_read(user=request.user)
    return redirect("notifications")
