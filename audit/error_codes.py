"""The audit trail's refusals, beside core.errors.CommonError."""

from http import HTTPStatus

from core.errors import ErrorCodes


class LogError(ErrorCodes):
    # The stored log lacks a leaf below the size asked for: it was tampered with, and
    # no proof over it can be given (verify_audit_chain names where).
    LOG_INCOMPLETE = "LOG_INCOMPLETE", HTTPStatus.CONFLICT
