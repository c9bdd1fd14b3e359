"""Token authentication that refuses, before any query, a key no token can have."""

from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

KEY_LENGTH = Token._meta.get_field("key").max_length


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        # Keys are short hex strings. Anything else (a NUL byte, which PostgreSQL refuses
        # even in a comparison, or a megabyte of text) fails here as a wrong token would.
        if len(key) > KEY_LENGTH or not key.isascii() or not key.isalnum():
            raise exceptions.AuthenticationFailed("Invalid token.")
        return super().authenticate_credentials(key)
