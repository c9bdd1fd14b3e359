"""Refusals of a narrative's translation."""

from http import HTTPStatus

from core.errors import ErrorCodes


class TranslationError(ErrorCodes):
    SAME_AS_ORIGINAL = "TRANSLATION_SAME_AS_ORIGINAL", HTTPStatus.CONFLICT
    EXISTS = "TRANSLATION_EXISTS", HTTPStatus.CONFLICT
    NOT_ALLOWED = "TRANSLATION_NOT_ALLOWED", HTTPStatus.FORBIDDEN
    MISSING = "TRANSLATION_MISSING", HTTPStatus.NOT_FOUND
