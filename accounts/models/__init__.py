"""Who is who: the two parties, the two co-chairs, and users with exactly one role.

Parties and co-chairs are data. Nothing outside seed data and tests names a code.
"""

from .invitations import Invitation, InvitationStatus
from .organisations import CoChair, Party, code_validator
from .sign_in import SecondFactorPolicy, SecondFactorRule, SingleSignOnMapping
from .users import ROLE_MATCHES_ORGANISATION, Role, User, organisation_errors

__all__ = [
    "ROLE_MATCHES_ORGANISATION",
    "CoChair",
    "Invitation",
    "InvitationStatus",
    "Party",
    "Role",
    "SecondFactorPolicy",
    "SecondFactorRule",
    "SingleSignOnMapping",
    "User",
    "code_validator",
    "organisation_errors",
]
