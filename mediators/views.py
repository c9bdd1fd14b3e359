"""Browser pages for review meetings: scheduling, the generated agenda, joint decisions
and minutes. The reviewers read them; the secretariat runs them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.forms import form_add_service_error
from core.views import require
from verification import permissions
from verification.statuses import Status

from .agenda import extra_sections
from .forms import AgendaDecisionForm, MeetingCloseForm, MeetingForm
from .models import AgendaItem, AgendaReason, MeetingStatus, ReviewMeeting
from .selectors import meeting_agenda, meeting_or_404
from .services import agenda_item_decide, meeting_close, meeting_refresh_agenda, meeting_schedule


@login_required
def meeting_list(request):
    require(permissions.can_view_meetings, request.user)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(permissions.can_manage_meetings, request.user)
        if form.is_valid():
            try:
                meeting = meeting_schedule(actor=request.user, **form.cleaned_data)
            except ServiceError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(
                    request,
                    f"{meeting.title} scheduled; {meeting.items.count()} item(s) on its agenda.",
                )
                return redirect("meeting-detail", meeting_id=meeting.pk)
    meetings = ReviewMeeting.objects.order_by("-scheduled_for", "-pk")
    return render(
        request,
        "mediators/meeting_list.html",
        {"meetings": meetings, "form": form},
        status=400 if form.errors else 200,
    )


def render_meeting(request, meeting, *, failed=None, close_form=None, status=200):
    """The agenda with a decision form per open item; `failed` is (item id, bound form)."""
    manage = permissions.can_manage_meetings.test(request.user)
    open_meeting = meeting.status == MeetingStatus.SCHEDULED
    items = []
    for item in meeting_agenda(meeting):
        form = None
        if manage and open_meeting and item.decided_at is None:
            disputed = item.incident.status == Status.DISPUTED
            if failed and failed[0] == item.pk:
                form = failed[1]
            else:
                form = AgendaDecisionForm(
                    disputed=disputed,
                    appeal=item.reason == AgendaReason.APPEAL,
                    prefix=f"item{item.pk}",
                )
        items.append((item, form))
    context = {
        "meeting": meeting,
        "items": items,
        "extra_sections": extra_sections(request, meeting),
        "manage": manage and open_meeting,
        "close_form": close_form or MeetingCloseForm(),
    }
    if request.htmx and failed is not None:
        item, form = next((i, f) for i, f in items if i.pk == failed[0])
        return render(
            request,
            "mediators/_agenda_item.html",
            {"item": item, "form": form, "meeting": meeting},
            status=status,
        )
    return render(request, "mediators/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request, meeting_id):
    require(permissions.can_view_meetings, request.user)
    return render_meeting(request, meeting_or_404(request, meeting_id))


@login_required
@require_POST
def meeting_refresh(request, meeting_id):
    require(permissions.can_manage_meetings, request.user)
    meeting = meeting_or_404(request, meeting_id)
    try:
        added = meeting_refresh_agenda(actor=request.user, meeting=meeting)
    except ServiceError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"{len(added)} item(s) added to the agenda.")
    return redirect("meeting-detail", meeting_id=meeting.pk)


@login_required
@require_POST
def agenda_item_decide_view(request, meeting_id, item_id):
    require(permissions.can_manage_meetings, request.user)
    meeting = meeting_or_404(request, meeting_id)
    item = AgendaItem.objects.select_related("incident").filter(meeting=meeting, pk=item_id).first()
    if item is None:
        raise Http404("No such agenda item.")
    form = AgendaDecisionForm(
        request.POST,
        disputed=item.incident.status == Status.DISPUTED,
        appeal=item.reason == AgendaReason.APPEAL,
        prefix=f"item{item.pk}",
    )
    if form.is_valid():
        try:
            item = agenda_item_decide(actor=request.user, item=item, **form.decision())
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            if request.htmx:
                item = meeting_agenda(meeting).get(pk=item.pk)
                return render(
                    request,
                    "mediators/_agenda_item.html",
                    {"item": item, "form": None, "meeting": meeting},
                )
            messages.success(request, f"Decision on {item.incident.reference} recorded.")
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return render_meeting(request, meeting, failed=(item.pk, form), status=400)


@login_required
@require_POST
def meeting_close_view(request, meeting_id):
    require(permissions.can_manage_meetings, request.user)
    meeting = meeting_or_404(request, meeting_id)
    form = MeetingCloseForm(request.POST)
    if form.is_valid():
        try:
            meeting_close(actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"])
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, f"{meeting.title} closed.")
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return render_meeting(request, meeting, close_form=form, status=400)
