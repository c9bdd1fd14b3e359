"""The second factor: who must use one, and checking a code outside the sign-in page.

The factors themselves are django-allauth's (`allauth.mfa`): TOTP, recovery codes and
WebAuthn security keys. The policy is `SecondFactorPolicy`, one rule a role.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.db import transaction

from .models import SecondFactorPolicy, SecondFactorRule

# The factors that count as enrolled: recovery codes only back up one of these.
PRIMARY_TYPES = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def required_for(user) -> bool:
    """True when the policy for the user's role says they must use a second factor."""
    if user is None or not user.is_authenticated or not settings.SECOND_FACTOR_POLICY_ENFORCED:
        return False
    return SecondFactorPolicy.objects.filter(
        role=user.role, rule=SecondFactorRule.REQUIRED
    ).exists()


def is_enrolled(user) -> bool:
    """True when the user has a TOTP app or a security key."""
    return Authenticator.objects.filter(user=user, type__in=PRIMARY_TYPES).exists()


def must_enrol(user) -> bool:
    """True when the policy requires a second factor the user does not have yet."""
    return required_for(user) and not is_enrolled(user)


@transaction.atomic
def verify(user, code: str) -> bool:
    """True for the user's current TOTP code or one of their unused recovery codes.

    A TOTP code is accepted once within its period; a recovery code is spent by a
    successful check (the user's authenticator rows are locked while checking). Bad
    input (None, empty, not a string) is simply False.
    """
    if user is None or not isinstance(code, str) or not code.strip():
        return False
    code = code.strip().replace(" ", "")
    authenticators = Authenticator.objects.select_for_update().filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    )
    # TOTP first, so that a current code never spends a recovery code.
    for authenticator in sorted(authenticators, key=lambda a: a.type != Authenticator.Type.TOTP):
        if authenticator.wrap().validate_code(code):
            authenticator.record_usage()
            return True
    return False
