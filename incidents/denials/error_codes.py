"""Refusals of the access-denial services, beside core.errors.CommonError."""

from http import HTTPStatus

from core.errors import ErrorCodes


class DenialError(ErrorCodes):
    # Access was already recorded as granted: a denial ends once.
    DENIAL_ALREADY_ENDED = "DENIAL_ALREADY_ENDED", HTTPStatus.CONFLICT
    # The party already has an open denial on this claim: a further refusal is part of it.
    DENIAL_ALREADY_OPEN = "DENIAL_ALREADY_OPEN", HTTPStatus.CONFLICT
    # Denials are recorded on claims in review (submitted, under review, disputed).
    CLAIM_NOT_IN_REVIEW = "CLAIM_NOT_IN_REVIEW", HTTPStatus.CONFLICT
