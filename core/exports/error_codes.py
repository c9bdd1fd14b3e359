"""Why an export's file cannot be had (yet)."""

from http import HTTPStatus

from core.errors import ErrorCodes


class ExportError(ErrorCodes):
    EXPORT_NOT_READY = "EXPORT_NOT_READY", HTTPStatus.CONFLICT
    EXPORT_FAILED = "EXPORT_FAILED", HTTPStatus.CONFLICT
    EXPORT_EXPIRED = "EXPORT_EXPIRED", HTTPStatus.GONE
