"""The review's services. Each one: guard → lock the record's row → change → audit event →
notifications after commit. The API, the browser, the admin and tasks all call these.

They serve every reviewed record (review.REVIEWABLES): a claim, an action report; `record`
names the record under review. The guards test the predicates of verification.permissions
that the pages and the API test, each with its own error code."""

from .assignment import pick_reviewers, review_assign, review_submit, reviewers_named
from .clock import findings_clock_pause, findings_clock_resume
from .common import (
    GRADE_ORDER,
    require_answering_officer,
    require_reporting_officer,
    require_reviewer,
    require_secretariat,
)
from .content import review_amend, review_update_draft
from .findings import (
    review_decide_at_meeting,
    review_record_finding,
    review_reply,
    review_withdraw,
)

__all__ = [
    "GRADE_ORDER",
    "findings_clock_pause",
    "findings_clock_resume",
    "pick_reviewers",
    "require_answering_officer",
    "require_reporting_officer",
    "require_reviewer",
    "require_secretariat",
    "review_amend",
    "review_assign",
    "review_decide_at_meeting",
    "review_record_finding",
    "review_reply",
    "review_submit",
    "review_update_draft",
    "review_withdraw",
    "reviewers_named",
]
