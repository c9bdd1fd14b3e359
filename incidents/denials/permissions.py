"""Who may record access denials: a reviewer assigned to the claim, or the secretariat.
Used by the pages (to show the form and the button), the API and the services."""

import rules

from accounts.permissions import is_reviewer, is_secretariat
from verification.permissions import is_assigned_reviewer
from verification.statuses import Status

# The claims on which a denial can still matter: the review is open.
DENIAL_STATUSES = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.DISPUTED)


@rules.predicate
def claim_in_review(user, incident):
    return incident is not None and incident.status in DENIAL_STATUSES


@rules.predicate
def assigned_to_denied_claim(user, denial):
    return denial is not None and is_assigned_reviewer.test(user, denial.incident)


@rules.predicate
def denial_is_open(user, denial):
    return denial is not None and denial.ended_at is None


# By role alone, before a request's body is read: the co-chairs' reviewers (whether assigned
# to the claim is the service's check) and the secretariat.
may_record_denials_by_role = is_reviewer | is_secretariat
# On a claim: who may say that a party kept the verifiers out.
may_record_denials = is_assigned_reviewer | is_secretariat
can_record_denial = may_record_denials & claim_in_review
# On a denial: who may say that access was granted, and document the denial with files.
may_act_on_denial = assigned_to_denied_claim | is_secretariat
can_grant_access = may_act_on_denial & denial_is_open
can_add_denial_evidence = may_act_on_denial

rules.add_perm("incidents.record_access_denial", can_record_denial)
rules.add_perm("incidents.grant_access", can_grant_access)
rules.add_perm("incidents.add_access_denial_evidence", can_add_denial_evidence)
