"""Why an invitation's link no longer opens, or an invitation cannot be sent."""

from http import HTTPStatus

from core.errors import ErrorCodes


class InvitationError(ErrorCodes):
    # The link is not one the mechanism sent (a wrong or truncated token, no such invitation).
    INVITATION_INVALID = "INVITATION_INVALID", HTTPStatus.NOT_FOUND
    INVITATION_EXPIRED = "INVITATION_EXPIRED", HTTPStatus.GONE
    INVITATION_USED = "INVITATION_USED", HTTPStatus.GONE
    # A newer invitation to the same address replaced this one.
    INVITATION_SUPERSEDED = "INVITATION_SUPERSEDED", HTTPStatus.GONE
    # The address already belongs to an account: it signs in, or resets its password.
    ACCOUNT_EXISTS = "ACCOUNT_EXISTS", HTTPStatus.CONFLICT
