"""Refusals of an appeal, beside core.errors.CommonError."""

from http import HTTPStatus

from core.errors import ErrorCodes


class AppealError(ErrorCodes):
    # Only the party the final finding went against may appeal it.
    APPEAL_NOT_YOUR_PARTY = "APPEAL_NOT_YOUR_PARTY", HTTPStatus.FORBIDDEN
    APPEAL_ALREADY_FILED = "APPEAL_ALREADY_FILED", HTTPStatus.CONFLICT
    APPEAL_WINDOW_CLOSED = "APPEAL_WINDOW_CLOSED", HTTPStatus.CONFLICT
    # The claim has no final finding to appeal (open, withdrawn or inconclusive).
    APPEAL_NOT_APPEALABLE = "APPEAL_NOT_APPEALABLE", HTTPStatus.CONFLICT
    APPEAL_ALREADY_DECIDED = "APPEAL_ALREADY_DECIDED", HTTPStatus.CONFLICT
