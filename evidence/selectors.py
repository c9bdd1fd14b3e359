"""Who may download a file: one rule for every kind of evidence."""

from accounts.models import Role

from .models import Visibility


def evidence_download_allowed(*, user, evidence) -> bool:
    """Whether a caller already known to see the record (a claim, an action report, a
    referral) may download one of its files: the same rule for every kind of evidence.
    Files for both parties, yes; "mediators only" files reach the mediators, the
    secretariat and the uploading party, never the other party."""
    if evidence.visibility == Visibility.PARTIES:
        return True
    if user.role in (Role.REVIEWER, Role.SECRETARIAT):
        return True
    return user.role == Role.OFFICER and evidence.uploaded_by.party_id == user.party_id
