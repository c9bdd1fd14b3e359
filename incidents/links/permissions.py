"""Who may see suggestions and who may link claims: the pages, the API and the services
test these same predicates."""

import rules

from accounts.permissions import is_reviewer, is_secretariat
from verification.permissions import is_assigned_reviewer

# Suggestions not yet decided are the mediators' working material.
can_view_suggestions = is_reviewer | is_secretariat
# Linking, unlinking and dismissing: the secretariat, or a reviewer assigned to the claim
# (to either claim of the pair: the services test both ends).
can_link_claim = is_secretariat | (is_reviewer & is_assigned_reviewer)


def can_link_pair(user, claim, other) -> bool:
    return can_link_claim.test(user, claim) or can_link_claim.test(user, other)


rules.add_perm("incidents.view_link_suggestions", can_view_suggestions)
rules.add_perm("incidents.link_claims", can_link_claim)
