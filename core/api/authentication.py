"""Token authentication that refuses, before any query, a key no token can have, and
refuses a token older than API_TOKEN_TTL with the stable code TOKEN_EXPIRED, and refuses
everyone's but the secretariat's during no-access (core.site_mode)."""

from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from core.site_mode import require_may_enter

from .tokens import token_is_expired

KEY_LENGTH = Token._meta.get_field("key").max_length


class TokenExpired(exceptions.AuthenticationFailed):
    # api.errors answers with this code (it cannot be imported here: DRF loads this
    # module while api.errors is still importing rest_framework.views).
    stable_code = "TOKEN_EXPIRED"
    default_detail = "This token has expired; request a new one at /api/v1/auth/token/."


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        # Keys are short hex strings. Anything else (a NUL byte, which PostgreSQL refuses
        # even in a comparison, or a megabyte of text) fails here as a wrong token would.
        if len(key) > KEY_LENGTH or not key.isascii() or not key.isalnum():
            raise exceptions.AuthenticationFailed("Invalid token.")
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            raise TokenExpired()
        # During no-access, only the secretariat's tokens work: 503 NO_ACCESS_MODE.
        require_may_enter(user)
        return user, token
