"""Browser pages for review meetings: scheduling, the generated agenda, joint decisions
and minutes. The reviewers read them; the secretariat runs them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.models import Party
from core.errors import ServiceError
from core.forms import form_add_service_error
from core.views import require
from verification import permissions
from verification.statuses import Status

from .agenda import extra_sections
from .forms import AgendaDecisionForm, MeetingCloseForm, MeetingForm
from .minutes import minutes_pdf
from .models import AgendaItem, AgendaReason, MeetingStatus, ReviewMeeting
from .selectors import (
    AGENDA_ORDER,
    ITEM_STATES,
    AgendaFilters,
    meeting_after,
    meeting_agenda_page,
    meeting_or_404,
)
from .services import (
    agenda_item_decide,
    agenda_items_defer,
    meeting_close,
    meeting_refresh_agenda,
    meeting_schedule,
)


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
                count = meeting.items.count()
                messages.success(
                    request,
                    ngettext(
                        "%(meeting)s scheduled; %(count)d item(s) on its agenda.",
                        "%(meeting)s scheduled; %(count)d item(s) on its agenda.",
                        count,
                    )
                    % {"meeting": meeting.title, "count": count},
                )
                return redirect("meeting-detail", meeting_id=meeting.pk)
    meetings = ReviewMeeting.objects.order_by("-scheduled_for", "-pk")
    return render(
        request,
        "mediators/meeting_list.html",
        {"meetings": meetings, "form": form},
        status=400 if form.errors else 200,
    )


def _item_form(item, *, data=None):
    return AgendaDecisionForm(
        data,
        disputed=item.incident.status == Status.DISPUTED,
        appeal=item.reason == AgendaReason.APPEAL,
        prefix=f"item{item.pk}",
    )


def render_meeting(request, meeting, *, failed=None, close_form=None, status=200):
    """The agenda, grouped by kind, one line per item, a decision form inside each open
    one; `failed` is (item, bound form): the page then shows that item, open, with what
    was typed."""
    manage = permissions.can_manage_meetings.test(request.user)
    open_meeting = meeting.status == MeetingStatus.SCHEDULED
    filters = AgendaFilters.from_query(request.GET)
    if failed is not None:
        filters = AgendaFilters(item=failed[0].pk)
    agenda = meeting_agenda_page(user=request.user, meeting=meeting, filters=filters)
    for group in agenda.groups:
        for item in group.items:
            item.form = None
            if manage and open_meeting and item.decided_at is None and item.moved_to_id is None:
                item.form = failed[1] if failed else _item_form(item)
    if request.htmx and failed is not None:
        item = agenda.groups[0].items[0]
        return render(
            request,
            "mediators/_agenda_item.html",
            {
                "item": item,
                "meeting": meeting,
                "manage": manage and open_meeting,
                "next_meeting": meeting_after(meeting),
                "opened": True,
            },
            status=status,
        )
    context = {
        "meeting": meeting,
        "agenda": agenda,
        "filters": filters,
        "kinds": [(r, AgendaReason(r).label) for r in AGENDA_ORDER],
        "states": ITEM_STATES.items(),
        "parties": Party.objects.order_by("code"),
        "query": request.GET.urlencode(),
        "opened": failed is not None,
        "next_meeting": meeting_after(meeting) if open_meeting else None,
        "started": meeting.scheduled_for <= timezone.now(),
        "extra_sections": extra_sections(request, meeting),
        "manage": manage and open_meeting,
        "close_form": close_form or MeetingCloseForm(),
    }
    return render(request, "mediators/meeting_detail.html", context, status=status)


@login_required
def meeting_detail(request, meeting_id):
    require(permissions.can_view_meetings, request.user)
    return render_meeting(request, meeting_or_404(request, meeting_id))


@login_required
def meeting_minutes_pdf(request, meeting_id):
    require(permissions.can_view_meetings, request.user)
    meeting = meeting_or_404(request, meeting_id)
    response = HttpResponse(minutes_pdf(meeting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="meeting-{meeting.pk}-minutes.pdf"'
    return response


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
        messages.success(
            request,
            ngettext(
                "%(count)d item(s) added to the agenda.",
                "%(count)d item(s) added to the agenda.",
                len(added),
            )
            % {"count": len(added)},
        )
    return redirect("meeting-detail", meeting_id=meeting.pk)


@login_required
@require_POST
def agenda_item_decide_view(request, meeting_id, item_id):
    require(permissions.can_manage_meetings, request.user)
    meeting = meeting_or_404(request, meeting_id)
    item = AgendaItem.objects.select_related("incident").filter(meeting=meeting, pk=item_id).first()
    if item is None:
        raise Http404("No such agenda item.")
    form = _item_form(item, data=request.POST)
    if form.is_valid():
        try:
            item = agenda_item_decide(actor=request.user, item=item, **form.decision())
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            if request.htmx:
                agenda = meeting_agenda_page(
                    user=request.user, meeting=meeting, filters=AgendaFilters(item=item.pk)
                )
                # The line redrawn, and the meeting's undecided count where the page says it.
                return render(
                    request,
                    "mediators/_agenda_item_decided.html",
                    {
                        "item": agenda.groups[0].items[0],
                        "meeting": meeting,
                        "opened": True,
                        "undecided": agenda.undecided,
                        "next_meeting": meeting_after(meeting),
                        "oob": True,
                    },
                )
            messages.success(
                request,
                _("Decision on %(reference)s recorded.") % {"reference": item.incident.reference},
            )
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return render_meeting(request, meeting, failed=(item, form), status=400)


@login_required
@require_POST
def agenda_defer_view(request, meeting_id):
    """Defer the chosen items to the next meeting; back to the page as it was filtered."""
    require(permissions.can_manage_meetings, request.user)
    meeting = meeting_or_404(request, meeting_id)
    chosen = request.POST.getlist("items")
    count = len(set(chosen))
    try:
        target = agenda_items_defer(actor=request.user, meeting=meeting, item_ids=chosen)
    except ServiceError as exc:
        messages.error(request, exc.fields.get("items", [exc.detail])[0])
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d item deferred to %(meeting)s.",
                "%(count)d items deferred to %(meeting)s.",
                count,
            )
            % {"count": count, "meeting": target},
        )
    back = reverse("meeting-detail", kwargs={"meeting_id": meeting.pk})
    query = AgendaFilters.from_query(QueryDict(request.POST.get("query", ""))).as_query()
    return redirect(f"{back}?{query}" if query else back)


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
            messages.success(request, _("%(title)s closed.") % {"title": meeting.title})
            return redirect("meeting-detail", meeting_id=meeting.pk)
    return render_meeting(request, meeting, close_form=form, status=400)
