"""Who may do what to an evidence file of a record the caller already sees."""

from accounts.models import Role


def can_see_analysis(user) -> bool:
    """The analysis (matches on other records, embedded time and place) is for the
    mediators and the secretariat: a party never learns of a record it cannot see."""
    return user.is_authenticated and user.role in (Role.REVIEWER, Role.SECRETARIAT)


def can_mark_graphic(user, evidence) -> bool:
    """The filing party's officers, the mediators' reviewers and the secretariat."""
    if can_see_analysis(user):
        return True
    return user.role == Role.OFFICER and evidence.uploaded_by.party_id == user.party_id
