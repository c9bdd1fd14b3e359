"""API tokens: issued for a username and password, revoked on request or when the
password changes, and useless once API_TOKEN_TTL has passed since they were issued."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token


def token_expires_at(token: Token):
    return token.created + settings.API_TOKEN_TTL


def token_is_expired(token: Token, *, now=None) -> bool:
    return (now or timezone.now()) >= token_expires_at(token)


@transaction.atomic
def token_issue(*, user) -> Token:
    """The user's token, or a fresh one if there was none or it had expired.

    Locks the user's token row, so that two simultaneous sign-ins get the same token.
    """
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and token_is_expired(token):
        token.delete()
        token = None
    if token is None:
        token = Token.objects.create(user=user)
    return token


def token_revoke_all(*, user) -> int:
    """Delete every API token of the user; returns how many there were."""
    deleted, _ = Token.objects.filter(user=user).delete()
    return deleted


def tokens_revoke_everyone() -> int:
    """Delete every API token of every user (a suspected compromise); returns how many."""
    deleted, _ = Token.objects.all().delete()
    return deleted


class RevokeTokensOnPasswordChange:
    """In AUTH_PASSWORD_VALIDATORS for Django's password_changed() hook, which runs after
    every saved password change (forms, admin, set_password + save, changepassword).

    A changed password ends the user's other sessions through the session auth hash;
    this ends their API clients too. It checks nothing about the password itself.
    """

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            token_revoke_all(user=user)

    def get_help_text(self):
        return "Changing it signs you out everywhere else and revokes your API tokens."
