"""What the review works on. Claims are one kind of reviewable record; other apps register
theirs (compliance: action reports), and the one set of services, transition table and
sweep serves them all.

A reviewable model carries the review's columns (status, submitted_at, the three
deadlines and their overdue flags, replied_at, assigned_at, closed_at, outcome, grade,
version) and answers `reporting_party` / `accused_party` (the party that files and the
party that may answer); its assignments, findings and reply live in models built on
verification.models' abstract bases, linked by the foreign key named `link`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class Reviewable:
    model: type
    subject_type: str  # the audit trail's subject_type
    noun: str  # how messages name one record: "claim"
    link: str  # the foreign key from assignments, findings and the reply
    assignment_model: type
    finding_model: type
    reply_model: type
    # The columns behind reporting_party / accused_party, for SQL and select_related.
    party_columns: tuple[str, str]
    select_related: tuple[str, ...]
    # (assignment, reply, findings) windows of one record.
    windows: Callable[[object], tuple[timedelta, timedelta, timedelta]]
    # Raises VALIDATION_ERROR when a record cannot be submitted as it stands.
    validate: Callable[[object], None]
    # Who and what, for notification titles: "against Afghanistan".
    summary: Callable[[object], str]
    # The fields a draft edit or an amendment may change, and the table that keeps the
    # old content of each amendment (an incidents.models.RevisionBase, linked by `link`).
    content_fields: tuple[str, ...]
    revision_model: type
    # Content fields that an amendment may not change (withdraw and refile instead).
    fixed_fields: tuple[str, ...] = ()

    def rows(self, model, subject, **filters):
        return model.objects.filter(**{self.link: subject}, **filters)

    def assignments(self, subject, **filters):
        return self.rows(self.assignment_model, subject, **filters)

    def findings(self, subject, **filters):
        return self.rows(self.finding_model, subject, **filters)

    def replies(self, subject):
        return self.rows(self.reply_model, subject)

    def revisions(self, subject):
        return self.rows(self.revision_model, subject)


REVIEWABLES: dict[type, Reviewable] = {}

# Parts of the reviewer's queue page that other apps add (compliance: action reports):
# callables (request) -> HTML.
QUEUE_SECTIONS: list = []


def register_queue_section(section) -> None:
    if section not in QUEUE_SECTIONS:
        QUEUE_SECTIONS.append(section)


def register(reviewable: Reviewable) -> None:
    REVIEWABLES[reviewable.model] = reviewable


def reviewable_of(subject) -> Reviewable:
    return REVIEWABLES[type(subject)]


def _claim_windows(claim):
    category = claim.category
    return category.assignment_window, category.reply_window, category.findings_window


def register_claims() -> None:
    from incidents.models import Assignment, Finding, Incident, IncidentRevision, Reply
    from incidents.services import CONTENT_FIELDS, SUBJECT_TYPE, incident_validate

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
            summary=lambda claim: f"against {claim.accused_party.name}",
            content_fields=CONTENT_FIELDS,
            revision_model=IncidentRevision,
            fixed_fields=("accused_party",),
        )
    )
