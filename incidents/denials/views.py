"""Browser pages for access denials: the list, the form on a claim, a denial's page with
its files and "access granted". Every page starts from the selectors (not visible: 404)
and writes only through the services; a refusal becomes a form error, never a 500."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import Party
from audit.models import AuditEvent
from core.views import form_page, record_action, require, saved
from evidence.forms import EvidenceForm
from evidence.selectors import evidence_download_allowed
from evidence.views import evidence_gallery, evidence_page_views

from ..selectors import claim_or_404
from . import permissions, services
from .filters import AccessDenialFilter
from .forms import AccessDenialForm, AccessGrantForm
from .models import AccessDenialEvidence
from .selectors import RELATED, access_denial_or_404, access_denial_visible_to

PAGE_SIZE = 50
TIMELINE_LABELS = {
    "access_denied": _("Access denied recorded"),
    "access_granted": _("Access granted recorded"),
    "evidence_added": _("Evidence added"),
}


@login_required
def access_denial_list(request):
    """Every denial on a claim the viewer sees, newest first, filtered by the denying
    party, open or ended, and when it began."""
    filterset = AccessDenialFilter(
        request.GET, queryset=access_denial_visible_to(request.user).select_related(*RELATED)
    )
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    return render(
        request,
        "incidents/denials/list.html",
        {
            "page": Paginator(rows.order_by("-began_at", "-id"), PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "filter": filterset,
            "parties": Party.objects.order_by("name"),
        },
        status=200 if filterset.is_valid() else 400,
    )


@login_required
def access_denial_create(request, reference):
    """The form on one claim: a reviewer assigned to it, or the secretariat."""
    claim = claim_or_404(request, reference)
    require(permissions.can_record_denial, request.user, claim)
    form = AccessDenialForm(request.POST or None, request.FILES or None, claim=claim)

    def perform(form):
        denial = services.access_denial_record(
            actor=request.user, incident=claim, data=form.content()
        )
        _attach(request.user, denial, form)
        return denial

    return form_page(
        request,
        form,
        perform=perform,
        success=lambda denial: saved(
            request,
            gettext("Access denial %(reference)s recorded on %(claim)s.")
            % {"reference": denial.reference, "claim": claim.reference},
            "access-denial-detail",
            denial,
        ),
        template="incidents/denials/form.html",
        context={"claim": claim},
    )


def _attach(user, denial, form):
    for upload in form.cleaned_data.get("evidence") or []:
        services.access_denial_evidence_add(
            user=user, denial=denial, upload=upload, **form.evidence_kwargs()
        )


@login_required
def access_denial_detail(request, reference, status=200, forms=None):
    denial = access_denial_or_404(request, reference)
    forms = forms or {}
    user = request.user
    files = list(
        AccessDenialEvidence.objects.filter(denial=denial)
        .select_related("uploaded_by__party")
        .order_by("uploaded_at")
    )
    can_grant = permissions.can_grant_access.test(user, denial)
    can_attach = permissions.can_add_denial_evidence.test(user, denial)
    events = AuditEvent.objects.for_subject(services.SUBJECT_TYPE, denial.pk).select_related(
        "actor"
    )
    return render(
        request,
        "incidents/denials/detail.html",
        {
            "r": denial,
            "claim": denial.incident,
            "evidence": [
                {"e": e, "allowed": evidence_download_allowed(user=user, evidence=e)} for e in files
            ],
            **evidence_gallery(
                request,
                denial,
                files,
                preview_url_name="access-denial-evidence-preview",
                graphic_url_name="access-denial-evidence-graphic",
            ),
            "events": [
                {"event": e, "label": TIMELINE_LABELS.get(e.action, e.action.replace("_", " "))}
                for e in events
            ],
            "grant_form": forms.get("grant") or (AccessGrantForm() if can_grant else None),
            "evidence_form": forms.get("evidence") or (EvidenceForm() if can_attach else None),
        },
        status=status,
    )


def _denial_action(request, denial, **action):
    return record_action(
        request,
        denial,
        page=lambda request, denial, **kw: access_denial_detail(request, denial.reference, **kw),
        redirect_to="access-denial-detail",
        **action,
    )


@login_required
@require_POST
def access_denial_grant(request, reference):
    denial = access_denial_or_404(request, reference)
    return _denial_action(
        request,
        denial,
        key="grant",
        predicate=permissions.can_grant_access,
        form=AccessGrantForm(request.POST),
        perform=lambda denial, form: services.access_denial_grant(
            actor=request.user, denial=denial, ended_at=form.cleaned_data.get("ended_at")
        ),
        done=gettext("Access granted recorded on %(reference)s.") % {"reference": denial.reference},
    )


@login_required
@require_POST
def access_denial_evidence(request, reference):
    denial = access_denial_or_404(request, reference)
    return _denial_action(
        request,
        denial,
        key="evidence",
        predicate=permissions.can_add_denial_evidence,
        form=EvidenceForm(request.POST, request.FILES),
        perform=lambda denial, form: _attach(request.user, denial, form),
        done=gettext("File(s) added to %(reference)s.") % {"reference": denial.reference},
    )


(
    access_denial_evidence_download,
    access_denial_evidence_preview,
    access_denial_evidence_graphic,
) = evidence_page_views(
    load=access_denial_or_404, model=AccessDenialEvidence, detail_url="access-denial-detail"
)
