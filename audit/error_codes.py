"""The audit trail's refusals, beside core.errors.CommonError."""

from http import HTTPStatus

from core.errors import ErrorCodes


class LogError(ErrorCodes):
    # The stored log lacks a leaf below the size asked for: it was tampered with, and
    # no proof over it can be given (verify_audit_chain names where).
    LOG_INCOMPLETE = "LOG_INCOMPLETE", HTTPStatus.CONFLICT
    # The chain head's signed log root no longer verifies, or its frontier no longer
    # leads to it: something moved the head, or appended, without the signing key. The
    # mechanism refuses to append (and so to sign over rows it did not write) until an
    # operator has looked (verify_audit_chain names it). 500, as EVIDENCE_INTEGRITY_FAILED:
    # a fault of the server's own record, which no retry by the client will mend (503
    # would invite one).
    LOG_TAMPERED = "LOG_TAMPERED", HTTPStatus.INTERNAL_SERVER_ERROR
