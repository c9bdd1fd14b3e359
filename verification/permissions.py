"""Who may take which review action on a reviewed record (a claim, an action report): one
module, used by the pages (to show or hide a button), the API and the services, which test
the same predicates again on the locked row. A record answers `reporting_party_id` (the
party that files) and `accused_party_id` (the party that may answer)."""

import rules

from accounts.permissions import is_officer, is_reviewer, is_secretariat, of_party

from .review import reviewable_of
from .selectors import findings_open, reply_window_open
from .workflow import can_transition

is_reporting_party = of_party("reporting_party_id", name="is_reporting_party")
is_accused_party = of_party("accused_party_id", name="is_accused_party")


@rules.predicate
def is_assigned_reviewer(user, incident):
    return (
        incident is not None
        and incident.assignments.filter(
            reviewer=user, cochair_id=user.cochair_id, ended_at__isnull=True
        ).exists()
    )


@rules.predicate
def has_no_finding(user, incident):
    return not incident.findings.exists()


@rules.predicate
def own_cochair_finding_missing(user, incident):
    return not incident.findings.filter(cochair_id=user.cochair_id).exists()


@rules.predicate
def has_no_reply(user, incident):
    return not reviewable_of(incident).replies(incident).exists()


@rules.predicate
def reply_window_is_open(user, incident):
    return reply_window_open(incident)


@rules.predicate
def reply_given_its_turn(user, incident):
    return findings_open(incident)


def _state(action):
    @rules.predicate(name=f"state_allows_{action}")
    def allowed(user, incident):
        return incident is not None and can_transition(action, incident.status)

    return allowed


can_submit = is_officer & is_reporting_party & _state("submit")
can_withdraw = is_officer & is_reporting_party & _state("withdraw") & has_no_finding
can_amend = is_officer & is_reporting_party & _state("amend")
can_reply = is_officer & is_accused_party & _state("reply") & has_no_reply & reply_window_is_open
can_record_finding = (
    is_reviewer
    & _state("record_finding")
    & is_assigned_reviewer
    & own_cochair_finding_missing
    & reply_given_its_turn
)
can_assign = is_secretariat & (_state("assign") | _state("reassign"))
can_view_queue = is_reviewer
can_oversee_assignments = is_secretariat
can_view_meetings = is_reviewer | is_secretariat
can_manage_meetings = is_secretariat

rules.add_perm("verification.submit", can_submit)
rules.add_perm("verification.withdraw", can_withdraw)
rules.add_perm("verification.amend", can_amend)
rules.add_perm("verification.reply", can_reply)
rules.add_perm("verification.record_finding", can_record_finding)
rules.add_perm("verification.assign", can_assign)
rules.add_perm("verification.view_queue", can_view_queue)
rules.add_perm("verification.oversee_assignments", can_oversee_assignments)
rules.add_perm("verification.view_meetings", can_view_meetings)
rules.add_perm("verification.manage_meetings", can_manage_meetings)
