"""The WSGI handler: an API call that carries a token skips the middleware that serves a
browser's session.

Such a call is authenticated by its token alone (core.api.authentication, first of DRF's
classes: it authenticates or refuses, and the session is never read). The session, CSRF
cookie, signed-in user, messages, allauth's and the person's preferences, enrolment and
htmx middleware (settings.TOKEN_CALL_SKIPPED_MIDDLEWARE) had nothing to do for it but
still ran on every call. Everything else (request ids, security headers, language,
lockdown, the database's failures, private caching, metrics, lockout) runs as for any
request. A call whose Authorization is anything else, or is not under /api/, takes the
whole stack: when in doubt, the whole stack is always right.

settings.MIDDLEWARE stays the one list: Django's and allauth's checks look for their
middleware there by name.
"""

import threading

from django.conf import settings
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIHandler as DjangoWSGIHandler
from knox.settings import knox_settings

# The scheme word and its space, lower-cased (knox compares it case-insensitively).
SCHEME = f"{knox_settings.AUTH_HEADER_PREFIX.lower()} "
# settings.MIDDLEWARE is swapped while a stack is built: one build at a time.
_BUILDING = threading.Lock()


def token_call(request) -> bool:
    """An API call whose Authorization header names the Token scheme."""
    return (
        request.path_info.startswith("/api/")
        and request.META.get("HTTP_AUTHORIZATION", "")[: len(SCHEME)].lower() == SCHEME
    )


def token_call_middleware() -> list[str]:
    skipped = set(settings.TOKEN_CALL_SKIPPED_MIDDLEWARE)
    return [path for path in settings.MIDDLEWARE if path not in skipped]


class TokenCallHandler(BaseHandler):
    """The view behind the shorter stack (token_call_middleware)."""

    def load_middleware(self, is_async=False):
        # Django builds a stack from settings.MIDDLEWARE alone: give it the shorter list
        # for as long as it takes (once, when the process starts), then the whole again.
        with _BUILDING:
            whole = settings.MIDDLEWARE
            settings.MIDDLEWARE = token_call_middleware()
            try:
                super().load_middleware(is_async)
            finally:
                settings.MIDDLEWARE = whole


class TokenCallRouting:
    """Mixed into a handler: token calls go through a TokenCallHandler built beside it."""

    def load_middleware(self, is_async=False):
        with _BUILDING:  # not while another build has MIDDLEWARE swapped
            super().load_middleware(is_async)
        self.token_calls = TokenCallHandler()
        self.token_calls.load_middleware(is_async)

    def get_response(self, request):
        if token_call(request):
            return self.token_calls.get_response(request)
        return super().get_response(request)


class WSGIHandler(TokenCallRouting, DjangoWSGIHandler):
    pass
