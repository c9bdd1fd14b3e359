"""Who may do what with penalty cases and the measure catalogue."""

import rules
from django.utils import timezone

from accounts.permissions import can_use_admin, is_officer, is_reviewer, is_secretariat, of_party

from .workflow import can_transition

is_penalised_party = of_party("party_id", name="is_penalised_party")


@rules.predicate
def opened_the_case(user, case):
    return case is not None and user.pk == case.opened_by_id


@rules.predicate
def own_cochair_decision_missing(user, case):
    return case is not None and not case.decisions.filter(cochair_id=user.cochair_id).exists()


@rules.predicate
def appeal_window_open(user, case):
    return (
        case is not None
        and case.appealed_at is None
        and case.appeal_closed_at is None
        and case.appeal_due_at is not None
        and timezone.now() < case.appeal_due_at
    )


def _penalty_state(action):
    @rules.predicate(name=f"penalty_state_allows_{action}")
    def allowed(user, case):
        return case is not None and can_transition(action, case.status)

    return allowed


can_open_penalty = is_secretariat | is_reviewer
can_decide_penalty = is_reviewer & _penalty_state("record_decision") & own_cochair_decision_missing
can_appeal_penalty = is_officer & is_penalised_party & _penalty_state("appeal") & appeal_window_open
can_decide_penalty_at_meeting = is_secretariat & (
    _penalty_state("decide_split") | _penalty_state("decide_appeal")
)
can_withdraw_penalty = (is_secretariat | opened_the_case) & _penalty_state("withdraw")
can_manage_penalty_measures = is_secretariat

rules.add_perm("compliance.open_penalty", can_open_penalty)
rules.add_perm("compliance.decide_penalty", can_decide_penalty)
rules.add_perm("compliance.appeal_penalty", can_appeal_penalty)
rules.add_perm("compliance.decide_penalty_at_meeting", can_decide_penalty_at_meeting)
rules.add_perm("compliance.withdraw_penalty", can_withdraw_penalty)
rules.add_perm("compliance.manage_penalty_measures", can_manage_penalty_measures)
for action in ("view", "add", "change"):
    rules.add_perm(f"compliance.{action}_penaltymeasure", can_use_admin)
for model in ("penaltycase", "penaltydecision", "penaltyground"):
    rules.add_perm(f"compliance.view_{model}", can_use_admin)
