"""A claim's page (its fields, evidence, review and timeline) and the review's actions
on it. Each action checks its predicate (a hidden button is also a refused POST), calls
the engine's service, and shows a refusal as a form error on the claim page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from core import geo
from core.errors import ServiceError
from core.forms import form_add_service_error
from core.views import form_page, record_action, require, saved
from evidence.forms import EvidenceForm
from evidence.selectors import evidence_download_allowed
from evidence.views import evidence_gallery
from notifications.services import notifications_mark_subject_read
from translations.views import narrative_context
from verification import permissions
from verification.forms import AssignForm, FindingForm
from verification.selectors import (
    assignments_active,
    findings_visible_to,
    incident_timeline,
    intents_side_by_side,
    right_of_reply,
)
from verification.services import (
    review_amend,
    review_assign,
    review_record_finding,
    review_reply,
    review_submit,
    review_withdraw,
)

from ..appeals.forms import AppealForm
from ..appeals.permissions import appeal_due_at, can_appeal
from ..appeals.selectors import appeal_evidence_visible, appeal_grounds_visible, appeal_of
from ..denials.permissions import can_record_denial
from ..denials.selectors import access_denials_of_claim
from ..forms import claim_initial
from ..links.page import claim_links_context
from ..models import Category
from ..permissions import can_attach_evidence, can_edit_draft
from ..review_forms import AmendForm, ReplyForm, SubmitForm, WithdrawForm
from ..selectors import claim_or_404, evidence_can_download
from ..services import SUBJECT_TYPE, evidence_add
from .claims import attach_files
from .timeline import TIMELINE_LABELS, status_change


@login_required
def claim_detail(request, reference):
    claim = claim_or_404(request, reference)
    notifications_mark_subject_read(
        user=request.user, subject_type=SUBJECT_TYPE, subject_ref=claim.reference
    )
    return render_claim_page(request, claim)


def claim_actions(user, claim) -> dict[str, bool]:
    """Which action forms this viewer gets: the predicates of the permissions modules."""
    return {
        "edit": can_edit_draft.test(user, claim),
        "submit": permissions.can_submit.test(user, claim),
        "withdraw": permissions.can_withdraw.test(user, claim),
        "amend": permissions.can_amend.test(user, claim),
        "reply": permissions.can_reply.test(user, claim),
        "record_finding": permissions.can_record_finding.test(user, claim),
        "assign": permissions.can_assign.test(user, claim),
        "attach_evidence": can_attach_evidence.test(user, claim),
        "appeal": can_appeal.test(user, claim),
    }


def _appeal_context(user, claim) -> dict:
    """The claim's appeal as this viewer may see it (grounds and files: .appeals.selectors)."""
    appeal = appeal_of(claim) if claim.appeal_status != "none" else None
    grounds = appeal is not None and appeal_grounds_visible(user, appeal)
    files = list(appeal_evidence_visible(user=user, appeal=appeal)) if grounds else []
    due = appeal_due_at(claim) if appeal is None else None
    return {
        "appeal": appeal,
        "appeal_grounds_shown": grounds,
        "appeal_evidence": [(f, evidence_download_allowed(user=user, evidence=f)) for f in files],
        "appeal_due_at": due,
        "appeal_window_open": due is not None and timezone.now() < due,
    }


def _revision_rows(claim):
    """Each amendment with the old value of every field it changed."""
    revisions = list(claim.revisions.select_related("amended_by").order_by("number"))
    category_ids = {
        r.previous_content.get("category") for r in revisions if "category" in r.changed_fields
    }
    categories = Category.objects.in_bulk([c for c in category_ids if c])
    rows = []
    for revision in revisions:
        changes = []
        for field in revision.changed_fields:
            old = revision.previous_content.get(field)
            if field == "category" and old in categories:
                old = categories[old].label
            label = field.replace("_", " ").capitalize()
            changes.append((label, old))
        rows.append((revision, changes))
    return rows


def render_claim_page(request, claim, *, forms=None, status=200):
    """The claim page; `forms` carries a bound form that failed, to show its errors."""
    user = request.user
    actions = claim_actions(user, claim)
    forms = forms or {}
    active = list(assignments_active(claim))
    items = list(claim.evidence.select_related("uploaded_by__party").order_by("uploaded_at"))
    evidence = [(item, evidence_can_download(user=user, evidence=item)) for item in items]
    gallery = evidence_gallery(
        request,
        claim,
        items,
        preview_url_name="evidence-preview",
        graphic_url_name="evidence-graphic",
    )
    findings = list(findings_visible_to(user=user, incident=claim))
    timeline = [
        (
            event,
            TIMELINE_LABELS.get(event.action, event.action.replace("_", " ").capitalize()),
            not event.withheld,
            status_change(event),
        )
        for event in incident_timeline(claim, user=user)
    ]
    context = {
        "claim": claim,
        "actions": actions,
        "evidence": evidence,
        "reply": getattr(claim, "reply", None),
        "right_of_reply": right_of_reply(claim),
        "findings": findings,
        "intents": intents_side_by_side(findings),
        "assignments": active,
        "timeline": timeline,
        "revisions": _revision_rows(claim),
        "location": geo.locate(claim.latitude, claim.longitude),
        # For reviewers above all: a point that contradicts the typed place.
        "location_warnings": geo.mismatches(
            claim.latitude,
            claim.longitude,
            place_name=claim.place_name,
            district=claim.district,
            province=claim.province,
        ),
        "withdraw_form": forms.get("withdraw") or WithdrawForm(),
        "reply_form": forms.get("reply") or ReplyForm(),
        "finding_form": forms.get("finding") or FindingForm(),
        "assign_form": forms.get("assign")
        or AssignForm(current={a.cochair_id: a.reviewer for a in active}),
        "evidence_form": forms.get("evidence") or EvidenceForm(),
        "denials": access_denials_of_claim(claim),
        "can_record_denial": can_record_denial.test(user, claim),
        "appeal_form": forms.get("appeal") or AppealForm(),
        **_appeal_context(user, claim),
        **gallery,
        **claim_links_context(user, claim, forms),
        **narrative_context(user, claim, forms),
    }
    return render(request, "incidents/claim_detail.html", context, status=status)


@login_required
@require_POST
def evidence_create(request, reference):
    claim = claim_or_404(request, reference)
    require(can_attach_evidence, request.user, claim)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                attach_files(request.user, claim, form)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            count = len(form.cleaned_data["evidence"])
            messages.success(
                request,
                ngettext(
                    "%(count)s file(s) added to %(reference)s.",
                    "%(count)s file(s) added to %(reference)s.",
                    count,
                )
                % {"count": count, "reference": claim.reference},
            )
            return redirect("claim-detail", reference=claim.reference)
    return render_claim_page(request, claim, forms={"evidence": form}, status=400)


@login_required
def claim_submit_confirm(request, reference):
    """Submitting freezes the content, so it is confirmed on a page of its own."""
    claim = claim_or_404(request, reference)
    require(permissions.can_submit, request.user, claim)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = review_submit(actor=request.user, record=claim)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request,
                gettext("%(reference)s submitted: the other party and the mediators see it.")
                % {"reference": claim.reference},
            )
            return redirect("claim-detail", reference=claim.reference)
    return render(
        request,
        "verification/claim_submit.html",
        {"claim": claim, "form": form},
        status=400 if form.errors else 200,
    )


def _action(request, reference, *, form_class, done, **action):
    """One review action from the claim page; `perform(claim, form)` calls the service and
    `done` may name the claim as %(reference)s."""
    claim = claim_or_404(request, reference)
    return record_action(
        request,
        claim,
        page=render_claim_page,
        redirect_to="claim-detail",
        form=form_class(request.POST, request.FILES),
        done=done % {"reference": claim.reference},
        **action,
    )


@login_required
@require_POST
def claim_withdraw_view(request, reference):
    return _action(
        request,
        reference,
        predicate=permissions.can_withdraw,
        form_class=WithdrawForm,
        key="withdraw",
        perform=lambda claim, form: review_withdraw(
            actor=request.user, record=claim, reason=form.cleaned_data["reason"]
        ),
        done=gettext("%(reference)s withdrawn."),
    )


@login_required
@require_POST
def claim_reply_view(request, reference):
    def perform(claim, form):
        review_reply(
            actor=request.user,
            record=claim,
            position=form.cleaned_data["position"],
            narrative=form.cleaned_data["narrative"],
        )
        for upload in form.cleaned_data.get("evidence") or []:
            evidence_add(user=request.user, incident=claim, upload=upload, **form.evidence_kwargs())

    return _action(
        request,
        reference,
        predicate=permissions.can_reply,
        form_class=ReplyForm,
        key="reply",
        perform=perform,
        done=gettext("Your party's reply to %(reference)s is recorded."),
    )


@login_required
@require_POST
def claim_finding_view(request, reference):
    return _action(
        request,
        reference,
        predicate=permissions.can_record_finding,
        form_class=FindingForm,
        key="finding",
        perform=lambda claim, form: review_record_finding(
            actor=request.user,
            record=claim,
            outcome=form.cleaned_data["outcome"],
            grade=form.cleaned_data["grade"],
            reasoning=form.cleaned_data["reasoning"],
            intent=form.cleaned_data["intent"],
        ),
        done=gettext("Your co-chair's finding on %(reference)s is recorded."),
    )


@login_required
@require_POST
def claim_assign_view(request, reference):
    claim = claim_or_404(request, reference)
    require(permissions.can_assign, request.user, claim)
    current = {a.cochair_id: a.reviewer for a in assignments_active(claim)}
    form = AssignForm(request.POST, current=current)
    if form.is_valid():
        try:
            review_assign(actor=request.user, record=claim, reviewers=form.reviewers())
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request,
                gettext("Reviewers of %(reference)s updated.") % {"reference": claim.reference},
            )
            return redirect("claim-detail", reference=claim.reference)
    return render_claim_page(request, claim, forms={"assign": form}, status=400)


@login_required
def claim_amend_view(request, reference):
    """Amending a submitted claim: the whole content to correct, and a reason."""
    claim = claim_or_404(request, reference)
    require(permissions.can_amend, request.user, claim)
    form = AmendForm(
        request.POST if request.method == "POST" else None,
        officer=request.user,
        initial={**claim_initial(claim), "version": claim.version},
    )
    return form_page(
        request,
        form,
        perform=lambda form: review_amend(
            actor=request.user,
            record=claim,
            data=form.content(),
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data["version"],
        ),
        success=lambda claim: saved(
            request,
            gettext("%(reference)s amended; the old text is kept.")
            % {"reference": claim.reference},
            "claim-detail",
            claim,
        ),
        template="verification/claim_amend.html",
        context={"claim": claim},
    )
