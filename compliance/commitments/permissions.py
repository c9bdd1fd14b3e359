"""Who may do what with commitments."""

import rules

from accounts.permissions import is_secretariat


@rules.predicate
def is_obligated_party(user, commitment):
    return commitment is not None and user.party_id == commitment.party_id


can_record_commitment = is_secretariat

rules.add_perm("compliance.record_commitment", can_record_commitment)
