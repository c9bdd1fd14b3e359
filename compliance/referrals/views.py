"""Browser pages for referrals: the inbox, the form and a referral's page.

Every page starts from the selectors (not visible: 404) and writes only through the
services; a service's refusal becomes a form error, never a 500."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.views import form_page, record_action, require, saved
from evidence.forms import EvidenceForm
from evidence.views import evidence_gallery, evidence_page_views
from notifications.services import notifications_mark_subject_read
from translations.views import narrative_context
from verification.statuses import Status

from ..action_reports.selectors import action_report_visible_to
from ..common.views import PAGE_SIZE, evidence_rows, timeline_events
from . import permissions, services
from .forms import ReferralForm, RespondForm
from .models import ReferralEvidence, ReferralStatus
from .selectors import referral_or_404, referral_visible_to


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

    def perform(form):
        referral = services.referral_create(actor=request.user, data=form.content())
        _attach_to_referral(request.user, referral, form)
        return referral

    return form_page(
        request,
        form,
        perform=perform,
        success=lambda referral: saved(
            request,
            _("Referral %(reference)s sent.") % {"reference": referral.reference},
            "referral-detail",
            referral,
        ),
        template="compliance/referral_form.html",
        context={},
    )


def _attach_to_referral(user, referral, form):
    for upload in form.cleaned_data.get("evidence") or []:
        services.referral_evidence_add(
            user=user, referral=referral, upload=upload, **form.evidence_kwargs()
        )


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
    notifications_mark_subject_read(
        user=request.user, subject_type=services.REFERRAL, subject_ref=referral.reference
    )
    forms = forms or {}
    user = request.user
    can_respond = permissions.can_respond_referral.test(user, referral)
    can_attach = permissions.can_add_referral_evidence.test(user, referral)
    return render(
        request,
        "compliance/referral_detail.html",
        {
            "r": referral,
            "events": timeline_events(services.REFERRAL, referral, user),
            "evidence": evidence_rows(user, ReferralEvidence.objects.filter(referral=referral)),
            **evidence_gallery(
                request,
                referral,
                ReferralEvidence.objects.filter(referral=referral)
                .select_related("uploaded_by__party")
                .order_by("uploaded_at"),
                preview_url_name="referral-evidence-preview",
                graphic_url_name="referral-evidence-graphic",
            ),
            "can_acknowledge": permissions.can_acknowledge_referral.test(user, referral),
            "can_respond": can_respond,
            "respond_form": forms.get("respond")
            or (RespondForm(reports=_own_reports(user, referral)) if can_respond else None),
            "evidence_form": forms.get("evidence") or (EvidenceForm() if can_attach else None),
            **narrative_context(user, referral, forms),
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
        messages.success(
            request, _("%(reference)s acknowledged.") % {"reference": referral.reference}
        )
    return redirect("referral-detail", reference=reference)


def _referral_action(request, referral, *, perform, **action):
    """One action from the referral's page; `perform(form)` calls the service."""
    return record_action(
        request,
        referral,
        page=lambda request, referral, **kw: referral_detail(request, referral.reference, **kw),
        redirect_to="referral-detail",
        perform=lambda referral, form: perform(form),
        **action,
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
        done=_("Response to %(reference)s recorded.") % {"reference": referral.reference},
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
        done=_("File(s) added to %(reference)s.") % {"reference": referral.reference},
    )


referral_evidence_download, referral_evidence_preview, referral_evidence_graphic = (
    evidence_page_views(load=referral_or_404, model=ReferralEvidence, detail_url="referral-detail")
)
