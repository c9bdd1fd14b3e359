"""Browser pages for action reports: the form on a commitment, the draft edit, the
amendment and the report's page with its review (the claims' predicates and forms).

Every page starts from the selectors (not visible: 404) and writes only through the
services; a service's refusal becomes a form error, never a 500."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.views import form_page, posted_int, record_action, require, saved
from evidence.forms import EvidenceForm
from evidence.views import evidence_gallery, evidence_page_views
from incidents.review_forms import ReplyForm
from notifications.services import notifications_mark_subject_read
from translations.forms import set_author_language
from translations.views import narrative_context
from verification import permissions as review_permissions
from verification import services as review
from verification.forms import AssignForm, FindingForm
from verification.selectors import (
    assignments_active,
    findings_visible_to,
    intents_side_by_side,
    reply_for,
    right_of_reply,
)

from ..commitments.views import commitment_or_404
from ..common.views import evidence_rows, timeline_events
from . import permissions, services
from .forms import ActionReportAmendForm, ActionReportForm, WithdrawForm, action_report_initial
from .models import ActionReportEvidence
from .selectors import action_report_or_404


def _attach(user, report, form):
    for upload in form.cleaned_data.get("evidence") or []:
        services.action_evidence_add(
            user=user, report=report, upload=upload, **form.evidence_kwargs()
        )


def _save_draft(request, form, save):
    """The draft form's POST: `save(form)` writes the draft; its files are added and, with
    "submit", it is submitted, all in the one transaction."""
    report = save(form)
    _attach(request.user, report, form)
    if "submit" in request.POST:
        services.action_report_submit(actor=request.user, report=report)
    return report


def _after_save(request, report):
    if "submit" in request.POST:
        done = _("Action report %(reference)s submitted for review.")
    else:
        done = _("Action report %(reference)s saved as a draft.")
    return saved(request, done % {"reference": report.reference}, "action-report-detail", report)


@login_required
def action_report_create(request, reference):
    commitment = commitment_or_404(request, reference)
    require(permissions.can_report_action, request.user, commitment)
    form = ActionReportForm(request.POST or None, request.FILES or None)
    set_author_language(form, request.user)
    return form_page(
        request,
        form,
        perform=lambda form: _save_draft(
            request,
            form,
            lambda form: services.action_report_create_draft(
                actor=request.user, commitment=commitment, data=form.content()
            ),
        ),
        success=lambda report: _after_save(request, report),
        template="compliance/action_report_form.html",
        context={"c": commitment, "report": None},
    )


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
    return form_page(
        request,
        form,
        perform=lambda form: _save_draft(
            request,
            form,
            lambda form: review.review_update_draft(
                actor=request.user,
                record=report,
                data=form.content(),
                expected_version=posted_int(request, "version"),
            ),
        ),
        success=lambda saved_report: _after_save(request, saved_report),
        template="compliance/action_report_form.html",
        context={"c": report.commitment, "report": report},
    )


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
    return form_page(
        request,
        form,
        perform=lambda form: review.review_amend(
            actor=request.user,
            record=report,
            data=form.content(),
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        ),
        success=lambda report: saved(
            request,
            _("%(reference)s amended; the old text is kept.") % {"reference": report.reference},
            "action-report-detail",
            report,
        ),
        template="compliance/action_report_amend.html",
        context={"r": report},
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
    findings = list(findings_visible_to(user=user, incident=report))
    return {
        "assignments": active,
        "reply": reply_for(report),
        "right_of_reply": right_of_reply(report),
        "findings": findings,
        "intents": intents_side_by_side(findings),
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


@login_required
def action_report_detail(request, reference, status=200, forms=None):
    report = action_report_or_404(request, reference)
    notifications_mark_subject_read(
        user=request.user, subject_type=services.ACTION_REPORT, subject_ref=report.reference
    )
    forms = forms or {}
    can_attach = permissions.can_add_action_evidence.test(request.user, report)
    return render(
        request,
        "compliance/action_report_detail.html",
        {
            "r": report,
            "evidence": evidence_rows(
                request.user, ActionReportEvidence.objects.filter(action_report=report)
            ),
            **evidence_gallery(
                request,
                report,
                ActionReportEvidence.objects.filter(action_report=report)
                .select_related("uploaded_by__party")
                .order_by("uploaded_at"),
                preview_url_name="action-evidence-preview",
                graphic_url_name="action-evidence-graphic",
            ),
            "events": timeline_events(services.ACTION_REPORT, report, request.user),
            "revisions": _revision_rows(report),
            "can_edit": permissions.can_edit_action_report.test(request.user, report),
            "can_amend": review_permissions.can_amend.test(request.user, report),
            "can_submit": review_permissions.can_submit.test(request.user, report),
            "can_withdraw": review_permissions.can_withdraw.test(request.user, report),
            "withdraw_form": forms.get("withdraw") or WithdrawForm(),
            "evidence_form": forms.get("evidence") or (EvidenceForm() if can_attach else None),
            **_review_context(request, report, forms),
            **narrative_context(request.user, report, forms),
        },
        status=status,
    )


def _report_action(request, reference, **action):
    """An action from the action report's page; `perform(report, form)` calls the service."""
    return record_action(
        request,
        action_report_or_404(request, reference),
        page=lambda request, report, **kw: action_report_detail(request, report.reference, **kw),
        redirect_to="action-report-detail",
        **action,
    )


@login_required
@require_POST
def action_report_reply(request, reference):
    """The other party contests (or accepts) the report: the claims' reply service."""

    def perform(report, form):
        review.review_reply(
            actor=request.user,
            record=report,
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
        done=_("Your party's reply to %(reference)s is recorded.") % {"reference": reference},
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
        perform=lambda report, form: review.review_record_finding(
            actor=request.user, record=report, **form.cleaned_data
        ),
        done=(
            _("%(cochair)s's finding is recorded.") % {"cochair": request.user.cochair.name}
            if request.user.cochair
            else _("Your co-chair's finding is recorded.")
        ),
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
        perform=lambda report, form: review.review_assign(
            actor=request.user, record=report, reviewers=form.reviewers()
        ),
        done=_("Reviewers of %(reference)s updated.") % {"reference": reference},
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
        done=_("File(s) added to %(reference)s.") % {"reference": reference},
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
        messages.success(
            request, _("%(reference)s submitted for review.") % {"reference": report.reference}
        )
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
        done=_("%(reference)s withdrawn.") % {"reference": reference},
    )


action_evidence_download, action_evidence_preview, action_evidence_graphic = evidence_page_views(
    load=action_report_or_404, model=ActionReportEvidence, detail_url="action-report-detail"
)
