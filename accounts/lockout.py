"""django-axes hooks: who a sign-in attempt comes from, and what a locked-out caller sees.

Both the sign-in page and the API token endpoint count failures through axes; this
module makes the refusal speak each interface's language: the API's JSON error shape
with the stable code LOCKED_OUT, or a page for people. Either answers 429 with
Retry-After, the seconds until the lockout lifts.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from rest_framework.throttling import BaseThrottle

from core.api.errors import error_body
from core.errors import STATUS_BY_CODE

LOCKED_OUT = "LOCKED_OUT"


def client_ip(request) -> str | None:
    """The client's address by the same rule as the API throttles (REST_FRAMEWORK
    NUM_PROXIES): behind N trusted proxies, the Nth address from the right of
    X-Forwarded-For; with none, the socket's address, whatever the header claims."""
    return BaseThrottle().get_ident(request) or None


def _cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_response(request, original_response=None, credentials=None):
    seconds = _cool_off_seconds()
    minutes = max(1, round(seconds / 60))
    detail = ngettext(
        "Too many failed sign-ins for this account from this address; "
        "try again in %(minutes)d minute.",
        "Too many failed sign-ins for this account from this address; "
        "try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}
    if request.path.startswith("/api/"):
        response = JsonResponse(error_body(LOCKED_OUT, detail), status=STATUS_BY_CODE[LOCKED_OUT])
    else:
        response = render(
            request,
            "registration/locked_out.html",
            {"minutes": minutes},
            status=STATUS_BY_CODE[LOCKED_OUT],
        )
    response["Retry-After"] = str(seconds)
    return response
