"""Who may do what with a claim. Used by services, API, templates and the admin."""

import rules

from accounts.permissions import can_use_admin, is_officer
from core.permissions import status_in
from verification.permissions import is_accused_party, is_reporting_party
from verification.statuses import Status

is_draft = status_in(Status.DRAFT, name="is_draft")
is_withdrawn = status_in(Status.WITHDRAWN, name="is_withdrawn")
is_in_review = status_in(Status.UNDER_REVIEW, Status.DISPUTED, name="is_in_review")


can_create_claim = is_officer
can_edit_draft = is_officer & is_reporting_party & is_draft
# The reporting party documents its claim until it is withdrawn; the accused party brings
# its own evidence while the claim is in review (with its reply).
can_attach_evidence = is_officer & (
    (is_reporting_party & ~is_withdrawn) | (is_accused_party & is_in_review)
)

rules.add_perm("incidents.create_claim", can_create_claim)
rules.add_perm("incidents.edit_draft", can_edit_draft)
rules.add_perm("incidents.attach_evidence", can_attach_evidence)

# Django admin: the secretariat manages taxonomy and reads claims; it never edits them.
for model in ("category",):
    for action in ("view", "add", "change"):
        rules.add_perm(f"incidents.{action}_{model}", can_use_admin)
for model in ("incident", "evidence"):
    rules.add_perm(f"incidents.view_{model}", can_use_admin)
