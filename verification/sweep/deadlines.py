"""The review's own deadlines: the same three for every reviewable record type."""

from dataclasses import dataclass

from django.db.models import Q

from ..review import Reviewable
from ..statuses import Status
from .engine import DeadlineKind


@dataclass(frozen=True)
class ReviewDeadline:
    """One of the review's deadlines, the same for every reviewable record type."""

    name: str
    due_field: str
    flag_field: str
    statuses: tuple[str, ...]
    action: str
    notify_accused: bool = False
    notify_reporter: bool = False
    notify_reviewers: bool = False
    notify_secretariat: bool = False
    # Further conditions on the record's own columns (never a subquery: see _update_returning).
    conditions: tuple[tuple[str, object], ...] = ()

    def passed_by(self, as_of) -> Q:
        """The condition of a record whose deadline of this kind passed by `as_of`,
        flagged or not, on the record's own columns."""
        return Q(
            status__in=self.statuses, **{f"{self.due_field}__lte": as_of}, **dict(self.conditions)
        )

    def filter(self, queryset, *, as_of):
        """The records whose deadline of this kind passed by `as_of`, flagged or not."""
        return queryset.filter(self.passed_by(as_of))

    def for_record(self, spec: Reviewable) -> DeadlineKind:
        """This deadline on `spec`'s records: claims' flags are reported under the kind's
        name, other records' under `<subject>_<kind>`."""
        reporter, accused = spec.party_columns
        return DeadlineKind(
            name=self.name,
            key=self.name
            if spec.subject_type == "incident"
            else f"{spec.subject_type}_{self.name}",
            model=spec.model,
            subject_type=spec.subject_type,
            due_field=self.due_field,
            flag_field=self.flag_field,
            statuses=self.statuses,
            conditions=self.conditions,
            action=self.action,
            returning=True,
            audit_status=True,
            parties=(accused,) * self.notify_accused + (reporter,) * self.notify_reporter,
            reviewers=(spec.assignment_model, spec.link) if self.notify_reviewers else None,
            secretariat=self.notify_secretariat,
        )


DEADLINES = [
    ReviewDeadline(
        name="assignment",
        due_field="assignment_due_at",
        flag_field="assignment_overdue_at",
        statuses=(Status.SUBMITTED,),
        action="flagged_assignment_overdue",
        notify_secretariat=True,
    ),
    ReviewDeadline(
        name="reply",
        due_field="reply_due_at",
        flag_field="reply_overdue_at",
        statuses=(Status.UNDER_REVIEW, Status.DISPUTED),
        action="reply_window_closed",
        notify_accused=True,
        notify_reporter=True,
        notify_reviewers=True,
        conditions=(("replied_at__isnull", True),),
    ),
    ReviewDeadline(
        name="findings",
        due_field="findings_due_at",
        flag_field="findings_overdue_at",
        statuses=(Status.SUBMITTED, Status.UNDER_REVIEW),
        action="flagged_findings_overdue",
        notify_reviewers=True,
        notify_secretariat=True,
        # A paused clock (access denied to the verifiers) cannot run out.
        conditions=(("findings_paused_at__isnull", True),),
    ),
]
