"""The mode on every request: while frozen, every write through a page or the API is
refused with 503 (READ_ONLY_MODE); during no-access, everyone but the secretariat is
signed out and refused (NO_ACCESS_MODE). Services refuse writes on their own as well
(core.site_mode.require_writable, through the audit trail), for tasks and commands.

The mode comes from the cache (core.site_mode.current): no query on most requests, and
request.user is only looked at during no-access."""

from django.contrib.auth import logout
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.urls import Resolver404, resolve

from core import site_mode
from core.api.errors import error_body
from core.errors import SiteModeError

SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")

# Writes that stay open while frozen: signing in and out (the page's, allauth's, the API
# token's), revoking one's own tokens, the second step of a sign-in, changing one's own
# password, and the lockdown page itself. Notifications' read marks are writes like any other and wait.
OPEN_WHILE_FROZEN = frozenset(
    {
        "login",
        "logout",
        "password_change",
        "account_login",
        "account_logout",
        "account_change_password",
        "mfa_authenticate",
        "api:token",
        "api:token-detail",
        "api-token-revoke",
        "lockdown",
        "lockdown-sessions",
    }
)

READ_ONLY_DETAIL = "The mechanism is read-only for now: nothing can be changed. Try again later."
NO_ACCESS_DETAIL = "The mechanism is closed to everyone but the secretariat for now."


def _route_name(request) -> str:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return ""
    return match.view_name


def _refuse(request, code: str, detail: str):
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(code, detail), status=503)
    else:
        response = TemplateResponse(
            request, "operations/locked.html", {"code": code, "detail": detail}, status=503
        )
        response.render()
    response["Retry-After"] = "300"
    return response


class LockdownMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        state = site_mode.current()
        if state.is_no_access:
            refused = self._sign_out_if_refused(request)
            if refused is not None:
                return refused
        frozen_write = state.is_frozen and request.method not in SAFE_METHODS
        if frozen_write and _route_name(request) not in OPEN_WHILE_FROZEN:
            return _refuse(request, SiteModeError.READ_ONLY_MODE, READ_ONLY_DETAIL)
        response = self.get_response(request)
        if state.is_no_access:
            # A sign-in that just happened (the page's, or allauth's) by someone who may
            # not enter now is undone before its answer leaves.
            refused = self._sign_out_if_refused(request)
            if refused is not None:
                return refused
        return response

    def _sign_out_if_refused(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or site_mode.may_enter(user):
            return None
        if hasattr(request, "session"):  # a token's API call has none to end
            logout(request)
        return _refuse(request, SiteModeError.NO_ACCESS_MODE, NO_ACCESS_DETAIL)
