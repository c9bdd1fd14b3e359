"""Browser pages for the workflow: the actions on a claim, the reviewer's queue, the
secretariat's assignment overview and the notifications. Each action checks its predicate
(a hidden button is also a refused POST), calls its service, and shows a refusal as a
form error on the claim page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from incidents.errors import ServiceError
from incidents.forms import claim_initial, form_add_service_error
from incidents.models import OPEN_STATUSES, Status
from incidents.selectors import incident_visible_to
from incidents.services import evidence_add
from incidents.views import claim_or_404, render_claim_page, require

from . import permissions
from .forms import AmendForm, AssignForm, FindingForm, ReplyForm, SubmitForm, WithdrawForm
from .models import Assignment
from .notifications import notifications_mark_read
from .review import QUEUE_SECTIONS
from .selectors import assignments_active, notifications_for, reviewer_queue
from .services import (
    claim_amend,
    claim_assign,
    claim_record_finding,
    claim_reply,
    claim_submit,
    claim_withdraw,
)


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
def claim_submit_confirm(request, reference):
    """Submitting freezes the content, so it is confirmed on a page of its own."""
    claim = claim_or_404(request, reference)
    require(permissions.can_submit, request.user, claim)
    form = SubmitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = claim_submit(actor=request.user, incident=claim)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(
                request, f"{claim.reference} submitted: the other party and the mediators see it."
            )
            return redirect("claim-detail", reference=claim.reference)
    return render(
        request,
        "verification/claim_submit.html",
        {"claim": claim, "form": form},
        status=400 if form.errors else 200,
    )


def _action(request, reference, *, predicate, form_class, key, perform, done):
    """Run one workflow action from the claim page: predicate, form, service, message."""
    claim = claim_or_404(request, reference)
    require(predicate, request.user, claim)
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                perform(claim, form)
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, done.format(ref=claim.reference))
            return redirect("claim-detail", reference=claim.reference)
    return render_claim_page(request, claim, forms={key: form}, status=400)


@login_required
@require_POST
def claim_withdraw_view(request, reference):
    return _action(
        request,
        reference,
        predicate=permissions.can_withdraw,
        form_class=WithdrawForm,
        key="withdraw",
        perform=lambda claim, form: claim_withdraw(
            actor=request.user, incident=claim, reason=form.cleaned_data["reason"]
        ),
        done="{ref} withdrawn.",
    )


@login_required
@require_POST
def claim_reply_view(request, reference):
    def perform(claim, form):
        claim_reply(
            actor=request.user,
            incident=claim,
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
        done="Your party's reply to {ref} is recorded.",
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
        perform=lambda claim, form: claim_record_finding(
            actor=request.user,
            incident=claim,
            outcome=form.cleaned_data["outcome"],
            grade=form.cleaned_data["grade"],
            reasoning=form.cleaned_data["reasoning"],
        ),
        done="Your co-chair's finding on {ref} is recorded.",
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
            claim_assign(actor=request.user, incident=claim, reviewers=form.reviewers())
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, f"Reviewers of {claim.reference} updated.")
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
    if request.method == "POST" and form.is_valid():
        try:
            claim = claim_amend(
                actor=request.user,
                incident=claim,
                data=form.content(),
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            messages.success(request, f"{claim.reference} amended; the old text is kept.")
            return redirect("claim-detail", reference=claim.reference)
    return render(
        request,
        "verification/claim_amend.html",
        {"claim": claim, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def queue(request):
    """The reviewer's queue: claims awaiting this reviewer's finding, overdue first."""
    require(permissions.can_view_queue, request.user)
    claims = list(reviewer_queue(user=request.user)[:500])
    sections = [section(request) for section in QUEUE_SECTIONS]
    return render(
        request, "verification/queue.html", {"claims": claims, "extra_sections": sections}
    )


@login_required
def assignment_overview(request):
    """The secretariat's view of open claims and who reviews them, to override from."""
    require(permissions.can_oversee_assignments, request.user)
    claims = (
        incident_visible_to(request.user)
        .filter(status__in=OPEN_STATUSES)
        .select_related("reporting_party", "accused_party", "category")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(ended_at__isnull=True).select_related(
                    "cochair", "reviewer"
                ),
                to_attr="active_assignments",
            )
        )
        .order_by("assignment_due_at", "pk")
    )
    if request.GET.get("unassigned"):
        claims = claims.filter(status=Status.SUBMITTED)
    page = Paginator(claims, 50).get_page(request.GET.get("page"))
    return render(request, "verification/assignments.html", {"page": page})
