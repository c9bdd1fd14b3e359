"""The claim page's appeal: the form for the party found against, and the appeal's
evidence pages. The claim page itself (incidents.views.review) shows the appeal."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from core.views import record_action
from evidence.views import evidence_page_views

from ..selectors import claim_or_404
from ..views.review import render_claim_page
from .forms import AppealForm
from .models import AppealEvidence
from .permissions import can_appeal
from .selectors import appeal_grounds_visible, appeal_or_404
from .services import appeal_evidence_add, appeal_file


@login_required
@require_POST
def claim_appeal_view(request, reference):
    claim = claim_or_404(request, reference)

    def perform(claim, form):
        appeal = appeal_file(
            actor=request.user, incident=claim, grounds=form.cleaned_data["grounds"]
        )
        for upload in form.cleaned_data.get("evidence") or []:
            appeal_evidence_add(
                user=request.user, appeal=appeal, upload=upload, **form.evidence_kwargs()
            )

    return record_action(
        request,
        claim,
        page=render_claim_page,
        redirect_to="claim-detail",
        key="appeal",
        predicate=can_appeal,
        form=AppealForm(request.POST, request.FILES),
        perform=perform,
        done=gettext("Your party's appeal of %(reference)s is filed.")
        % {"reference": claim.reference},
    )


def _appeal_with_evidence(request, reference):
    """The appeal, when the caller may see its evidence (observers: once decided)."""
    appeal = appeal_or_404(request, reference)
    if not appeal_grounds_visible(request.user, appeal):
        raise Http404("No such appeal.")
    return appeal


appeal_evidence_download, appeal_evidence_preview, appeal_evidence_graphic = evidence_page_views(
    load=_appeal_with_evidence, model=AppealEvidence, detail_url="claim-detail"
)
