"""Who may appeal a claim's final finding, add evidence to an appeal, and decide it: the
one module the pages, the API and the services ask."""

import rules
from django.utils import timezone

from accounts.permissions import can_use_admin, is_officer, is_secretariat
from verification.statuses import Status

from .models import AppealStatus

# The final findings a party may appeal, and the party each one goes against.
APPEALABLE = {Status.VERIFIED: "accused_party_id", Status.NOT_VERIFIED: "reporting_party_id"}


def party_found_against(incident) -> int | None:
    """The id of the party the claim's final finding went against (the accused party on
    "verified", the reporting party on "not verified"); None when it has no such finding."""
    field = APPEALABLE.get(incident.status)
    return None if field is None else getattr(incident, field)


def appeal_due_at(incident):
    """When the window to appeal the claim's final finding closes (None: nothing to appeal)."""
    if incident.status not in APPEALABLE or incident.closed_at is None:
        return None
    return incident.closed_at + incident.category.appeal_window


@rules.predicate
def is_party_found_against(user, incident):
    return incident is not None and user.party_id == party_found_against(incident)


@rules.predicate
def has_no_appeal(user, incident):
    return incident is not None and incident.appeal_status == AppealStatus.NONE


@rules.predicate
def appeal_window_open(user, incident):
    due = None if incident is None else appeal_due_at(incident)
    return due is not None and timezone.now() < due


@rules.predicate
def is_appealing_party(user, appeal):
    return appeal is not None and user.party_id == appeal.party_id


@rules.predicate
def appeal_pending(user, appeal):
    return appeal is not None and appeal.status == AppealStatus.PENDING


can_appeal = is_officer & is_party_found_against & has_no_appeal & appeal_window_open
can_add_appeal_evidence = is_officer & is_appealing_party & appeal_pending
can_decide_appeal = is_secretariat & appeal_pending

rules.add_perm("incidents.appeal", can_appeal)
rules.add_perm("incidents.add_appeal_evidence", can_add_appeal_evidence)
rules.add_perm("incidents.decide_appeal", can_decide_appeal)
for _model in ("appeal", "appealevidence"):
    rules.add_perm(f"incidents.view_{_model}", can_use_admin)
