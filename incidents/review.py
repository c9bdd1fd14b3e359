"""Claims as a record the review engine reviews (verification.review): the tables its
assignments, findings, reply and revisions live in, their deadlines, and what must hold
before one is submitted."""

from django.utils.translation import gettext

from verification.review import Reviewable, register

from .links.selectors import link_event_withheld
from .links.services import suggestions_on_submit
from .models import Assignment, Finding, Incident, IncidentRevision, Reply
from .selectors import incident_visible_to
from .services import CONTENT_FIELDS, SUBJECT_TYPE, incident_validate


def _claim_windows(claim):
    category = claim.category
    return category.assignment_window, category.reply_window, category.findings_window


def register_claims() -> None:
    register(
        Reviewable(
            model=Incident,
            subject_type=SUBJECT_TYPE,
            noun="claim",
            link="incident",
            assignment_model=Assignment,
            finding_model=Finding,
            reply_model=Reply,
            party_columns=("reporting_party", "accused_party"),
            select_related=("category", "reporting_party", "accused_party"),
            windows=_claim_windows,
            validate=incident_validate,
            summary=lambda claim: (
                gettext("against %(party)s") % {"party": claim.accused_party.name}
            ),
            content_fields=CONTENT_FIELDS,
            revision_model=IncidentRevision,
            fixed_fields=("accused_party",),
            visible_to=incident_visible_to,
            listed=True,
            on_submitted=suggestions_on_submit,
            event_withheld=link_event_withheld,
        )
    )
