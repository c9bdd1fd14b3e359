"""The review engine's refusals, beside core.errors.CommonError."""

from http import HTTPStatus

from core.errors import ErrorCodes


class ReviewError(ErrorCodes):
    NOT_ASSIGNED = "NOT_ASSIGNED", HTTPStatus.FORBIDDEN
    ALREADY_RECORDED = "ALREADY_RECORDED", HTTPStatus.CONFLICT
    REPLY_WINDOW_CLOSED = "REPLY_WINDOW_CLOSED", HTTPStatus.CONFLICT
    DEADLINE_PASSED = "DEADLINE_PASSED", HTTPStatus.CONFLICT
    # The answering party's right of reply comes first: no finding (nor a meeting's
    # decision) while its reply window is open and no reply is filed.
    REPLY_PENDING = "REPLY_PENDING", HTTPStatus.CONFLICT
    # Review meetings: a meeting closes once it has begun; deferring needs a meeting ahead;
    # an item moved to another meeting is decided there.
    MEETING_NOT_STARTED = "MEETING_NOT_STARTED", HTTPStatus.CONFLICT
    NO_NEXT_MEETING = "NO_NEXT_MEETING", HTTPStatus.CONFLICT
    AGENDA_ITEM_MOVED = "AGENDA_ITEM_MOVED", HTTPStatus.CONFLICT
