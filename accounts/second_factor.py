"""The second-factor policy, as the API's token endpoint asks it (accounts.api).

Deliberately minimal here: no policy requires a second factor, and no code verifies.
django-allauth's MFA policy (per-role requirement, TOTP and recovery codes) plugs in by
replacing these two functions, keeping their names and signatures.
"""


def required_for(user) -> bool:
    """Whether the policy says this user must use a second factor."""
    return False


def verify(user, code: str) -> bool:
    """Whether `code` is a current TOTP code or an unused recovery code of the user."""
    return False
