"""Who may do what with commitments."""

import rules

from accounts.permissions import is_secretariat, of_party

is_obligated_party = of_party("party_id", name="is_obligated_party")


can_record_commitment = is_secretariat

rules.add_perm("compliance.record_commitment", can_record_commitment)
