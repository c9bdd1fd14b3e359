"""One error shape for every API answer that is not a success:

    {"code": "STABLE_CODE", "detail": "A sentence for people.", "fields": {"name": ["..."]}}

Clients branch on `code`; `fields` names the inputs at fault (empty when none).
Domain services raise errors carrying a `code`, `detail` and `fields`; the HTTP status
of each code is the one its enum names (core.errors.STATUS_BY_CODE gathers them all).
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import STATUS_BY_CODE, ErrorCodes

logger = logging.getLogger(__name__)


class ApiErrorCode(ErrorCodes):
    """Refusals of the API's own plumbing: parsing, authentication, retries, limits."""

    PARSE_ERROR = "PARSE_ERROR", status.HTTP_400_BAD_REQUEST
    NOT_AUTHENTICATED = "NOT_AUTHENTICATED", status.HTTP_401_UNAUTHORIZED
    AUTHENTICATION_FAILED = "AUTHENTICATION_FAILED", status.HTTP_401_UNAUTHORIZED
    TOKEN_EXPIRED = "TOKEN_EXPIRED", status.HTTP_401_UNAUTHORIZED
    # A write (POST, PUT, PATCH, DELETE) sent with a read-only token.
    TOKEN_SCOPE = "TOKEN_SCOPE", status.HTTP_403_FORBIDDEN
    # The token endpoint, for a user whose policy requires a second factor: `otp` missing,
    # or not a current code.
    SECOND_FACTOR_REQUIRED = "SECOND_FACTOR_REQUIRED", status.HTTP_401_UNAUTHORIZED
    SECOND_FACTOR_INVALID = "SECOND_FACTOR_INVALID", status.HTTP_401_UNAUTHORIZED
    METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED", status.HTTP_405_METHOD_NOT_ALLOWED
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE", status.HTTP_406_NOT_ACCEPTABLE
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED", status.HTTP_409_CONFLICT
    IDEMPOTENCY_KEY_IN_USE = "IDEMPOTENCY_KEY_IN_USE", status.HTTP_409_CONFLICT
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE", status.HTTP_415_UNSUPPORTED_MEDIA_TYPE
    THROTTLED = "THROTTLED", status.HTTP_429_TOO_MANY_REQUESTS
    LOCKED_OUT = "LOCKED_OUT", status.HTTP_429_TOO_MANY_REQUESTS
    SERVER_ERROR = "SERVER_ERROR", status.HTTP_500_INTERNAL_SERVER_ERROR
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE", status.HTTP_503_SERVICE_UNAVAILABLE


# DRF's own exceptions, by class, to our codes.
_DRF_CODES = [
    (exceptions.ValidationError, "VALIDATION_ERROR"),
    (exceptions.ParseError, "PARSE_ERROR"),
    (exceptions.NotAuthenticated, "NOT_AUTHENTICATED"),
    (exceptions.AuthenticationFailed, "AUTHENTICATION_FAILED"),
    (exceptions.PermissionDenied, "PERMISSION_DENIED"),
    (exceptions.NotFound, "NOT_FOUND"),
    (exceptions.MethodNotAllowed, "METHOD_NOT_ALLOWED"),
    (exceptions.NotAcceptable, "NOT_ACCEPTABLE"),
    (exceptions.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"),
    (exceptions.Throttled, "THROTTLED"),
]


class ApiError(exceptions.APIException):
    """Raised by API views for refusals of their own (a bad cursor, a reused key)."""

    def __init__(self, code: str, detail: str, *, fields: dict | None = None):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.fields = fields or {}
        self.status_code = STATUS_BY_CODE.get(code, status.HTTP_400_BAD_REQUEST)


def error_body(code: str, detail: str, fields: dict | None = None) -> dict:
    """The one shape; messages marked for translation become text in the active language."""
    fields = {
        name: [str(m) for m in messages] if isinstance(messages, list | tuple) else messages
        for name, messages in (fields or {}).items()
    }
    return {"code": str(code), "detail": str(detail), "fields": fields}


def _flatten(errors, prefix="") -> dict[str, list[str]]:
    """DRF's nested error structure as {"field": ["message", ...]}, nested names dotted."""
    flat: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for name, value in errors.items():
            key = f"{prefix}.{name}" if prefix else str(name)
            for sub, messages in _flatten(value, key).items():
                flat.setdefault(sub, []).extend(messages)
    elif isinstance(errors, list | tuple):
        for index, value in enumerate(errors):
            if isinstance(value, dict | list | tuple):
                key = f"{prefix}.{index}" if prefix else str(index)
                for sub, messages in _flatten(value, key).items():
                    flat.setdefault(sub, []).extend(messages)
            else:
                flat.setdefault(prefix or "non_field_errors", []).append(str(value))
    else:
        flat.setdefault(prefix or "non_field_errors", []).append(str(errors))
    return flat


def _service_error(exc):
    """Anything carrying a stable code, a detail and fields (the domain's ServiceError)."""
    code = getattr(exc, "code", None)
    if isinstance(code, str) and code in STATUS_BY_CODE and hasattr(exc, "fields"):
        return code
    return None


def _with_headers(response: Response, headers: dict) -> Response:
    for name, value in headers.items():
        response[name] = value
    return response


def exception_handler(exc, context):
    """REST_FRAMEWORK["EXCEPTION_HANDLER"]: every refusal in the one shape."""
    code = _service_error(exc)
    if code and not isinstance(exc, ApiError):
        return Response(
            error_body(code, exc.detail, exc.fields), status=STATUS_BY_CODE.get(code, 400)
        )
    if isinstance(exc, ApiError):
        response = Response(error_body(exc.code, exc.detail, exc.fields), status=exc.status_code)
        if response.status_code == status.HTTP_401_UNAUTHORIZED:
            response["WWW-Authenticate"] = 'Token realm="api"'
        return response
    if isinstance(exc, DjangoValidationError):
        fields = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        return Response(
            error_body("VALIDATION_ERROR", _("Invalid input."), fields),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, RequestDataTooBig):
        return Response(
            error_body("FILE_TOO_LARGE", _("The request body is too large.")),
            status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE,
        )
    if isinstance(exc, TooManyFieldsSent):
        return Response(
            error_body("VALIDATION_ERROR", _("Too many fields in the request.")),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        # The loaders' words ("No such claim."), the same whether missing or hidden.
        exc = exceptions.NotFound(str(exc) or None)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not ours: Django's 500 handler answers (JSON under /api/)
    code = getattr(exc, "stable_code", None) or next(
        (c for cls, c in _DRF_CODES if isinstance(exc, cls)), "VALIDATION_ERROR"
    )
    if isinstance(exc, exceptions.ValidationError):
        detail, fields = _("Invalid input."), _flatten(exc.detail)
    elif isinstance(exc, exceptions.Throttled):
        detail, fields = (
            ngettext(
                "Too many requests; retry in %(seconds)d second.",
                "Too many requests; retry in %(seconds)d seconds.",
                round(exc.wait),
            )
            % {"seconds": round(exc.wait)}
            if exc.wait
            else _("Too many requests."),
            {},
        )
    else:
        detail, fields = str(exc.detail), {}
    headers = {
        k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")
    }
    return _with_headers(
        Response(error_body(code, detail, fields), status=response.status_code), headers
    )


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def json_or_html(html_handler, code: str, detail: str, status_code: int):
    """A Django error handler answering JSON under /api/ and the HTML page elsewhere."""

    def handler(request, *args, **kwargs):
        if _is_api(request):
            return JsonResponse(error_body(code, detail), status=status_code)
        return html_handler(request, *args, **kwargs)

    return handler


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """The last route under /api/: any path no route matched, whatever the method, answers
    the JSON 404 (never Django's HTML page, its DEBUG page nor an APPEND_SLASH redirect)."""
    return JsonResponse(error_body("NOT_FOUND", _("Not found.")), status=status.HTTP_404_NOT_FOUND)
