"""Every request gets an id that its log lines carry and its response returns.

`RequestIdMiddleware` (first in MIDDLEWARE) keeps the caller's `X-Request-ID` when it is
a plausible id (a proxy's or a client's, so one id follows the request through each hop)
and makes one otherwise, and puts it on the response. `RequestLogMiddleware`
(django-structlog's, after authentication) binds it with the user's id to every line
logged during the request and logs the request's start and end. Those lines name the
method and path, never the query string (it may carry search terms) or the caller's
address and browser: no personal data beyond the user's id.
"""

import re
import uuid

from django.dispatch import receiver
from django_structlog import signals
from django_structlog.middlewares import RequestMiddleware

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# Letters, digits and . _ : - (a UUID, a proxy's hex id, a trace id), at most 128.
SANE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


def request_id_of(value: str | None) -> str:
    """`value` if it is a plausible request id, else a new one."""
    if value and SANE.fullmatch(value):
        return value
    return str(uuid.uuid4())


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_of(request.META.get(META_KEY))
        # django-structlog trusts this header (DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID):
        # it now holds the vetted id.
        request.META[META_KEY] = request_id
        request.request_id = request_id
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


class RequestLogMiddleware(RequestMiddleware):
    @staticmethod
    def format_request(request) -> str:
        return f"{request.method} {request.path}"


@receiver(signals.bind_extra_request_metadata, sender=RequestLogMiddleware)
def _without_user_agent(sender, log_kwargs, **kwargs):
    log_kwargs.pop("user_agent", None)
