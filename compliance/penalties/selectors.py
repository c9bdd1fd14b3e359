"""Reads of penalty cases. Every list and page, API or HTML, starts from
`PenaltyCase.objects.visible_to(user)` (the one rule, models.penalty_visibility_filter);
not visible answers 404."""

from django.db.models import QuerySet

from accounts.models import Party
from core.loaders import loader
from incidents.models import Incident
from verification.statuses import Status

from ..commitments.models import Commitment
from .models import PenaltyCase, PenaltyMeasure


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


penalty_or_404 = loader(penalty_get_visible, noun="penalty case")
