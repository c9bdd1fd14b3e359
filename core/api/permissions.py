"""Permission before validation: on a write, the caller's token scope, then role, are
tested before the body is read, so a caller who may not act is refused (403) whatever it sent."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.models import ApiToken, TokenScope


class TokenScopeRefused(PermissionDenied):
    # core.api.errors answers with this code (ApiErrorCode.TOKEN_SCOPE).
    stable_code = "TOKEN_SCOPE"
    default_detail = _("This token is read-only; writing needs a token with the write scope.")


class WriteScope(BasePermission):
    """A write (any unsafe method the route has) sent with a read-only token is refused
    with TOKEN_SCOPE, whatever the route and the caller's role: first among the
    permissions of every API view."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS or not hasattr(view, request.method.lower()):
            return True
        if isinstance(request.auth, ApiToken) and request.auth.scope != TokenScope.WRITE:
            raise TokenScopeRefused()
        return True


class MayWrite(BasePermission):
    """A view's `may_write` predicate (from its app's permissions module: who, by role, may
    write here) tested on the caller for every unsafe method. Views without one rely on
    the record-level guard their services share (e.g. the review's `who`)."""

    message = _("You may not do this.")

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        if not hasattr(view, request.method.lower()):
            return True  # not a method of this route: 405, whoever asks
        predicate = getattr(view, "may_write", None)
        return predicate is None or predicate.test(request.user)


def require_may_act(view, request) -> None:
    """For a write on one record: after the record was found visible (404 otherwise, so
    nothing leaks), the view's `may_act` predicate on the caller, before the body is read."""
    predicate = getattr(view, "may_act", None)
    if predicate is not None and not predicate.test(request.user):
        raise PermissionDenied(MayWrite.message)
