"""The evidence store's refusals, beside core.errors.CommonError."""

from http import HTTPStatus

from core.errors import ErrorCodes


class EvidenceError(ErrorCodes):
    FILE_TOO_LARGE = "FILE_TOO_LARGE", HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    UNSUPPORTED_FILE_TYPE = "UNSUPPORTED_FILE_TYPE", HTTPStatus.UNSUPPORTED_MEDIA_TYPE
    # The filer asked to remove the location from an image whose structure does not allow it.
    LOCATION_NOT_REMOVABLE = "LOCATION_NOT_REMOVABLE", HTTPStatus.BAD_REQUEST
    # A stored file that no longer matches its hash: an operator's fault, logged and audited.
    EVIDENCE_INTEGRITY_FAILED = "EVIDENCE_INTEGRITY_FAILED", HTTPStatus.INTERNAL_SERVER_ERROR
