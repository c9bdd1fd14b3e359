"""Which of compliance's audit events a caller may see in the transparency log's proofs:
the same as each record's timeline (audit.visibility)."""

from audit.visibility import anyone_signed_in, register
from verification.selectors import review_event_visible_to

from ..action_reports.services import ACTION_REPORT
from ..commitments.selectors import commitment_visible_to
from ..commitments.services import COMMITMENT
from ..penalties.measures import PENALTY_MEASURE
from ..penalties.selectors import penalty_event_visible_to
from ..penalties.services import PENALTY_CASE
from ..referrals.selectors import referral_visible_to
from ..referrals.services import REFERRAL


def _through(visible_to):
    def rule(user, event) -> bool:
        return visible_to(user).filter(pk=event.subject_id).exists()

    return rule


def register_log_visibility() -> None:
    register(ACTION_REPORT, review_event_visible_to)
    register(COMMITMENT, _through(commitment_visible_to))
    register(REFERRAL, _through(referral_visible_to))
    register(PENALTY_CASE, penalty_event_visible_to)
    # The catalogue of measures is shown to everyone signed in.
    register(PENALTY_MEASURE, anyone_signed_in)
