"""What the review works on. The engine knows no record type: each app registers its own
(incidents: claims; compliance: action reports) from its AppConfig.ready(), and the one set
of services, transition table and sweep serves them all.

A reviewable model carries the review's columns (status, submitted_at, the three
deadlines and their overdue flags, replied_at, assigned_at, closed_at, outcome, grade,
version) and answers `reporting_party` / `accused_party` (the party that files and the
party that may answer); its assignments, findings and reply live in models built on
verification.models' abstract bases, linked by the foreign key named `link`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext, gettext_noop

# The nouns the apps register (Reviewable.noun, and the records of compliance), so that a
# message naming one reads it in the reader's language (record_noun).
RECORD_NOUNS = (
    gettext_noop("claim"),
    gettext_noop("action report"),
    gettext_noop("referral"),
    gettext_noop("commitment"),
)


def record_noun(noun: str) -> str:
    """A registered noun ("claim") in the reader's language."""
    return gettext(noun)


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
    # Who and what, for the home pages' lists: "against Afghanistan".
    summary: Callable[[object], str]
    # The fields a draft edit or an amendment may change, and the table that keeps the
    # old content of each amendment (an incidents.models.RevisionBase, linked by `link`).
    content_fields: tuple[str, ...]
    revision_model: type
    # Content fields that an amendment may not change (withdraw and refile instead).
    fixed_fields: tuple[str, ...] = ()
    # The records a user may see (user) -> QuerySet; not visible means 404 everywhere.
    visible_to: Callable[[object], object] | None = None
    # Listed on the engine's own queue and assignment pages (claims). Other records show
    # in the sections their apps add to the queue (register_queue_section).
    listed: bool = False
    # Called in the submission's transaction, once the record is submitted (claims:
    # suggest the claims that may describe the same event).
    on_submitted: Callable[[object], object] | None = None
    # (event, user) -> whether the record's own rule withholds this event's details from
    # `user` (claims: a link event naming a claim the user cannot see), beside the
    # engine's rule for co-chairs' findings.
    event_withheld: Callable[[object, object], bool] | None = None
    # The values this record type adds to its notifications (notifications.messages),
    # beside the reference and both parties' names: an action report's commitment.
    notice: Callable[[object], dict] | None = None

    def related_name(self, model) -> str:
        """The lookup from the record to `model`'s rows: "assignments", "findings"."""
        return model._meta.get_field(self.link).related_query_name()

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


def listed_reviewables() -> list[Reviewable]:
    return [spec for spec in REVIEWABLES.values() if spec.listed]
