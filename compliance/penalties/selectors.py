"""Reads of penalty cases. Every list and page, API or HTML, starts from
`PenaltyCase.objects.visible_to(user)` (the one rule, below); not visible answers 404."""

from django.db.models import Q, QuerySet

from accounts.models import Party, Role
from incidents.models import Incident, Status

from ..models import APPROVED_PENALTY_STATUSES, Commitment, PenaltyCase, PenaltyMeasure

NOTHING = Q(pk__in=[])


def penalty_visibility_filter(user) -> Q:
    """Both parties' officers, the co-chairs' reviewers and the secretariat see every
    case; observers see the approved ones only (in effect, appealed, upheld, overturned)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    if user.role in (Role.OFFICER, Role.REVIEWER, Role.SECRETARIAT):
        return Q()
    if user.role == Role.OBSERVER:
        return Q(status__in=APPROVED_PENALTY_STATUSES)
    return NOTHING


def penalty_list(*, user) -> QuerySet:
    return PenaltyCase.objects.visible_to(user).select_related("party", "measure")


def penalty_get_visible(*, user, reference: str) -> PenaltyCase | None:
    return (
        PenaltyCase.objects.visible_to(user)
        .select_related(
            "party",
            "measure",
            "opened_by",
            "appealed_by",
            "split_meeting",
            "split_decided_by",
            "appeal_meeting",
            "appeal_decided_by",
            "withdrawn_by",
        )
        .filter(reference=reference)
        .first()
    )


def penalty_grounds(case: PenaltyCase) -> list:
    return list(
        case.grounds.select_related("incident__category", "commitment__kind").order_by("id")
    )


def penalty_decisions(case: PenaltyCase) -> list:
    return list(case.decisions.select_related("cochair", "decided_by").order_by("cochair__code"))


def penalty_measures(*, active_only: bool = False) -> QuerySet:
    measures = PenaltyMeasure.objects.order_by("label", "id")
    return measures.filter(is_active=True) if active_only else measures


def eligible_claims(party: Party) -> QuerySet:
    """Claims a penalty against `party` may rest on: verified, with `party` the accused."""
    return (
        Incident.objects.filter(accused_party=party, status=Status.VERIFIED)
        .select_related("category")
        .order_by("-occurred_at", "-id")
    )


def eligible_commitments(party: Party) -> QuerySet:
    """Commitments of `party` the sweep recorded as missed."""
    return (
        Commitment.objects.filter(party=party, missed_at__isnull=False)
        .select_related("kind")
        .order_by("-due_date", "-id")
    )
