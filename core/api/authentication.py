"""Token authentication over django-rest-knox's hashed tokens (core.models.ApiToken).

One indexed lookup by the token's first characters (`token_key`), then a constant-time
compare of the SHA-512 digest of what the caller sent with the digest stored: the stored
row alone authenticates nobody. A key no token can have is refused before any query; a
token past its expiry answers the stable code TOKEN_EXPIRED; during no-access
(core.site_mode) anyone's but the secretariat's answers 503 NO_ACCESS_MODE.
"""

import re
from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions

from core.site_mode import require_may_enter

from .tokens import token_is_expired, token_touch, tokens_by_key

# What knox issues: lowercase hex of AUTH_TOKEN_CHARACTER_LENGTH characters.
SHAPE = re.compile(rf"[0-9a-f]{{{knox_settings.AUTH_TOKEN_CHARACTER_LENGTH}}}")


class TokenExpired(exceptions.AuthenticationFailed):
    # api.errors answers with this code (it cannot be imported here: DRF loads this
    # module while api.errors is still importing rest_framework.views).
    stable_code = "TOKEN_EXPIRED"
    default_detail = _("This token has expired; request a new one at /api/v1/auth/token/.")


class TokenAuthentication(KnoxTokenAuthentication):
    def authenticate_credentials(self, token: bytes):
        # Anything not shaped like a token (a NUL byte, which PostgreSQL refuses even in
        # a comparison, or a megabyte of text) fails here as a wrong token would.
        key = token.decode("latin-1")
        if not SHAPE.fullmatch(key):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        digest = hash_token(key)
        candidates = tokens_by_key(key[: CONSTANTS.TOKEN_KEY_LENGTH])
        match = next((t for t in candidates if compare_digest(digest, t.digest)), None)
        if match is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if token_is_expired(match, now=now):
            raise TokenExpired()
        if not match.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        # During no-access, only the secretariat's tokens work: 503 NO_ACCESS_MODE.
        require_may_enter(match.user)
        token_touch(match, now=now)
        return match.user, match


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema's name for it: `Authorization: Token <secret>`, as before."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization",
            token_prefix="Token",  # noqa: S106  # nosec B106  # the scheme word, not a secret
        )
