"""A claim's narrative as translations knows it: who sees the claim, who reviews it, and
the page that shows it."""

from translations.registry import Translatable, register
from verification.permissions import is_assigned_reviewer

from .models import Incident
from .selectors import incident_visible_to
from .services import SUBJECT_TYPE


def _render_page(request, claim, *, forms=None, status=200):
    from .views.review import render_claim_page

    return render_claim_page(request, claim, forms=forms, status=status)


def register_claim_narratives() -> None:
    register(
        Translatable(
            record_type=SUBJECT_TYPE,
            model=Incident,
            noun="claim",
            visible_to=incident_visible_to,
            text_field="narrative",
            reviews=is_assigned_reviewer.test,
            page="claim-detail",
            render_page=_render_page,
        )
    )
