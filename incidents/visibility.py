"""The one rule for who sees which claim, as a filter: the claim queryset's visible_to(),
the selectors and the tally all start from it."""

from django.db.models import Q

from accounts.models import Role
from verification.statuses import DECIDED_STATUSES, Status

NOTHING = Q(pk__in=[])


def incident_visibility_filter(user, *, tally: bool = False) -> Q:
    """The one rule for who sees which claim.

    - a party's drafts (and drafts it withdrew) are its own;
    - once submitted, a claim is seen by both parties, the mediators and the secretariat;
    - the secretariat reads everything, drafts included;
    - observers see decided claims only (verified, not verified, inconclusive).

    With `tally`, the same rule over IncidentTally rows, which keep "was submitted" as a
    column of their own.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return NOTHING
    submitted = Q(submitted=True) if tally else Q(submitted_at__isnull=False)
    if user.role == Role.SECRETARIAT:
        return Q()
    if user.role == Role.OFFICER:
        return Q(reporting_party_id=user.party_id) | submitted
    if user.role == Role.REVIEWER:
        return submitted
    if user.role == Role.OBSERVER:
        return Q(status__in=statuses_visible_to(user))
    return NOTHING


def statuses_visible_to(user) -> frozenset[str]:
    """The statuses of the claims `user` may see any of (part of the rule above)."""
    if user.role == Role.OBSERVER:
        return frozenset(DECIDED_STATUSES)
    return frozenset(Status.values)
