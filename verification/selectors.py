"""Reads for the review: findings as each viewer may see them, the reviewer's queue, the timeline."""

from django.db.models import Case, F, IntegerField, Value, When

from accounts.models import Role
from audit.models import AuditEvent
from incidents.models import DECIDED_STATUSES, Incident, Status
from incidents.selectors import incident_visible_to
from incidents.services import SUBJECT_TYPE

from .review import reviewable_of


def findings_visible_to(*, user, incident):
    """Both co-chairs' findings once both are in (the record has left under_review); before
    that, a reviewer sees only its own co-chair's, the secretariat sees both, parties none."""
    findings = reviewable_of(incident).findings(incident).select_related("cochair", "reviewer")
    if incident.status in (*DECIDED_STATUSES, Status.DISPUTED):
        return findings
    if user.role == Role.SECRETARIAT:
        return findings
    if user.role == Role.REVIEWER:
        return findings.filter(cochair_id=user.cochair_id)
    return findings.none()


def reviewer_queue(*, user):
    """Claims assigned to this reviewer that still need its co-chair's finding, overdue
    first, then by the nearest findings deadline."""
    if user.role != Role.REVIEWER:
        return Incident.objects.none()
    overdue_first = Case(
        When(findings_overdue_at__isnull=False, then=Value(0)),
        When(reply_overdue_at__isnull=False, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        incident_visible_to(user)
        .filter(
            status=Status.UNDER_REVIEW,
            assignments__reviewer=user,
            assignments__ended_at__isnull=True,
        )
        .exclude(findings__cochair_id=user.cochair_id)
        .select_related("reporting_party", "accused_party", "category")
        .annotate(overdue_rank=overdue_first)
        .order_by("overdue_rank", F("findings_due_at").asc(nulls_last=True), "pk")
    )


def incident_timeline(incident: Incident):
    """The claim's audit events in order (the page's timeline and the API's events/)."""
    return AuditEvent.objects.for_subject(SUBJECT_TYPE, incident.pk).select_related("actor")


def assignments_active(incident):
    return (
        reviewable_of(incident)
        .assignments(incident, ended_at__isnull=True)
        .select_related("cochair", "reviewer")
    )


def notifications_for(*, user):
    from .models import Notification

    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def notifications_unread_count(*, user) -> int:
    from .models import Notification

    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def reply_for(incident):
    return reviewable_of(incident).replies(incident).first()
