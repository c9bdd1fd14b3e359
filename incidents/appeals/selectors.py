"""Reads for appeals: which appeals a caller sees, and how much of each.

An appeal is seen by whoever sees its claim (both parties, the mediators, the secretariat,
observers on the decided claims they read). Observers see that it exists and its outcome,
but not its grounds nor its evidence until the meeting has decided it:
`appeal_grounds_visible` is that one rule, for the claim's page, the API and the events.
"""

from datetime import timedelta

from django.db.models import Q

from accounts.models import Role
from core.loaders import loader
from verification.statuses import Status

from ..models import Category, Incident
from .models import Appeal, AppealEvidence, AppealStatus


def appeals_visible_to(user):
    return Appeal.objects.filter(incident__in=Incident.objects.visible_to(user).values("pk"))


def appeal_get_visible(*, user, reference: str) -> Appeal | None:
    """The appeal of the claim `reference` if `user` sees that claim, else None."""
    return (
        appeals_visible_to(user)
        .select_related("incident__category", "party", "filed_by", "decided_by")
        .filter(incident__reference=reference)
        .first()
    )


appeal_or_404 = loader(appeal_get_visible, noun="appeal")


def appeal_of(incident) -> Appeal | None:
    """The claim's appeal, for a caller already known to see the claim."""
    return (
        Appeal.objects.select_related("party", "filed_by", "decided_by")
        .filter(incident=incident)
        .first()
    )


def appeal_grounds_visible(user, appeal: Appeal) -> bool:
    """Grounds and new evidence: open to the parties, mediators and secretariat; to
    observers only once the meeting has decided the appeal."""
    return user.role != Role.OBSERVER or appeal.is_decided


def appeal_evidence_visible(*, user, appeal: Appeal):
    if not appeal_grounds_visible(user, appeal):
        return AppealEvidence.objects.none()
    return AppealEvidence.objects.filter(appeal=appeal).select_related("uploaded_by__party")


def appeal_event_visible_to(user, event) -> bool:
    """An event on an appeal (its evidence), as the appeal's page would show it: the claim
    visible, and the grounds' side open to the caller (registered with audit.visibility)."""
    appeal = appeals_visible_to(user).filter(pk=event.subject_id).first()
    return appeal is not None and appeal_grounds_visible(user, appeal)


def appealable_by(user, *, now):
    """The claims the officer's party may appeal now: decided against it (verified when it
    is the accused, not verified when it reported), no appeal yet, and the category's
    window still open. One query: a condition per appeal window the categories use."""
    if not user.party_id:
        return Incident.objects.none()
    windows = Q()
    for days in set(Category.objects.values_list("appeal_days", flat=True)):
        windows |= Q(category__appeal_days=days, closed_at__gt=now - timedelta(days=days))
    if not windows:
        return Incident.objects.none()
    against = Q(status=Status.VERIFIED, accused_party_id=user.party_id) | Q(
        status=Status.NOT_VERIFIED, reporting_party_id=user.party_id
    )
    return Incident.objects.visible_to(user).filter(
        against, windows, appeal_status=AppealStatus.NONE
    )
