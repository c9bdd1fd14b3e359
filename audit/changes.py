"""Changes made by hand to people and reference data (core.changes), on the trail.

They are ordinary events of the chain: hashed, salted and verified like any other. Who
sees them is decided here and registered with audit.visibility:

- shared reference data (parties, co-chairs, categories and their deadlines, commitment
  kinds, urgencies, penalty measures) is shown to both sides already, and so is a change
  to it: anyone signed in;
- people (users, roles, groups): the secretariat and the mediators' reviewers; a party's
  officer sees the changes to the accounts of their own party only, never the other
  side's; observers none.
"""

from accounts.models import Role

from .services import audit_record
from .visibility import anyone_signed_in, register

SHARED_REFERENCE = (
    "accounts.party",
    "accounts.cochair",
    "incidents.category",
    "compliance.commitmentkind",
    "compliance.urgency",
    "compliance.penaltymeasure",
    # Which roles must sign in with a second factor.
    "accounts.secondfactorpolicy",
)
# Accounts, and who may sign in through single sign-on as which organisation and role.
PEOPLE = ("accounts.user", "auth.group", "accounts.singlesignonmapping")
RECORD_TYPES = SHARED_REFERENCE + PEOPLE


def change_event_record(*, actor, action, subject_type, subject_id, subject_ref, payload):
    """core.changes' recorder: one event on the chain, in the caller's transaction."""
    audit_record(
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_ref=subject_ref,
        payload=payload,
    )


def person_change_visible(user, event) -> bool:
    if user.role in (Role.SECRETARIAT, Role.REVIEWER):
        return True
    if user.role != Role.OFFICER or user.party_id is None:
        return False
    payload = event.payload or {}
    parties = {(payload.get(side) or {}).get("party") for side in ("before", "after")}
    return user.party_id in parties


def register_change_visibility() -> None:
    for subject_type in SHARED_REFERENCE:
        register(subject_type, anyone_signed_in)
    for subject_type in PEOPLE:
        register(subject_type, person_change_visible)
