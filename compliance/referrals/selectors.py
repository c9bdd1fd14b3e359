"""Reads of referrals. Every list and detail starts from referral_visible_to()."""

from django.db.models import Q, QuerySet

from accounts.models import Role
from core.loaders import loader

from ..common.selectors import NOTHING, is_active_user
from .models import Referral


def referral_visibility_filter(user) -> Q:
    """Referrals are seen by the officers of the two parties concerned, the mediators and
    the secretariat; never by observers."""
    if not is_active_user(user):
        return NOTHING
    if user.role in (Role.SECRETARIAT, Role.REVIEWER):
        return Q()
    if user.role == Role.OFFICER:
        return Q(from_party_id=user.party_id) | Q(to_party_id=user.party_id)
    return NOTHING


def referral_visible_to(user) -> QuerySet:
    return Referral.objects.filter(referral_visibility_filter(user))


def referral_get_visible(*, user, reference: str) -> Referral | None:
    return (
        referral_visible_to(user)
        .select_related("from_party", "to_party", "urgency", "response_action_report")
        .filter(reference=reference)
        .first()
    )


referral_or_404 = loader(referral_get_visible, noun="referral")
