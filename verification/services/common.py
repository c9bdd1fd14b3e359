"""What every review service shares: the lock, the audit event, the guards."""

from django.utils.translation import gettext as _

from accounts.permissions import is_officer, is_reviewer, is_secretariat
from audit.services import audit_record
from core.errors import CommonError, ServiceError
from notifications.services import notifications_mark_subject_read

from ..permissions import is_accused_party, is_reporting_party
from ..review import record_noun, reviewable_of
from ..statuses import Grade

# Weakest first: when both co-chairs agree on the outcome, the record takes the weaker grade.
GRADE_ORDER = [Grade.POSSIBLE, Grade.PROBABLE, Grade.CONFIRMED]


def _lock(record):
    spec = reviewable_of(record)
    return (
        spec.model.objects.select_for_update(of=("self",))
        .select_related(*spec.select_related)
        .get(pk=record.pk)
    )


def _event(record, *, actor, action, from_status, payload=None) -> dict:
    """The audit event of `record` moving from `from_status` to its status now, for
    audit_record_many (appended later in the same transaction)."""
    return dict(
        actor=actor,
        action=action,
        subject_type=reviewable_of(record).subject_type,
        subject_id=record.pk,
        subject_ref=record.reference,
        from_status=from_status,
        to_status=record.status,
        payload=payload,
    )


def _acting_event(record, *, actor, action, from_status, payload=None) -> dict:
    """The event of `actor`'s own step on `record`, for an append deferred to the end of
    the transaction. What the actor was told about the record is marked read here, as
    audit_record does, and so before the step notifies anyone (a notification made after
    it, even to the actor, stays unread)."""
    notifications_mark_subject_read(
        user=actor, subject_type=reviewable_of(record).subject_type, subject_ref=record.reference
    )
    return _event(record, actor=actor, action=action, from_status=from_status, payload=payload)


def _audit(record, *, actor, action, from_status, payload=None):
    audit_record(
        **_event(record, actor=actor, action=action, from_status=from_status, payload=payload)
    )


def require_reporting_officer(actor, record):
    """Who may submit, withdraw, edit or amend: an officer of the record's reporting party
    (PERMISSION_DENIED, or NOT_YOUR_PARTY)."""
    if not is_officer.test(actor):
        raise ServiceError(
            CommonError.PERMISSION_DENIED, _("Only delegation officers may do this.")
        )
    if not is_reporting_party.test(actor, record):
        noun = reviewable_of(record).noun
        raise ServiceError(
            CommonError.NOT_YOUR_PARTY,
            _("This %(record)s belongs to the other party.") % {"record": record_noun(noun)},
        )


def require_secretariat(actor, record=None):
    """Who may assign or decide at a meeting: the secretariat (PERMISSION_DENIED)."""
    if not is_secretariat.test(actor):
        raise ServiceError(CommonError.PERMISSION_DENIED, _("Only the secretariat may do this."))


def require_answering_officer(actor, record):
    """Who may reply: an officer of the record's answering (accused) party."""
    if not is_officer.test(actor):
        raise ServiceError(CommonError.PERMISSION_DENIED, _("Only delegation officers reply."))
    if not is_accused_party.test(actor, record):
        raise ServiceError(CommonError.NOT_YOUR_PARTY, _("Only the accused party replies."))


def require_reviewer(actor, record=None):
    """Who may record a finding: a co-chair's reviewer (whether assigned is the service's
    check on the locked row)."""
    if not is_reviewer.test(actor):
        raise ServiceError(
            CommonError.PERMISSION_DENIED, _("Only the co-chairs' reviewers record findings.")
        )


def _assigned_reviewers(record) -> list[int]:
    return list(
        reviewable_of(record)
        .assignments(record, ended_at__isnull=True)
        .values_list("reviewer_id", flat=True)
    )


def notice_params(record) -> dict:
    """The values a notification about `record` names: its reference, both parties'
    names, and what its record type adds (Reviewable.notice)."""
    spec = reviewable_of(record)
    reporter, accused = spec.party_columns
    return {
        "reference": record.reference,
        "reporter": getattr(record, reporter).name,
        "accused": getattr(record, accused).name,
        **(spec.notice(record) if spec.notice else {}),
    }
