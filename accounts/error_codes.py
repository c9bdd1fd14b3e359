from http import HTTPStatus

from core.errors import ErrorCodes


class AccountError(ErrorCodes):
    # The policy for the caller's role requires a second factor they have not set up.
    SECOND_FACTOR_NOT_ENROLLED = "SECOND_FACTOR_NOT_ENROLLED", HTTPStatus.FORBIDDEN
    # No single sign-on mapping admits this identity.
    SSO_IDENTITY_NOT_MAPPED = "SSO_IDENTITY_NOT_MAPPED", HTTPStatus.FORBIDDEN
