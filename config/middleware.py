"""Answers for failures below the application: the database went away mid-request."""

import logging

from django import db
from django.http import HttpResponse, JsonResponse
from django.template import loader

from core.api.errors import error_body

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 5


class DatabaseUnavailableMiddleware:
    """A dropped connection, a failover or a deadlock surfaces as OperationalError or
    InterfaceError. The transaction was rolled back, so nothing was half-saved: answer
    503 with Retry-After (JSON under /api/, the error page elsewhere) instead of a 500,
    so that clients retry, with their Idempotency-Key, rather than give up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, db.OperationalError | db.InterfaceError):
            return None
        log.error("Database unavailable during %s %s", request.method, request.path, exc_info=True)
        # The page is rendered without the request: context processors would query the
        # database that just failed.
        if request.path.startswith("/api/"):
            response = JsonResponse(
                error_body("SERVICE_UNAVAILABLE", "The database is unavailable; retry shortly."),
                status=503,
            )
        else:
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


PRIVATE = "no-store, private"


class PrivateAnswersMiddleware:
    """Nothing a signed-in caller reads, and no API answer, is kept by a browser's or a
    proxy's cache: `Cache-Control: no-store, private` on every response to an
    authenticated request and on every /api/ answer, unless the view set its own.
    Static files (served by WhiteNoise before this) stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        if request.path.startswith("/api/") or (user is not None and user.is_authenticated):
            response["Cache-Control"] = PRIVATE
        return response
