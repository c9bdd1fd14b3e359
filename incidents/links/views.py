"""Browser pages for links: link, unlink and dismiss from the claim page, and the page
that shows a claim beside the claims linked to it as the same event."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.errors import ServiceError
from core.forms import form_add_service_error
from core.views import require
from evidence.views import evidence_gallery
from verification import permissions as review_permissions
from verification.selectors import findings_visible_to

from ..selectors import claim_or_404, incident_get_visible
from ..views.review import render_claim_page
from . import services
from .forms import LinkForm, ReasonForm
from .models import LinkKind
from .permissions import can_link_claim, can_link_pair
from .selectors import same_event_claims, suggestions_for_reviewer


def _done(request, claim, message):
    messages.success(request, message)
    return redirect(reverse("claim-detail", args=[claim.reference]) + "#links")


def _refused(request, claim, key, form):
    return render_claim_page(request, claim, forms={key: form}, status=400)


@login_required
@require_POST
def claim_link_view(request, reference):
    """Link the claim to another (typed, or a suggestion's)."""
    claim = claim_or_404(request, reference)
    require(can_link_claim, request.user, claim)
    form = LinkForm(request.POST, auto_id="id_link_%s")
    if form.is_valid():
        data = form.cleaned_data
        other = incident_get_visible(user=request.user, reference=data["other"].strip())
        if other is None:
            form.add_error("other", gettext("No claim you can see has this reference."))
            return _refused(request, claim, "link", form)
        try:
            with transaction.atomic():
                services.claim_link(
                    actor=request.user,
                    claim=claim,
                    other=other,
                    kind=data["kind"],
                    reason=data["reason"],
                )
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            return _done(
                request,
                claim,
                gettext("%(reference)s and %(other)s linked.")
                % {"reference": claim.reference, "other": other.reference},
            )
    return _refused(request, claim, "link", form)


def _pair_action(request, reference, other, *, perform, done):
    claim = claim_or_404(request, reference)
    other = claim_or_404(request, other)
    if not can_link_pair(request.user, claim, other):
        raise PermissionDenied
    form = ReasonForm(request.POST, auto_id=False)
    if form.is_valid():
        try:
            with transaction.atomic():
                perform(claim=claim, other=other, reason=form.cleaned_data["reason"])
        except ServiceError as exc:
            form_add_service_error(form, exc)
        else:
            return _done(
                request, claim, done % {"reference": claim.reference, "other": other.reference}
            )
    return _refused(request, claim, "link_reason", form)


@login_required
@require_POST
def claim_unlink_view(request, reference, other):
    return _pair_action(
        request,
        reference,
        other,
        perform=lambda **kw: services.claim_unlink(actor=request.user, **kw),
        done=gettext("The link between %(reference)s and %(other)s is removed."),
    )


@login_required
@require_POST
def suggestion_dismiss_view(request, reference, other):
    return _pair_action(
        request,
        reference,
        other,
        perform=lambda **kw: services.suggestion_dismiss(actor=request.user, **kw),
        done=gettext("The suggestion that %(other)s is the same event was dismissed."),
    )


def _column(request, claim):
    """One claim of the side-by-side page: its narrative, evidence, reply and findings."""
    items = list(claim.evidence.select_related("uploaded_by__party").order_by("uploaded_at"))
    page = reverse("claim-same-event", args=[claim.reference])
    gallery = evidence_gallery(
        request,
        claim,
        items,
        preview_url_name="evidence-preview",
        graphic_url_name="evidence-graphic",
    )
    return {
        "claim": claim,
        "evidence_count": len(items),
        "gallery": render_to_string(
            "evidence/_gallery.html",
            {**gallery, "ref": claim.reference, "page": page},
            request=request,
        ),
        "reply": getattr(claim, "reply", None),
        "findings": list(findings_visible_to(user=request.user, incident=claim)),
        "may_record_finding": review_permissions.can_record_finding.test(request.user, claim),
    }


@login_required
def claim_same_event(request, reference):
    """The claim beside the claims linked to it as the same event, each with its own
    narrative, evidence, reply and findings (each claim still gets its own findings)."""
    claim = claim_or_404(request, reference)
    claims = same_event_claims(user=request.user, claim=claim)
    # Each column's claim as the claim page loads it (parties, category, its reply).
    loaded = {
        c.reference: c
        for c in type(claim)
        .objects.filter(pk__in=[c.pk for c in claims])
        .select_related("reporting_party", "accused_party", "category", "reply")
    }
    columns = [_column(request, loaded[c.reference]) for c in claims]
    return render(
        request,
        "incidents/links/same_event.html",
        {"claim": claim, "columns": columns, "kind": LinkKind.SAME_EVENT},
    )


def queue_section(request) -> str:
    """The open suggestions on the reviewer's claims (registered with verification.review)."""
    suggestions = list(suggestions_for_reviewer(user=request.user))
    return render_to_string(
        "incidents/links/_queue_section.html", {"suggestions": suggestions}, request=request
    )
