"""The middleware only a browser needs, left out of API calls that carry a token.

A call to /api/ with `Authorization: Token ...` is authenticated by the token and by
nothing else: core.api.authentication either accepts it or refuses it (401, or 503
during no-access), and DRF never falls back to the session. For such a call the
session, Django's session user, the messages and htmx's request attributes are work
without effect. Each class here is one of them that steps aside on
those calls only; every other request, including a browser's call to the API with its
session cookie (which DRF's SessionAuthentication still holds to CSRF), goes through it
unchanged. Django's CsrfViewMiddleware and allauth's AccountMiddleware stay as they are:
`check --deploy` and allauth ask for them by name, and on a token call (to a csrf_exempt
DRF view, with no CSRF cookie) they cost a dictionary lookup and a context variable.

What checks every request stays in MIDDLEWARE for token calls too: request ids and
logs, security headers, CSP, X-Frame-Options, lockdown, no-store, metrics and axes.
"""

from django.contrib.auth import middleware as auth
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import middleware as messages
from django.contrib.sessions import middleware as sessions
from django_htmx import middleware as htmx
from knox.settings import knox_settings
from rest_framework.authentication import get_authorization_header

API_PREFIX = "/api/"
TOKEN_PREFIX = knox_settings.AUTH_HEADER_PREFIX.lower().encode()


def is_token_api_call(request) -> bool:
    """An /api/ call whose Authorization header's first word names the token scheme,
    read as knox reads it (the header's bytes split on whitespace, the word compared
    without case): exactly the calls the token authenticates, and no others, skip the
    browser's work."""
    cached = getattr(request, "_token_api_call", None)
    if cached is None:
        header = get_authorization_header(request).split(None, 1)
        cached = bool(header) and header[0].lower() == TOKEN_PREFIX
        cached = cached and request.path_info.startswith(API_PREFIX)
        request._token_api_call = cached
    return cached


class BrowserOnly:
    """Mixed in before one of Django's middleware classes (a subclass, so that the
    checks asking for Django's own still find it): its work, except on token API calls,
    which go straight on to the next one."""

    def __call__(self, request):
        if is_token_api_call(request):
            return self.get_response(request)
        return super().__call__(request)


class SessionMiddleware(BrowserOnly, sessions.SessionMiddleware):
    pass


class AuthenticationMiddleware(BrowserOnly, auth.AuthenticationMiddleware):
    def __call__(self, request):
        if is_token_api_call(request):
            # What Django's would find without a session: nobody, until DRF sets the
            # token's user. The middleware below sees what it saw before.
            request.user = AnonymousUser()
            return self.get_response(request)
        return super().__call__(request)


class MessageMiddleware(BrowserOnly, messages.MessageMiddleware):
    pass


class HtmxMiddleware(BrowserOnly, htmx.HtmxMiddleware):
    pass
