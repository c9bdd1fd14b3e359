"""Reads of action reports. Every list and detail starts from action_report_visible_to()."""

from django.db.models import F, Q, QuerySet

from accounts.models import Role
from core.loaders import loader
from verification.statuses import Status

from ..commitments.models import Commitment
from ..common.selectors import NOTHING, is_active_user
from .models import ActionReport


def action_report_visibility_filter(user) -> Q:
    """The one rule for action reports, as for claims:

    - a party's drafts (and drafts it withdrew) are its own;
    - once submitted, both parties, the mediators and the secretariat see it;
    - the secretariat reads everything;
    - observers see verified action reports only.
    """
    if not is_active_user(user):
        return NOTHING
    if user.role == Role.SECRETARIAT:
        return Q()
    if user.role == Role.OFFICER:
        return Q(party_id=user.party_id) | Q(submitted_at__isnull=False)
    if user.role == Role.REVIEWER:
        return Q(submitted_at__isnull=False)
    if user.role == Role.OBSERVER:
        return Q(status=Status.VERIFIED)
    return NOTHING


def action_report_visible_to(user) -> QuerySet:
    return ActionReport.objects.filter(action_report_visibility_filter(user))


def action_report_get_visible(*, user, reference: str) -> ActionReport | None:
    return (
        action_report_visible_to(user)
        .select_related("commitment__kind", "party", "created_by")
        .filter(reference=reference)
        .first()
    )


def commitment_action_reports(*, user, commitment: Commitment) -> QuerySet:
    return (
        action_report_visible_to(user).filter(commitment=commitment).order_by("-action_date", "-id")
    )


def action_report_queue(*, user) -> QuerySet:
    """Action reports assigned to this reviewer that still need its co-chair's finding,
    nearest findings deadline first (the claims' queue, for action reports)."""
    if user.role != Role.REVIEWER:
        return ActionReport.objects.none()
    return (
        action_report_visible_to(user)
        .filter(
            status=Status.UNDER_REVIEW,
            assignments__reviewer=user,
            assignments__ended_at__isnull=True,
        )
        .exclude(findings__cochair_id=user.cochair_id)
        .select_related("party", "commitment__kind")
        .order_by(F("findings_due_at").asc(nulls_last=True), "pk")
    )


action_report_or_404 = loader(action_report_get_visible, noun="action report")
