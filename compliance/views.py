"""Browser pages for commitments, action reports and referrals.

Every page starts from the compliance selectors (not visible: 404) and writes only
through the services; a service's refusal becomes a form error, never a 500."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.forms import form_add_service_error
from evidence.forms import EvidenceForm
from evidence.selectors import evidence_download_allowed
from evidence.views import serve_evidence
from incidents.models import Status
from mediators.forms import AgendaDecisionForm
from mediators.models import MeetingStatus
from verification import permissions as review_permissions
from verification import services as review
from verification.forms import AssignForm, FindingForm, ReplyForm
from verification.selectors import assignments_active, findings_visible_to, reply_for

from . import permissions, services
from .filters import CommitmentFilter
from .forms import (
    ActionReportAmendForm,
    ActionReportForm,
    CommitmentForm,
    ReferralForm,
    RespondForm,
    WithdrawForm,
    action_report_initial,
)
from .models import (
    ActionReportEvidence,
    AgendaEntry,
    Milestone,
    ReferralEvidence,
    ReferralStatus,
)
from .selectors import (
    action_report_get_visible,
    action_report_queue,
    action_report_visible_to,
    commitment_action_reports,
    commitment_get_visible,
    commitment_visible_to,
    milestones_with_progress,
    referral_get_visible,
    referral_visible_to,
    timeline,
)

PAGE_SIZE = 25

TIMELINE_LABELS = {
    "created": "Recorded",
    "imported": "Imported",
    "meeting_decision": "Decided at the review meeting",
    "meeting_minutes": "Discussed at the review meeting",
    "assigned": "Reviewers assigned",
    "reassigned": "Reviewer reassigned by the secretariat",
    "reply_filed": "Contested or accepted by the other party",
    "finding_recorded": "A co-chair's finding recorded",
    "decided": "Decided by both co-chairs",
    "disputed": "Differing views: referred to the review meeting",
    "reply_window_closed": "Reply window closed: no reply received",
    "flagged_assignment_overdue": "Assignment deadline passed",
    "flagged_findings_overdue": "Findings deadline passed",
    "submitted": "Submitted for review",
    "withdrawn": "Withdrawn",
    "evidence_added": "Evidence added",
    "evidence_integrity_failed": "Evidence refused for download: its file no longer matches its hash",
    "draft_edited": "Draft edited",
    "amended": "Amended",
    "sent": "Referral sent",
    "acknowledged": "Acknowledged by the receiving party",
    "responded": "Response given",
    "flagged_milestone_missed": "Milestone missed",
    "flagged_commitment_missed": "Due date passed without the target met",
    "flagged_not_acknowledged": "Not acknowledged in time",
    "flagged_no_response": "No response in time",
    "placed_on_agenda": "Placed on a review meeting's agenda",
}


def require(predicate, user, obj=None):
    if not predicate.test(user, obj):
        raise PermissionDenied


def _events(subject_type, obj, user):
    return [
        {"event": e, "label": TIMELINE_LABELS.get(e.action, e.action.replace("_", " "))}
        for e in timeline(subject_type, obj, user=user)
    ]


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


# --- commitments ----------------------------------------------------------------------------


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
    form.fields["party"].empty_label = "Any party"
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
    if request.method == "POST" and form.is_valid():
        data, milestones = form.content()
        try:
            commitment = services.commitment_create(
                actor=request.user, data=data, milestones=milestones
            )
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, f"Commitment {commitment.reference} recorded.")
            return redirect("commitment-detail", reference=commitment.reference)
    return render(
        request,
        "compliance/commitment_form.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def commitment_or_404(request, reference):
    commitment = commitment_get_visible(user=request.user, reference=reference)
    if commitment is None:
        raise Http404("No such commitment.")
    return commitment


@login_required
def commitment_detail(request, reference):
    commitment = commitment_or_404(request, reference)
    milestones = list(commitment.milestones.order_by("due_date"))
    return render(
        request,
        "compliance/commitment_detail.html",
        {
            "c": commitment,
            "progress": progress(commitment, milestones),
            "milestones": milestones_with_progress(commitment),
            "reports": commitment_action_reports(user=request.user, commitment=commitment),
            "events": _events(services.COMMITMENT, commitment, request.user),
            "can_report": permissions.can_report_action.test(request.user, commitment),
        },
    )


# --- action reports -------------------------------------------------------------------------


def _act(request, obj, *, predicate, form, perform, done, redirect_to, rerender):
    """One action from a record's page: the predicate (a hidden form is also a refused
    POST), the form, the service (in one transaction with any files), a message; a
    refusal goes back onto the page as a form error (status 400)."""
    require(predicate, request.user, obj)
    if form.is_valid():
        try:
            with transaction.atomic():
                perform(form)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(redirect_to, reference=obj.reference)
    return rerender(form)


def _attach(user, report, form):
    for upload in form.cleaned_data.get("evidence") or []:
        services.action_evidence_add(
            user=user, report=report, upload=upload, **form.evidence_kwargs()
        )


def _after_save(request, report, *, submitted: bool):
    done = "submitted for review" if submitted else "saved as a draft"
    messages.success(request, f"Action report {report.reference} {done}.")
    return redirect("action-report-detail", reference=report.reference)


@login_required
def action_report_create(request, reference):
    commitment = commitment_or_404(request, reference)
    require(permissions.can_report_action, request.user, commitment)
    form = ActionReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                report = services.action_report_create_draft(
                    actor=request.user, commitment=commitment, data=form.content()
                )
                _attach(request.user, report, form)
                if "submit" in request.POST:
                    services.action_report_submit(actor=request.user, report=report)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            return _after_save(request, report, submitted="submit" in request.POST)
    return render(
        request,
        "compliance/action_report_form.html",
        {"form": form, "c": commitment, "report": None},
        status=400 if form.is_bound and form.errors else 200,
    )


def action_report_or_404(request, reference):
    report = action_report_get_visible(user=request.user, reference=reference)
    if report is None:
        raise Http404("No such action report.")
    return report


@login_required
def action_report_edit(request, reference):
    """Edit a draft of the officer's own party: the claims' draft edit (with the version
    read, so a concurrent save is refused, not overwritten); files are added, never edited."""
    report = action_report_or_404(request, reference)
    require(permissions.can_edit_action_report, request.user, report)
    form = ActionReportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        initial=action_report_initial(report),
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                report = review.claim_update_draft(
                    actor=request.user,
                    incident=report,
                    data=form.content(),
                    expected_version=_int(request.POST.get("version")),
                )
                _attach(request.user, report, form)
                if "submit" in request.POST:
                    services.action_report_submit(actor=request.user, report=report)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            return _after_save(request, report, submitted="submit" in request.POST)
    return render(
        request,
        "compliance/action_report_form.html",
        {"form": form, "c": report.commitment, "report": report},
        status=400 if form.is_bound and form.errors else 200,
    )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
def action_report_amend(request, reference):
    """Correct a submitted action report with a reason: the claims' amendment, which keeps
    the old text as a revision shown on the page."""
    report = action_report_or_404(request, reference)
    require(review_permissions.can_amend, request.user, report)
    form = ActionReportAmendForm(
        request.POST if request.method == "POST" else None,
        initial={**action_report_initial(report), "version": report.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = review.claim_amend(
                actor=request.user,
                incident=report,
                data=form.content(),
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, f"{report.reference} amended; the old text is kept.")
            return redirect("action-report-detail", reference=report.reference)
    return render(
        request,
        "compliance/action_report_amend.html",
        {"r": report, "form": form},
        status=400 if form.errors else 200,
    )


def _review_context(request, report, forms):
    """The review part of the action report's page: the claims' predicates and forms."""
    user = request.user
    can = {
        "reply": review_permissions.can_reply.test(user, report),
        "finding": review_permissions.can_record_finding.test(user, report),
        "assign": review_permissions.can_assign.test(user, report),
    }
    active = list(assignments_active(report)) if user.role != "observer" else []
    return {
        "assignments": active,
        "reply": reply_for(report),
        "findings": list(findings_visible_to(user=user, incident=report)),
        "can_reply": can["reply"],
        "can_record_finding": can["finding"],
        "can_assign": can["assign"],
        "reply_form": forms.get("reply") or (ReplyForm() if can["reply"] else None),
        "finding_form": forms.get("finding") or (FindingForm() if can["finding"] else None),
        "assign_form": forms.get("assign")
        or (
            AssignForm(current={a.cochair_id: a.reviewer for a in active})
            if can["assign"]
            else None
        ),
    }


def _revision_rows(report):
    """Each amendment with the old value of every field it changed."""
    return [
        (
            revision,
            [
                (field.replace("_", " ").capitalize(), revision.previous_content.get(field))
                for field in revision.changed_fields
            ],
        )
        for revision in report.revisions.select_related("amended_by").order_by("number")
    ]


def _evidence_rows(user, queryset):
    return [
        {"e": e, "allowed": evidence_download_allowed(user=user, evidence=e)}
        for e in queryset.select_related("uploaded_by__party")
    ]


@login_required
def action_report_detail(request, reference, status=200, forms=None):
    report = action_report_or_404(request, reference)
    forms = forms or {}
    can_attach = permissions.can_add_action_evidence.test(request.user, report)
    return render(
        request,
        "compliance/action_report_detail.html",
        {
            "r": report,
            "evidence": _evidence_rows(
                request.user, ActionReportEvidence.objects.filter(action_report=report)
            ),
            "events": _events(services.ACTION_REPORT, report, request.user),
            "revisions": _revision_rows(report),
            "can_edit": permissions.can_edit_action_report.test(request.user, report),
            "can_amend": review_permissions.can_amend.test(request.user, report),
            "can_submit": review_permissions.can_submit.test(request.user, report),
            "can_withdraw": review_permissions.can_withdraw.test(request.user, report),
            "withdraw_form": forms.get("withdraw") or WithdrawForm(),
            "evidence_form": forms.get("evidence") or (EvidenceForm() if can_attach else None),
            **_review_context(request, report, forms),
        },
        status=status,
    )


def _report_action(request, reference, *, key, predicate, form, perform, done):
    """An action from the action report's page; `perform(report, form)` calls the service."""
    report = action_report_or_404(request, reference)
    return _act(
        request,
        report,
        predicate=predicate,
        form=form,
        perform=lambda bound: perform(report, bound),
        done=done,
        redirect_to="action-report-detail",
        rerender=lambda bound: action_report_detail(
            request, reference, status=400, forms={key: bound}
        ),
    )


@login_required
@require_POST
def action_report_reply(request, reference):
    """The other party contests (or accepts) the report: the claims' reply service."""

    def perform(report, form):
        review.claim_reply(
            actor=request.user,
            incident=report,
            position=form.cleaned_data["position"],
            narrative=form.cleaned_data["narrative"],
        )
        _attach(request.user, report, form)

    return _report_action(
        request,
        reference,
        key="reply",
        predicate=review_permissions.can_reply,
        form=ReplyForm(request.POST, request.FILES),
        perform=perform,
        done=f"Your party's reply to {reference} is recorded.",
    )


@login_required
@require_POST
def action_report_finding(request, reference):
    """A co-chair's finding: the claims' finding service (two keys)."""
    return _report_action(
        request,
        reference,
        key="finding",
        predicate=review_permissions.can_record_finding,
        form=FindingForm(request.POST),
        perform=lambda report, form: review.claim_record_finding(
            actor=request.user, incident=report, **form.cleaned_data
        ),
        done=f"{getattr(request.user.cochair, 'name', 'Your co-chair')}'s finding is recorded.",
    )


@login_required
@require_POST
def action_report_assign(request, reference):
    """The secretariat's override of the reviewers: the claims' assignment service."""
    report = action_report_or_404(request, reference)
    current = {a.cochair_id: a.reviewer for a in assignments_active(report)}
    return _report_action(
        request,
        reference,
        key="assign",
        predicate=review_permissions.can_assign,
        form=AssignForm(request.POST, current=current),
        perform=lambda report, form: review.claim_assign(
            actor=request.user, incident=report, reviewers=form.reviewers()
        ),
        done=f"Reviewers of {reference} updated.",
    )


@login_required
@require_POST
def action_report_evidence(request, reference):
    """Files added on the report's page: the claims' evidence rules and store."""
    return _report_action(
        request,
        reference,
        key="evidence",
        predicate=permissions.can_add_action_evidence,
        form=EvidenceForm(request.POST, request.FILES),
        perform=lambda report, form: _attach(request.user, report, form),
        done=f"File(s) added to {reference}.",
    )


@login_required
@require_POST
def action_report_submit(request, reference):
    report = action_report_or_404(request, reference)
    require(review_permissions.can_submit, request.user, report)
    try:
        services.action_report_submit(actor=request.user, report=report)
    except ServiceError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"{report.reference} submitted for review.")
    return redirect("action-report-detail", reference=reference)


@login_required
@require_POST
def action_report_withdraw(request, reference):
    return _report_action(
        request,
        reference,
        key="withdraw",
        predicate=review_permissions.can_withdraw,
        form=WithdrawForm(request.POST),
        perform=lambda report, form: services.action_report_withdraw(
            actor=request.user, report=report, reason=form.cleaned_data["reason"]
        ),
        done=f"{reference} withdrawn.",
    )


@login_required
def action_evidence_download(request, reference, evidence_id):
    report = action_report_or_404(request, reference)
    return serve_evidence(
        request,
        subject=report,
        model=ActionReportEvidence,
        evidence_id=evidence_id,
        back_url=reverse("action-report-detail", args=[report.reference]),
    )


# --- referrals ------------------------------------------------------------------------------


@login_required
def referral_list(request):
    """The inbox: what the caller's party must acknowledge and act on, soonest first, and
    what it sent. The mediators and the secretariat see every referral."""
    visible = referral_visible_to(request.user).select_related(
        "from_party", "to_party", "urgency", "response_action_report"
    )
    if request.user.party_id:
        received = visible.filter(to_party_id=request.user.party_id)
        sent = visible.filter(from_party_id=request.user.party_id)
    else:
        received, sent = visible, visible.none()
    open_first = received.exclude(status=ReferralStatus.RESPONDED).order_by("action_due_at", "id")
    answered = received.filter(status=ReferralStatus.RESPONDED).order_by("-responded_at", "-id")
    return render(
        request,
        "compliance/referral_list.html",
        {
            "open": Paginator(open_first, PAGE_SIZE).get_page(request.GET.get("page")),
            "answered": answered[:PAGE_SIZE],
            "sent": sent.order_by("-sent_at", "-id")[:PAGE_SIZE],
            "can_file": permissions.can_file_referral.test(request.user),
        },
    )


@login_required
def referral_create(request):
    require(permissions.can_file_referral, request.user)
    form = ReferralForm(request.POST or None, request.FILES or None, officer=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                referral = services.referral_create(actor=request.user, data=form.content())
                _attach_to_referral(request.user, referral, form)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, f"Referral {referral.reference} sent.")
            return redirect("referral-detail", reference=referral.reference)
    return render(
        request,
        "compliance/referral_form.html",
        {"form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


def _attach_to_referral(user, referral, form):
    for upload in form.cleaned_data.get("evidence") or []:
        services.referral_evidence_add(
            user=user, referral=referral, upload=upload, **form.evidence_kwargs()
        )


def referral_or_404(request, reference):
    referral = referral_get_visible(user=request.user, reference=reference)
    if referral is None:
        raise Http404("No such referral.")
    return referral


def _own_reports(user, referral):
    return (
        action_report_visible_to(user)
        .filter(party_id=referral.to_party_id)
        .exclude(status=Status.WITHDRAWN)
        .order_by("-action_date", "-id")[:50]
    )


@login_required
def referral_detail(request, reference, status=200, forms=None):
    referral = referral_or_404(request, reference)
    forms = forms or {}
    user = request.user
    can_respond = permissions.can_respond_referral.test(user, referral)
    can_attach = permissions.can_add_referral_evidence.test(user, referral)
    return render(
        request,
        "compliance/referral_detail.html",
        {
            "r": referral,
            "events": _events(services.REFERRAL, referral, user),
            "evidence": _evidence_rows(user, ReferralEvidence.objects.filter(referral=referral)),
            "can_acknowledge": permissions.can_acknowledge_referral.test(user, referral),
            "can_respond": can_respond,
            "respond_form": forms.get("respond")
            or (RespondForm(reports=_own_reports(user, referral)) if can_respond else None),
            "evidence_form": forms.get("evidence") or (EvidenceForm() if can_attach else None),
        },
        status=status,
    )


@login_required
@require_POST
def referral_acknowledge(request, reference):
    referral = referral_or_404(request, reference)
    require(permissions.can_acknowledge_referral, request.user, referral)
    try:
        services.referral_acknowledge(actor=request.user, referral=referral)
    except ServiceError as exc:
        messages.error(request, exc.detail)
    else:
        messages.success(request, f"{referral.reference} acknowledged.")
    return redirect("referral-detail", reference=reference)


def _referral_action(request, referral, *, key, predicate, form, perform, done):
    return _act(
        request,
        referral,
        predicate=predicate,
        form=form,
        perform=perform,
        done=done,
        redirect_to="referral-detail",
        rerender=lambda bound: referral_detail(
            request, referral.reference, status=400, forms={key: bound}
        ),
    )


@login_required
@require_POST
def referral_respond(request, reference):
    referral = referral_or_404(request, reference)
    reports = list(_own_reports(request.user, referral))

    def perform(form):
        chosen = form.cleaned_data["action_report"]
        services.referral_respond(
            actor=request.user,
            referral=referral,
            action_report=next((r for r in reports if r.reference == chosen), None),
            answer=form.cleaned_data["answer"],
        )

    return _referral_action(
        request,
        referral,
        key="respond",
        predicate=permissions.can_respond_referral,
        form=RespondForm(request.POST, reports=reports),
        perform=perform,
        done=f"Response to {referral.reference} recorded.",
    )


@login_required
@require_POST
def referral_evidence(request, reference):
    """Files added on the referral's page, with the claims' checks and visibility."""
    referral = referral_or_404(request, reference)
    return _referral_action(
        request,
        referral,
        key="evidence",
        predicate=permissions.can_add_referral_evidence,
        form=EvidenceForm(request.POST, request.FILES),
        perform=lambda form: _attach_to_referral(request.user, referral, form),
        done=f"File(s) added to {referral.reference}.",
    )


@login_required
def referral_evidence_download(request, reference, evidence_id):
    referral = referral_or_404(request, reference)
    return serve_evidence(
        request,
        subject=referral,
        model=ReferralEvidence,
        evidence_id=evidence_id,
        back_url=reverse("referral-detail", args=[referral.reference]),
    )


def meeting_agenda_section(request, meeting) -> str:
    """The compliance part of a meeting's agenda (registered with mediators.agenda)."""
    from django.template.loader import render_to_string

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
        .order_by("reason", "id")
    )
    manage = (
        review_permissions.can_manage_meetings.test(request.user)
        and meeting.status == MeetingStatus.SCHEDULED
    )
    rows = [
        {
            "entry": entry,
            "manage": manage,
            # A penalty case is decided on its own page, where the outcomes fit its state.
            "form": _decision_form(entry)
            if manage and entry.decided_at is None and entry.penalty_case_id is None
            else None,
        }
        for entry in entries
    ]
    return render_to_string(
        "compliance/_meeting_section.html", {"rows": rows, "meeting": meeting}, request=request
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
            messages.success(request, "Decision recorded.")
    else:
        messages.error(request, "Record the minutes (and, for a disputed report, the outcome).")
    return redirect("meeting-detail", meeting_id=entry.meeting_id)


def queue_section(request) -> str:
    """The action reports in a reviewer's queue (registered with verification.review)."""
    from django.template.loader import render_to_string

    reports = list(action_report_queue(user=request.user)[:500])
    return render_to_string("compliance/_queue_section.html", {"reports": reports}, request=request)
