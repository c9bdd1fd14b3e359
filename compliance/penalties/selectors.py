"""Reads of penalty cases. Every list and page, API or HTML, starts from
`PenaltyCase.objects.visible_to(user)` (the one rule, models.penalty_visibility_filter);
not visible answers 404."""

from django.db.models import Q, QuerySet

from accounts.models import CoChair, Party, Role, User
from audit.models import AuditEvent
from core.loaders import loader
from incidents.models import Incident
from verification.statuses import Status

from ..commitments.models import Commitment
from .models import PENALTY_CASE, PenaltyCase, PenaltyMeasure, PenaltyStatus


def penalty_list(*, user) -> QuerySet:
    return PenaltyCase.objects.visible_to(user).select_related("party", "measure")


def penalty_get_visible(*, user, reference: str) -> PenaltyCase | None:
    return (
        PenaltyCase.objects.visible_to(user)
        .select_related(
            "party",
            "measure",
            "opened_by",
            "appealed_by",
            "split_meeting",
            "split_decided_by",
            "appeal_meeting",
            "appeal_decided_by",
            "withdrawn_by",
        )
        .filter(reference=reference)
        .first()
    )


def penalty_grounds(case: PenaltyCase) -> list:
    return list(
        case.grounds.select_related("incident__category", "commitment__kind").order_by("id")
    )


# --- the co-chairs' decisions, sealed until both are in ---------------------------------------

# Events that carry a co-chair's decision (and who recorded it) before both are in.
DECISION_EVENTS = {"decision_recorded"}


def penalty_decisions_open(case: PenaltyCase) -> bool:
    """Whether every co-chair's decision is in, so that all who see the case see them.
    A case leaves `proposed` only when they are (or when withdrawn, which may come first)."""
    if case.status == PenaltyStatus.PROPOSED:
        return False
    if case.status == PenaltyStatus.WITHDRAWN:
        return case.decisions.count() >= CoChair.objects.count()
    return True


def penalty_decision_visible_to(*, user, case: PenaltyCase, cochair_id) -> bool:
    """The one rule for a co-chair's decision on a penalty case (its outcome, reason and
    who recorded it): open to all who see the case once every co-chair's decision is in;
    before that, only to the secretariat and that co-chair's own reviewers. The page, the
    API, the events and the notifications all ask this."""
    if user is None or not user.is_authenticated:
        return False
    if user.role == Role.SECRETARIAT:
        return True
    if user.role == Role.REVIEWER and user.cochair_id == cochair_id:
        return True
    return penalty_decisions_open(case)


def penalty_decisions(case: PenaltyCase, *, user) -> list:
    """The co-chairs' decisions on `case` that `user` may read."""
    decisions = list(
        case.decisions.select_related("cochair", "decided_by").order_by("cochair__code")
    )
    if decisions and not penalty_decisions_open(case):
        decisions = [
            d
            for d in decisions
            if penalty_decision_visible_to(user=user, case=case, cochair_id=d.cochair_id)
        ]
    return decisions


def penalty_decision_readers(case: PenaltyCase, *, cochair_id, among: list[int]) -> list[int]:
    """Of the people `among` (user ids), those who may read `cochair_id`'s decision now:
    whom a notification carrying it may reach."""
    if penalty_decisions_open(case):
        return list(among)
    return list(
        User.objects.filter(pk__in=among)
        .filter(Q(role=Role.SECRETARIAT) | Q(role=Role.REVIEWER, cochair_id=cochair_id))
        .values_list("pk", flat=True)
    )


def _decision_event_withheld(event: AuditEvent, case: PenaltyCase, user) -> bool:
    if event.action not in DECISION_EVENTS or penalty_decisions_open(case):
        return False
    code = (event.payload or {}).get("cochair")
    cochair_id = CoChair.objects.filter(code=code).values_list("pk", flat=True).first()
    return not penalty_decision_visible_to(user=user, case=case, cochair_id=cochair_id)


def penalty_event_visible_to(user, event: AuditEvent) -> bool:
    """Whether `user` may see this event of a penalty case in the transparency log's
    proofs (its content and salt): the case must be visible, and a co-chair's decision
    stays sealed as on the case's timeline."""
    case = PenaltyCase.objects.visible_to(user).filter(pk=event.subject_id).first()
    return case is not None and not _decision_event_withheld(event, case, user)


def penalty_timeline(case: PenaltyCase, *, user) -> list[AuditEvent]:
    """The case's audit events in order, as `user` may read them (its page's timeline and
    the API's events/). A co-chair's `decision_recorded` event is `withheld` from those
    who may not yet read that decision: its actor and payload are not shown, nor its hash
    (two decisions and a few reviewers are few enough to try against it), nor the next
    event's link to that hash, as for findings on claims."""
    events = list(AuditEvent.objects.for_subject(PENALTY_CASE, case.pk).select_related("actor"))
    for event in events:
        event.withheld = _decision_event_withheld(event, case, user)
    withheld_hashes = {e.hash for e in events if e.withheld}
    # The chain is global: an event's predecessor may be another case's sealed decision.
    own = {e.sequence for e in events}
    before = {e.sequence - 1 for e in events} - own
    if before:
        for other in AuditEvent.objects.filter(
            sequence__in=before, subject_type=PENALTY_CASE, action__in=DECISION_EVENTS
        ):
            other_case = PenaltyCase.objects.filter(pk=other.subject_id).first()
            if other_case is not None and _decision_event_withheld(other, other_case, user):
                withheld_hashes.add(other.hash)
    for event in events:
        event.prev_withheld = event.prev_hash in withheld_hashes
    return events


def penalty_measures(*, active_only: bool = False) -> QuerySet:
    measures = PenaltyMeasure.objects.order_by("label", "id")
    return measures.filter(is_active=True) if active_only else measures


def penalty_decisions_awaiting(*, user) -> QuerySet:
    """Proposed cases still without the decision of `user`'s co-chair, oldest first: the
    reviewer's queue and home. Nothing for anyone but a reviewer. A case has no decision
    deadline: each can be decided now."""
    if user.role != Role.REVIEWER:
        return PenaltyCase.objects.none()
    return (
        PenaltyCase.objects.visible_to(user)
        .filter(status=PenaltyStatus.PROPOSED)
        .exclude(decisions__cochair_id=user.cochair_id)
        .select_related("party", "measure")
        .order_by("opened_at", "pk")
    )


def eligible_claims(party: Party) -> QuerySet:
    """Claims a penalty against `party` may rest on: verified, with `party` the accused."""
    return (
        Incident.objects.filter(accused_party=party, status=Status.VERIFIED)
        .select_related("category")
        .order_by("-occurred_at", "-id")
    )


def eligible_commitments(party: Party) -> QuerySet:
    """Commitments of `party` the sweep recorded as missed."""
    return (
        Commitment.objects.filter(party=party, missed_at__isnull=False)
        .select_related("kind")
        .order_by("-due_date", "-id")
    )


penalty_or_404 = loader(penalty_get_visible, noun="penalty case")
