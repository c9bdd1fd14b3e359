"""What every review service shares: the lock, the audit event, the guards."""

from accounts.permissions import is_officer, is_secretariat
from audit.services import audit_record
from core.errors import CommonError, ServiceError

from ..permissions import is_reporting_party
from ..review import reviewable_of
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


def _audit(record, *, actor, action, from_status, payload=None):
    audit_record(
        actor=actor,
        action=action,
        subject_type=reviewable_of(record).subject_type,
        subject_id=record.pk,
        subject_ref=record.reference,
        from_status=from_status,
        to_status=record.status,
        payload=payload,
    )


def _require_reporting_officer(actor, record):
    if not is_officer.test(actor):
        raise ServiceError(CommonError.PERMISSION_DENIED, "Only delegation officers may do this.")
    if not is_reporting_party.test(actor, record):
        noun = reviewable_of(record).noun
        raise ServiceError(CommonError.NOT_YOUR_PARTY, f"This {noun} belongs to the other party.")


def _require_secretariat(actor):
    if not is_secretariat.test(actor):
        raise ServiceError(CommonError.PERMISSION_DENIED, "Only the secretariat may do this.")


def _assigned_reviewers(record) -> list[int]:
    return list(
        reviewable_of(record)
        .assignments(record, ended_at__isnull=True)
        .values_list("reviewer_id", flat=True)
    )


def _against(record) -> str:
    return reviewable_of(record).summary(record)
