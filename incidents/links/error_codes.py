"""Refusals of links between claims, beside core.errors.CommonError."""

from http import HTTPStatus

from core.errors import ErrorCodes


class LinkError(ErrorCodes):
    SELF_LINK = "SELF_LINK", HTTPStatus.BAD_REQUEST
    LINK_SAME_PARTY = "LINK_SAME_PARTY", HTTPStatus.BAD_REQUEST
    LINK_NOT_SUBMITTED = "LINK_NOT_SUBMITTED", HTTPStatus.CONFLICT
    LINK_EXISTS = "LINK_EXISTS", HTTPStatus.CONFLICT
    LINK_NOT_FOUND = "LINK_NOT_FOUND", HTTPStatus.NOT_FOUND
    SUGGESTION_DECIDED = "SUGGESTION_DECIDED", HTTPStatus.CONFLICT
