"""Who may do what to an evidence file of a record the caller already sees, and to the
evidence checks' thresholds."""

import rules

from accounts.models import Role
from accounts.permissions import can_use_admin


def can_see_analysis(user) -> bool:
    """The analysis (matches on other records, embedded time and place) is for the
    mediators and the secretariat: a party never learns of a record it cannot see."""
    return user.is_authenticated and user.role in (Role.REVIEWER, Role.SECRETARIAT)


def is_filing_party(user, evidence) -> bool:
    """An officer of the party that uploaded the file."""
    return (
        user.is_authenticated
        and user.role == Role.OFFICER
        and evidence.uploaded_by.party_id == user.party_id
    )


def can_get_original(user, evidence) -> bool:
    """Whether a caller who may download a file gets it as filed: the mediators, the
    secretariat and the filing party do. Anyone else (the other party) gets the copy
    without location when the filer asked for one (evidence.selectors)."""
    return can_see_analysis(user) or is_filing_party(user, evidence)


def can_mark_graphic(user, evidence) -> bool:
    """The filing party's officers, the mediators' reviewers and the secretariat."""
    return can_get_original(user, evidence)


# The thresholds the checks weigh files by: the secretariat's (and the admin's).
can_edit_evidence_checks = can_use_admin

rules.add_perm("evidence.edit_checks", can_edit_evidence_checks)
rules.add_perm("evidence", can_use_admin)
for _action in ("view", "change"):
    rules.add_perm(f"evidence.{_action}_evidencechecksettings", can_use_admin)
