"""The evidence store's refusals, beside core.errors.CommonError."""

from http import HTTPStatus

from core.errors import ErrorCodes


class EvidenceError(ErrorCodes):
    FILE_TOO_LARGE = "FILE_TOO_LARGE", HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    UNSUPPORTED_FILE_TYPE = "UNSUPPORTED_FILE_TYPE", HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    # A stored file that no longer matches its hash: an operator's fault, logged and audited.
    EVIDENCE_INTEGRITY_FAILED = "EVIDENCE_INTEGRITY_FAILED", HTTPStatus.INTERNAL_SERVER_ERROR
