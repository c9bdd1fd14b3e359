"""Stable error codes and the one refusal a service raises.

Each domain keeps its own codes in an `error_codes.py` (as Saleor keeps one per package):
an enum built on `ErrorCodes`, each member naming the HTTP status it answers with. The
one HTTP map (`STATUS_BY_CODE`) gathers every such enum, so no code is defined twice and
none is missing from the map. Clients and tests rely on the code, never on the English.
"""

from collections.abc import Iterator, Mapping
from enum import StrEnum
from http import HTTPStatus

from django.utils.translation import gettext as _


class ErrorCodes(StrEnum):
    """Base of every domain's error codes: `NAME = "NAME", <HTTP status>`."""

    def __new__(cls, value: str, http_status: int = HTTPStatus.BAD_REQUEST):
        member = str.__new__(cls, value)
        member._value_ = value
        member.http_status = int(http_status)
        return member


class CommonError(ErrorCodes):
    """Refusals that any domain may raise."""

    VALIDATION_ERROR = "VALIDATION_ERROR", HTTPStatus.BAD_REQUEST
    NOT_FOUND = "NOT_FOUND", HTTPStatus.NOT_FOUND
    PERMISSION_DENIED = "PERMISSION_DENIED", HTTPStatus.FORBIDDEN
    NOT_YOUR_PARTY = "NOT_YOUR_PARTY", HTTPStatus.FORBIDDEN
    CONFLICT_OF_INTEREST = "CONFLICT_OF_INTEREST", HTTPStatus.FORBIDDEN
    ILLEGAL_TRANSITION = "ILLEGAL_TRANSITION", HTTPStatus.CONFLICT
    STALE_VERSION = "STALE_VERSION", HTTPStatus.CONFLICT


class SiteModeError(ErrorCodes):
    """Refusals of a lockdown (core.site_mode): the mechanism is read-only, or closed to
    everyone but the secretariat."""

    READ_ONLY_MODE = "READ_ONLY_MODE", HTTPStatus.SERVICE_UNAVAILABLE
    NO_ACCESS_MODE = "NO_ACCESS_MODE", HTTPStatus.SERVICE_UNAVAILABLE


def _enums(base=ErrorCodes) -> Iterator[type[ErrorCodes]]:
    for enum in base.__subclasses__():
        yield enum
        yield from _enums(enum)


class _StatusByCode(Mapping):
    """code -> HTTP status, over every ErrorCodes enum defined so far (a domain's enum
    is imported before anything can raise one of its codes)."""

    def _table(self) -> dict[str, int]:
        return {str(m): m.http_status for enum in _enums() for m in enum}

    def __getitem__(self, code: str) -> int:
        return self._table()[code]

    def __iter__(self):
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())


STATUS_BY_CODE: Mapping[str, int] = _StatusByCode()


class ServiceError(Exception):
    """A refusal from a service: a stable code, a sentence for people, and field errors."""

    code: ErrorCodes = CommonError.VALIDATION_ERROR

    def __init__(self, code: ErrorCodes, detail: str, *, fields: dict | None = None):
        super().__init__(detail)
        self.code = code
        self.detail = detail
        self.fields = fields or {}

    def __repr__(self):
        return f"ServiceError({self.code}, {self.detail!r})"


def validation_error(fields: dict[str, list[str] | str], detail: str | None = None) -> ServiceError:
    normalised = {k: v if isinstance(v, list) else [v] for k, v in fields.items()}
    return ServiceError(
        CommonError.VALIDATION_ERROR, detail or _("Invalid input."), fields=normalised
    )
