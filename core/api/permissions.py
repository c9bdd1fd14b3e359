"""Permission before validation: on a write, the caller's role is tested before the body is
read, so a caller who may not act is refused (403) whatever it sent."""

from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission


class MayWrite(BasePermission):
    """A view's `may_write` predicate (from its app's permissions module: who, by role, may
    write here) tested on the caller for every unsafe method. Views without one rely on
    the record-level guard their services share (e.g. the review's `who`)."""

    message = "You may not do this."

    def has_permission(self, request, view):
        predicate = getattr(view, "may_write", None)
        if request.method in SAFE_METHODS or predicate is None:
            return True
        if not hasattr(view, request.method.lower()):
            return True  # not a method of this route: 405, whoever asks
        return predicate.test(request.user)


def require_may_act(view, request) -> None:
    """For a write on one record: after the record was found visible (404 otherwise, so
    nothing leaks), the view's `may_act` predicate on the caller, before the body is read."""
    predicate = getattr(view, "may_act", None)
    if predicate is not None and not predicate.test(request.user):
        raise PermissionDenied(MayWrite.message)
