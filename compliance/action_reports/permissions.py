"""Who may do what with action reports. Used by the
services' guards, the API and the templates (to show or hide a form). An action report
is a reviewable record like a claim: its draft edit, evidence and review (submit,
withdraw, amend, assign, reply, findings) take the claims' own predicates
(incidents.permissions, verification.permissions); only what claims do not have is here."""

import rules

from accounts.permissions import is_officer
from incidents.permissions import can_attach_evidence, can_edit_draft

from ..commitments.permissions import is_obligated_party

can_report_action = is_officer & is_obligated_party
# The claims' rules, on the review's roles (reporting party: the obligated one).
can_edit_action_report = can_edit_draft
can_add_action_evidence = can_attach_evidence

rules.add_perm("compliance.report_action", can_report_action)
