"""Who may do what with a claim. Used by services, API, templates and the admin."""

import rules

from accounts.permissions import can_use_admin, is_officer

from .models import Status


@rules.predicate
def is_own_party_claim(user, incident):
    return incident is not None and user.party_id == incident.reporting_party_id


@rules.predicate
def is_draft(user, incident):
    return incident is not None and incident.status == Status.DRAFT


can_create_claim = is_officer
can_edit_draft = is_officer & is_own_party_claim & is_draft
can_add_evidence = is_officer & is_own_party_claim

rules.add_perm("incidents.create_claim", can_create_claim)
rules.add_perm("incidents.edit_draft", can_edit_draft)

# Django admin: the secretariat manages taxonomy and reads claims; it never edits them.
for model in ("category",):
    for action in ("view", "add", "change"):
        rules.add_perm(f"incidents.{action}_{model}", can_use_admin)
for model in ("incident", "evidence"):
    rules.add_perm(f"incidents.view_{model}", can_use_admin)
