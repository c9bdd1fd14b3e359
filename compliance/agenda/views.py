"""The compliance parts of other apps' pages (a meeting's agenda, a reviewer's queue) and
the meeting's decision on a compliance agenda item."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import CoChair
from core.errors import ServiceError
from core.views import require
from mediators.forms import AgendaDecisionForm
from mediators.models import MeetingStatus
from verification import permissions as review_permissions
from verification.selectors import finding_visible_to, with_right_of_reply
from verification.statuses import Status

from ..action_reports.selectors import action_report_queue
from ..referrals.selectors import referral_visible_to
from . import services
from .models import AgendaEntry, AgendaReason

# The compliance agenda's groups, in the order the meeting takes them, after the claims.
GROUPS = [
    ("action_reports", gettext_lazy("Action reports"), {AgendaReason.ACTION_REPORT_DISPUTED}),
    (
        "penalties",
        gettext_lazy("Penalties"),
        {AgendaReason.PENALTY_SPLIT, AgendaReason.PENALTY_APPEALED},
    ),
    (
        "referrals",
        gettext_lazy("Referrals"),
        {AgendaReason.REFERRAL_UNACKNOWLEDGED, AgendaReason.REFERRAL_NO_RESPONSE},
    ),
    (
        "commitments",
        gettext_lazy("Commitments"),
        {AgendaReason.MILESTONE_MISSED, AgendaReason.COMMITMENT_MISSED},
    ),
]


def _sides(entry, user, cochairs) -> list:
    """Both co-chairs' findings (an action report) or decisions (a penalty case), side by
    side: (co-chair, label or None), a finding only as the reader may see it."""
    if entry.action_report is not None:
        report = entry.action_report
        found = {f.cochair_id: f for f in report.findings.all()}
        return [
            (
                c,
                f.get_outcome_display()
                if (f := found.get(c.pk))
                and finding_visible_to(user=user, incident=report, cochair_code=c.code)
                else None,
            )
            for c in cochairs
        ]
    if entry.penalty_case is not None:
        # On the agenda, a case is split or appealed: both co-chairs have decided.
        decided = {d.cochair_id: d for d in entry.penalty_case.decisions.all()}
        return [
            (c, d.get_decision_display() if (d := decided.get(c.pk)) else None) for c in cochairs
        ]
    return []


def meeting_agenda_section(request, meeting) -> str:
    """The compliance part of a meeting's agenda (registered with mediators.agenda): its
    entries grouped by kind, one line each, the decision form inside the opened line."""
    entries = (
        meeting.compliance_items.filter(
            Q(referral__isnull=True) | Q(referral__in=referral_visible_to(request.user))
        )
        .select_related(
            "commitment__party",
            "commitment__kind",
            "referral__from_party",
            "referral__to_party",
            "action_report__party",
            "penalty_case__party",
            "penalty_case__measure",
        )
        .prefetch_related("action_report__findings", "penalty_case__decisions")
        .order_by("reason", "id")
    )
    manage = (
        review_permissions.can_manage_meetings.test(request.user)
        and meeting.status == MeetingStatus.SCHEDULED
    )
    cochairs = list(CoChair.objects.order_by("pk"))
    rows = [
        {
            "entry": entry,
            "manage": manage,
            "sides": _sides(entry, request.user, cochairs),
            # A penalty case is decided on its own page, where the outcomes fit its state.
            "form": _decision_form(entry)
            if manage and entry.decided_at is None and entry.penalty_case_id is None
            else None,
        }
        for entry in entries
    ]
    groups = [
        {"key": key, "label": label, "rows": [r for r in rows if r["entry"].reason in reasons]}
        for key, label, reasons in GROUPS
    ]
    return render_to_string(
        "compliance/_meeting_section.html",
        {"groups": [g for g in groups if g["rows"]], "meeting": meeting},
        request=request,
    )


def _decision_form(entry):
    disputed = entry.action_report is not None and entry.action_report.status == Status.DISPUTED
    return AgendaDecisionForm(disputed=disputed, prefix=f"entry{entry.pk}")


@login_required
@require_POST
def agenda_entry_decide(request, entry_id):
    require(review_permissions.can_manage_meetings, request.user)
    entry = (
        AgendaEntry.objects.select_related("meeting", "action_report").filter(pk=entry_id).first()
    )
    if entry is None:
        raise Http404("No such agenda item.")
    disputed = entry.action_report is not None and entry.action_report.status == Status.DISPUTED
    form = AgendaDecisionForm(request.POST, disputed=disputed, prefix=f"entry{entry.pk}")
    if form.is_valid():
        try:
            services.agenda_entry_decide(actor=request.user, entry=entry, **form.decision())
        except ServiceError as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, gettext("Decision recorded."))
    else:
        messages.error(
            request, gettext("Record the minutes (and, for a disputed report, the outcome).")
        )
    return redirect("meeting-detail", meeting_id=entry.meeting_id)


def queue_section(request) -> str:
    """The action reports in a reviewer's queue (registered with verification.review)."""
    reports = with_right_of_reply(action_report_queue(user=request.user)[:500])
    return render_to_string("compliance/_queue_section.html", {"reports": reports}, request=request)
