"""Who may do what with commitments, action reports and referrals. Used by the
services' guards, the API and the templates (to show or hide a form). An action
report's review (submit, withdraw, reply, findings) takes the claims' predicates in
verification.permissions."""

import rules

from accounts.permissions import can_use_admin, is_officer, is_reviewer, is_secretariat

from .models import ReferralStatus


@rules.predicate
def is_obligated_party(user, commitment):
    return commitment is not None and user.party_id == commitment.party_id


@rules.predicate
def is_own_party_report(user, report):
    return report is not None and user.party_id == report.party_id


@rules.predicate
def is_receiving_party(user, referral):
    return referral is not None and user.party_id == referral.to_party_id


@rules.predicate
def is_unacknowledged(user, referral):
    return referral is not None and referral.status == ReferralStatus.SENT


@rules.predicate
def is_unanswered(user, referral):
    return referral is not None and referral.status != ReferralStatus.RESPONDED


can_record_commitment = is_secretariat
can_report_action = is_officer & is_obligated_party
can_add_action_evidence = is_officer & is_own_party_report
can_file_referral = is_officer
can_acknowledge_referral = is_officer & is_receiving_party & is_unacknowledged
can_respond_referral = is_officer & is_receiving_party & is_unanswered

rules.add_perm("compliance.record_commitment", can_record_commitment)
rules.add_perm("compliance.report_action", can_report_action)
rules.add_perm("compliance.file_referral", can_file_referral)
rules.add_perm("compliance.acknowledge_referral", can_acknowledge_referral)
rules.add_perm("compliance.respond_referral", can_respond_referral)

# Django admin: the secretariat manages the taxonomies and reads the rest.
rules.add_perm("compliance", can_use_admin)
for model in ("commitmentkind", "urgency"):
    for action in ("view", "add", "change"):
        rules.add_perm(f"compliance.{action}_{model}", can_use_admin)
for model in ("commitment", "milestone", "actionreport", "referral", "agendaentry"):
    rules.add_perm(f"compliance.view_{model}", can_use_admin)
rules.add_perm("compliance.view_referrals", is_officer | is_secretariat | is_reviewer)


# --- penalties --------------------------------------------------------------------------------


@rules.predicate
def is_penalised_party(user, case):
    return case is not None and user.party_id == case.party_id


@rules.predicate
def opened_the_case(user, case):
    return case is not None and user.pk == case.opened_by_id


@rules.predicate
def own_cochair_decision_missing(user, case):
    return case is not None and not case.decisions.filter(cochair_id=user.cochair_id).exists()


@rules.predicate
def appeal_window_open(user, case):
    from django.utils import timezone

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
        from .penalties.workflow import can_transition

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
