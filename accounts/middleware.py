"""Enrolment before anything else, for roles whose policy requires a second factor;
keeping a session's last sight; and the person's own language and time zone."""

import hashlib
import zoneinfo

from allauth.usersessions.internal import usersessionkit
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.api.errors import error_body

from .error_codes import AccountError
from .second_factor import must_enrol

# What a person who must enrol may still reach: enrolment itself (allauth's /2fa/ pages
# and the re-authentication they may ask for), signing out, and static files.
ALLOWED_URL_NAMES = ("mfa_index", "account_reauthenticate", "logout", "account_logout")


class SecondFactorRequiredMiddleware:
    """A signed-in person whose role requires a second factor and who has none is sent to
    enrolment; the API answers their session's calls 403 SECOND_FACTOR_NOT_ENROLLED. (Token
    calls are the token endpoint's to refuse: no token is issued without the factor.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            settings.SECOND_FACTOR_POLICY_ENFORCED
            and user is not None
            and user.is_authenticated
            and not self._allowed(request.path)
            and must_enrol(user)
        ):
            return self._refuse(request)
        return self.get_response(request)

    @staticmethod
    def _allowed(path: str) -> bool:
        static = "/" + settings.STATIC_URL.lstrip("/")
        if path.startswith((static, "/healthz", "/metrics")):
            return True
        enrolment = reverse("mfa_index")
        return path.startswith(enrolment) or path in {
            reverse(name) for name in ALLOWED_URL_NAMES[1:]
        }

    @staticmethod
    def _refuse(request):
        code = AccountError.SECOND_FACTOR_NOT_ENROLLED
        detail = gettext("Your role requires a second factor: set one up before going on.")
        if request.path.startswith("/api/"):
            return JsonResponse(error_body(code, detail), status=code.http_status)
        messages.warning(request, detail)
        return redirect("mfa_index")


class SessionActivityMiddleware:
    """allauth's record of a session's browser, address and last sight, written at most
    once a minute a session rather than on every request (a write each time would add
    five queries to every page). "Last seen" is therefore exact to the minute."""

    INTERVAL_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            session is not None
            and session.session_key
            and user is not None
            and user.is_authenticated
        ):
            # The cache key is a digest: a session key is a credential.
            digest = hashlib.sha256(session.session_key.encode()).hexdigest()
            if cache.add(f"session-seen:{digest}", 1, timeout=self.INTERVAL_SECONDS):
                usersessionkit.track_activity(request, user=user, session=session)
        return self.get_response(request)


class PreferencesMiddleware:
    """A signed-in person's own language and time zone for the whole request, over what
    LocaleMiddleware read from the cookie or Accept-Language; anonymous requests and API
    calls with a token (authenticated later, by DRF) keep the browser's language and UTC."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if user.language:
                translation.activate(user.language)
                request.LANGUAGE_CODE = translation.get_language()
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone or "UTC"))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
