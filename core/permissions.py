"""How services guard with the same `rules` predicates that pages and API test: one place
(each app's permissions module) says who may do what; this turns a refusal into the
service's stable code."""

import rules

from .errors import CommonError, ErrorCodes, ServiceError


def guard(
    predicate,
    user,
    obj=None,
    *,
    detail: str,
    code: ErrorCodes = CommonError.PERMISSION_DENIED,
) -> None:
    """Raise ServiceError(code, detail) unless `predicate` allows `user` (on `obj`)."""
    if not predicate.test(user, obj):
        raise ServiceError(code, detail)


def status_in(*statuses, name: str):
    """A predicate: the object is in one of `statuses` (False when there is none)."""
    allowed = frozenset(statuses)

    @rules.predicate(name=name)
    def predicate(user, obj):
        return obj is not None and obj.status in allowed

    return predicate
