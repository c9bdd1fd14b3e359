"""Who may do what with referrals."""

import rules

from accounts.permissions import is_officer, is_reviewer, is_secretariat, of_party
from core.permissions import status_in

from .models import ReferralStatus

is_sending_party = of_party("from_party_id", name="is_sending_party")
is_receiving_party = of_party("to_party_id", name="is_receiving_party")
is_unacknowledged = status_in(ReferralStatus.SENT, name="is_unacknowledged")


@rules.predicate
def is_unanswered(user, referral):
    return referral is not None and referral.status != ReferralStatus.RESPONDED


can_file_referral = is_officer
can_acknowledge_referral = is_officer & is_receiving_party & is_unacknowledged
can_respond_referral = is_officer & is_receiving_party & is_unanswered
# The sender documents its referral; the receiver brings evidence with its response.
can_add_referral_evidence = is_officer & (is_sending_party | (is_receiving_party & is_unanswered))

rules.add_perm("compliance.file_referral", can_file_referral)
rules.add_perm("compliance.acknowledge_referral", can_acknowledge_referral)
rules.add_perm("compliance.respond_referral", can_respond_referral)
rules.add_perm("compliance.add_referral_evidence", can_add_referral_evidence)

rules.add_perm("compliance.view_referrals", is_officer | is_secretariat | is_reviewer)
