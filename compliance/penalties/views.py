"""Browser pages for penalty cases: the list, the case page with its forms, and the form
that opens a case. Every page starts from `PenaltyCase.objects.visible_to` (not
visible: 404) and writes only through the services; a refusal becomes a form error."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Party
from core.errors import ServiceError
from core.forms import form_add_service_error
from core.views import record_action, require
from mediators.models import MeetingStatus, ReviewMeeting
from notifications.services import notifications_mark_subject_read

from . import appeals, permissions, services
from .filters import PenaltyFilter
from .forms import (
    AppealForm,
    DecisionForm,
    MeetingDecisionForm,
    PenaltyOpenForm,
    PenaltyWithdrawForm,
)
from .models import PENALTY_CASE
from .selectors import (
    eligible_claims,
    eligible_commitments,
    penalty_decisions,
    penalty_decisions_awaiting,
    penalty_grounds,
    penalty_list,
    penalty_or_404,
    penalty_timeline,
)
from .workflow import MEETING_OUTCOMES

PAGE_SIZE = 25
ELIGIBLE_LIMIT = 200
QUEUE_LIMIT = 500

TIMELINE_LABELS = {
    "opened": gettext_lazy("Penalty proposed"),
    "imported": gettext_lazy("Imported"),
    "decision_recorded": gettext_lazy("A co-chair's decision recorded"),
    "approved": gettext_lazy("Approved by both co-chairs: in effect"),
    "rejected": gettext_lazy("Rejected by both co-chairs"),
    "split": gettext_lazy("The co-chairs differ: referred to the review meeting"),
    "appealed": gettext_lazy("Appealed by the penalised party"),
    "appeal_window_closed": gettext_lazy("Appeal window closed: no appeal"),
    "meeting_decision": gettext_lazy("Decided at the review meeting"),
    "meeting_minutes": gettext_lazy("Discussed at the review meeting"),
    "placed_on_agenda": gettext_lazy("Placed on a review meeting's agenda"),
    "withdrawn": gettext_lazy("Withdrawn"),
}


@login_required
def penalty_list_view(request):
    filterset = PenaltyFilter(request.GET or None, queryset=penalty_list(user=request.user))
    form = filterset.form
    form.label_suffix = ""
    form.fields["party"].empty_label = _("Any party")
    for name in ("opened_after", "opened_before"):
        form.fields[name].widget.input_type = "date"
    if not filterset.is_bound:
        cases = filterset.queryset
    elif filterset.is_valid():
        cases = filterset.qs
    else:
        cases = filterset.queryset.none()
    page = Paginator(cases.order_by("-opened_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "compliance/penalty_list.html",
        {
            "filter": filterset,
            "page": page,
            "can_open": permissions.can_open_penalty.test(request.user),
        },
        status=400 if filterset.is_bound and filterset.errors else 200,
    )


@login_required
def penalty_create_view(request):
    """Two steps on one page: choose the party (GET ?party=), then the measure, the
    rationale and the grounds among that party's eligible claims and commitments."""
    require(permissions.can_open_penalty, request.user)
    parties = list(Party.objects.order_by("code"))
    code = request.POST.get("party") or request.GET.get("party")
    party = next((p for p in parties if p.code == code), None)
    form = None
    if party is not None:
        claims = list(eligible_claims(party)[:ELIGIBLE_LIMIT])
        commitments = list(eligible_commitments(party)[:ELIGIBLE_LIMIT])
        form = PenaltyOpenForm(
            request.POST if request.method == "POST" else None,
            claims=claims,
            commitments=commitments,
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                case = services.penalty_open(
                    actor=request.user,
                    party=party,
                    measure=data["measure"],
                    rationale=data["rationale"],
                    claims=data["claims"],
                    commitments=data["commitments"],
                )
            except ServiceError as exc:
                form_add_service_error(form, exc)
            else:
                messages.success(
                    request, _("Penalty %(reference)s proposed.") % {"reference": case.reference}
                )
                return redirect("penalty-detail", reference=case.reference)
    return render(
        request,
        "compliance/penalty_form.html",
        {"parties": parties, "party": party, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


def _meetings():
    return list(
        ReviewMeeting.objects.filter(status=MeetingStatus.SCHEDULED).order_by("scheduled_for")[:20]
    )


@login_required
def penalty_detail_view(request, reference, forms=None, status=200):
    case = penalty_or_404(request, reference)
    notifications_mark_subject_read(
        user=request.user, subject_type=PENALTY_CASE, subject_ref=case.reference
    )
    forms = forms or {}
    user = request.user
    context = {
        "case": case,
        "grounds": penalty_grounds(case),
        "decisions": penalty_decisions(case, user=user),
        "events": [
            {"event": e, "label": TIMELINE_LABELS.get(e.action, e.action.replace("_", " "))}
            for e in penalty_timeline(case, user=user)
        ],
    }
    initial = {"version": case.version}
    if permissions.can_decide_penalty.test(user, case):
        context["decision_form"] = forms.get("decision") or DecisionForm(initial=initial)
    if permissions.can_appeal_penalty.test(user, case):
        context["appeal_form"] = forms.get("appeal") or AppealForm(initial=initial)
    if permissions.can_decide_penalty_at_meeting.test(user, case):
        outcomes = list(MEETING_OUTCOMES[case.status][1])
        context["meeting_form"] = forms.get("meeting") or MeetingDecisionForm(
            initial=initial, meetings=_meetings(), outcomes=outcomes
        )
    if permissions.can_withdraw_penalty.test(user, case):
        context["withdraw_form"] = forms.get("withdraw") or PenaltyWithdrawForm(initial=initial)
    return render(request, "compliance/penalty_detail.html", context, status=status)


def _case_action(request, reference, **action):
    """One action from the case's page; `perform(case, form)` calls the service."""
    return record_action(
        request,
        penalty_or_404(request, reference),
        page=lambda request, case, **kw: penalty_detail_view(request, case.reference, **kw),
        redirect_to="penalty-detail",
        **action,
    )


@login_required
@require_POST
def penalty_decide_view(request, reference):
    return _case_action(
        request,
        reference,
        key="decision",
        predicate=permissions.can_decide_penalty,
        form=DecisionForm(request.POST),
        perform=lambda case, form: services.penalty_record_decision(
            actor=request.user, case=case, **form.cleaned_data
        ),
        done=_("Your co-chair's decision is recorded."),
    )


@login_required
@require_POST
def penalty_appeal_view(request, reference):
    return _case_action(
        request,
        reference,
        key="appeal",
        predicate=permissions.can_appeal_penalty,
        form=AppealForm(request.POST),
        perform=lambda case, form: appeals.penalty_appeal(
            actor=request.user, case=case, **form.cleaned_data
        ),
        done=_("Appeal lodged; it goes to the next review meeting."),
    )


@login_required
@require_POST
def penalty_meeting_decision_view(request, reference):
    case = penalty_or_404(request, reference)
    meetings = _meetings()
    outcomes = MEETING_OUTCOMES.get(case.status, (None, {}))[1]
    form = MeetingDecisionForm(request.POST, meetings=meetings, outcomes=list(outcomes))

    def perform(case, form):
        data = dict(form.cleaned_data)
        meeting = next(m for m in meetings if str(m.pk) == data.pop("meeting"))
        appeals.penalty_decide_at_meeting(actor=request.user, case=case, meeting=meeting, **data)

    return _case_action(
        request,
        reference,
        key="meeting",
        predicate=permissions.can_decide_penalty_at_meeting,
        form=form,
        perform=perform,
        done=_("The meeting's decision is recorded."),
    )


@login_required
@require_POST
def penalty_withdraw_view(request, reference):
    return _case_action(
        request,
        reference,
        key="withdraw",
        predicate=permissions.can_withdraw_penalty,
        form=PenaltyWithdrawForm(request.POST),
        perform=lambda case, form: services.penalty_withdraw(
            actor=request.user, case=case, **form.cleaned_data
        ),
        done=_("%(reference)s withdrawn.") % {"reference": reference},
    )


def queue_section(request) -> str:
    """The penalty cases awaiting the reviewer's co-chair's decision, on the reviewer's
    queue page (registered with verification.review)."""
    cases = list(penalty_decisions_awaiting(user=request.user)[:QUEUE_LIMIT])
    return render_to_string(
        "compliance/_penalty_queue_section.html", {"cases": cases}, request=request
    )
