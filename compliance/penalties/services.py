"""Writes to penalty cases: opening, the co-chairs' decisions and withdrawal. Each
transition: guard → lock the case (select_for_update) → change → audit event →
notifications (emails after commit). The API, the browser and the admin call these; the
appeal and the meeting's decisions live in .appeals, the grounds' checks in .grounds, the
catalogue in .measures, the sweep's steps in .sweep."""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CoChair, Party, Role, User
from audit.services import audit_record
from compliance.penalties.error_codes import PenaltyError
from core.errors import CommonError, ServiceError, validation_error
from notifications import services as notifications

from ..common.services import next_reference
from .grounds import ground_refused, is_ground_trigger, resolve_grounds
from .models import (
    PENALTY_CASE,
    PenaltyCase,
    PenaltyDecision,
    PenaltyDecisionChoice,
    PenaltyGround,
    PenaltyMeasure,
    PenaltyStatus,
)
from .selectors import penalty_decision_readers
from .workflow import check_transition

TEXT_LIMIT = 20000


def audit_case(case, *, actor, action, from_status="", to_status="", payload=None):
    audit_record(
        actor=actor,
        action=action,
        subject_type=PENALTY_CASE,
        subject_id=case.pk,
        subject_ref=case.reference,
        from_status=from_status,
        to_status=to_status or case.status,
        payload=payload,
    )


def concerned_people() -> list[int]:
    """Who hears of a penalty: both parties' officers, the co-chairs' reviewers and the
    secretariat (observers read the approved ones, but are not notified)."""
    return list(
        User.objects.filter(
            is_active=True, role__in=[Role.OFFICER, Role.REVIEWER, Role.SECRETARIAT]
        ).values_list("pk", flat=True)
    )


def notify_concerned(case, *, kind: str, params: dict | None = None) -> None:
    """Everyone concerned hears of the case: the sentence of `kind` (notifications.messages)
    with the case's reference and `params`."""
    notifications.notify(
        concerned_people(),
        kind=kind,
        params={"reference": case.reference, **(params or {})},
        subject_type=PENALTY_CASE,
        subject_ref=case.reference,
    )


def clean_text(value, name: str, message: str, errors: dict) -> str:
    value = (value or "").strip()
    if not value:
        errors[name] = [message]
    elif len(value) > TEXT_LIMIT:
        errors[name] = [_("At most %(limit)d characters.") % {"limit": TEXT_LIMIT}]
    return value


def lock_case(case: PenaltyCase) -> PenaltyCase:
    return (
        PenaltyCase.objects.select_for_update(of=("self",))
        .select_related("party", "measure")
        .get(pk=case.pk)
    )


def check_version(case: PenaltyCase, version: int | None) -> None:
    if version is not None and version != case.version:
        raise ServiceError(
            CommonError.STALE_VERSION, _("The penalty case was changed by someone else; reload it.")
        )


# --- opening a case -------------------------------------------------------------------------


def penalty_open(
    *,
    actor,
    party: Party,
    measure: PenaltyMeasure,
    rationale: str,
    claims: list[str] = (),
    commitments: list[str] = (),
) -> PenaltyCase:
    """Propose `measure` against `party` on grounds named by reference: verified claims
    where it is the accused, commitments of its the sweep recorded as missed.

    The secretariat or a co-chair's reviewer (PERMISSION_DENIED). Raises
    PENALTY_GROUNDS_REQUIRED (none given), PENALTY_GROUND_INELIGIBLE (any other ground;
    also when the database's trigger refuses one), PENALTY_MEASURE_INACTIVE or
    VALIDATION_ERROR, writing nothing. Writes the case (a race-free `PEN-AFG-2026-0001`),
    its grounds and one `opened` audit event; notifies the parties and the mediators."""
    if actor.role not in (Role.SECRETARIAT, Role.REVIEWER):
        raise ServiceError(
            CommonError.PERMISSION_DENIED,
            _("Only the secretariat or a co-chair's reviewer opens a penalty case."),
        )
    errors: dict[str, list[str]] = {}
    rationale = clean_text(rationale, "rationale", _("Give the rationale for the penalty."), errors)
    if errors:
        raise validation_error(errors)
    if not measure.is_active:
        raise ServiceError(
            PenaltyError.PENALTY_MEASURE_INACTIVE,
            _("This measure is no longer in use."),
            fields={"measure": [_("This measure is no longer in use.")]},
        )
    if not claims and not commitments:
        raise ServiceError(
            PenaltyError.PENALTY_GROUNDS_REQUIRED,
            _("Name at least one ground: a verified claim or a missed commitment."),
            fields={"grounds": [_("Name at least one ground.")]},
        )
    found_claims, found_commitments = resolve_grounds(actor, party, list(claims), list(commitments))
    now = timezone.now()
    try:
        with transaction.atomic():
            case = PenaltyCase(
                party=party,
                measure=measure,
                rationale=rationale,
                opened_by=actor,
                opened_at=now,
                reference=next_reference(prefix="PEN", party=party, year=now.year),
            )
            case.save()
            PenaltyGround.objects.bulk_create(
                [PenaltyGround(case=case, incident=i) for i in found_claims]
                + [PenaltyGround(case=case, commitment=c) for c in found_commitments]
            )
            audit_case(
                case,
                actor=actor,
                action="opened",
                payload={
                    "party": party.code,
                    "measure": measure.code,
                    "claims": [i.reference for i in found_claims],
                    "commitments": [c.reference for c in found_commitments],
                },
            )
            notify_concerned(
                case,
                kind="penalty_proposed",
                params={"party": party.name, "measure": measure.label},
            )
    except IntegrityError as exc:
        if is_ground_trigger(exc):
            raise ground_refused(
                "A ground is no longer a verified claim against the penalised party or a "
                "commitment it missed.",
                {"grounds": ["Refused by the database."]},
            ) from exc
        raise
    return case


# --- the co-chairs' two keys ----------------------------------------------------------------


def take_effect(case: PenaltyCase, now) -> None:
    case.status = PenaltyStatus.IN_EFFECT
    case.approved_at = now
    case.appeal_due_at = now + timedelta(days=case.measure.appeal_days)


def penalty_record_decision(
    *, actor, case: PenaltyCase, decision: str, reason: str, version: int | None = None
) -> PenaltyDecision:
    """Record the actor's co-chair's decision (approve or reject, with a reason). When
    every co-chair's decision is in, the case moves: all approve → in effect (the measure
    applies from now and the appeal window opens for the measure's `appeal_days`); all
    reject → rejected; they differ → split (to the next review meeting).

    Two keys: the measure applies only when both co-chairs approve. "One rejection
    rejects" is read as: one rejection is enough to stop the case taking effect by the
    co-chairs' decisions alone; with the other co-chair approving, the case is split and
    the review meeting decides, as for claims with differing findings.

    Locks the case; writes `decision_recorded`, then `approved`, `rejected` or `split`.
    Raises PERMISSION_DENIED (not a reviewer), STALE_VERSION, ILLEGAL_TRANSITION,
    PENALTY_ALREADY_DECIDED (this co-chair already decided) or VALIDATION_ERROR."""
    if actor.role != Role.REVIEWER or actor.cochair_id is None:
        raise ServiceError(
            CommonError.PERMISSION_DENIED, _("Only the co-chairs' reviewers decide on penalties.")
        )
    errors: dict[str, list[str]] = {}
    if decision not in PenaltyDecisionChoice.values:
        errors["decision"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(PenaltyDecisionChoice.values)}
        ]
    reason = clean_text(reason, "reason", _("Give the reason for this decision."), errors)
    with transaction.atomic():
        case = lock_case(case)
        check_version(case, version)
        check_transition("record_decision", case.status)
        if case.decisions.filter(cochair_id=actor.cochair_id).exists():
            raise ServiceError(
                PenaltyError.PENALTY_ALREADY_DECIDED,
                _("Your co-chair's decision is already recorded."),
            )
        if errors:
            raise validation_error(errors)
        now = timezone.now()
        try:
            with transaction.atomic():
                recorded = PenaltyDecision.objects.create(
                    case=case,
                    cochair_id=actor.cochair_id,
                    decision=decision,
                    reason=reason,
                    decided_by=actor,
                    decided_at=now,
                )
        except IntegrityError as exc:
            raise ServiceError(
                PenaltyError.PENALTY_ALREADY_DECIDED,
                _("Your co-chair's decision is already recorded."),
            ) from exc
        case.version += 1
        case.save(update_fields=["version"])
        audit_case(
            case,
            actor=actor,
            action="decision_recorded",
            from_status=case.status,
            payload={"cochair": actor.cochair.code, "decision": decision, "reason": reason},
        )
        decisions = list(case.decisions.select_related("cochair"))
        if len(decisions) == CoChair.objects.count():
            _conclude(case, decisions, now=now)
        else:
            _notify_decision(case, recorded)
        return recorded


def _notify_decision(case: PenaltyCase, recorded: PenaltyDecision) -> None:
    """The decision and its reason reach only those who may read it before the other
    co-chair's is in (the one rule, selectors.penalty_decision_visible_to); the other
    co-chair's reviewers hear only that theirs is awaited, the parties nothing yet."""
    concerned = concerned_people()
    readers = penalty_decision_readers(case, cochair_id=recorded.cochair_id, among=concerned)
    cochair = recorded.cochair.name
    notifications.notify(
        readers,
        kind="penalty_decision_recorded",
        params={
            "reference": case.reference,
            "cochair": cochair,
            "decision": recorded.decision,
            "reason": recorded.reason,
        },
        subject_type=PENALTY_CASE,
        subject_ref=case.reference,
    )
    others = User.objects.filter(
        pk__in=set(concerned) - set(readers), role=Role.REVIEWER
    ).values_list("pk", flat=True)
    notifications.notify(
        list(others),
        kind="penalty_decision_awaited",
        params={"reference": case.reference},
        subject_type=PENALTY_CASE,
        subject_ref=case.reference,
    )


def _conclude(case: PenaltyCase, decisions: list[PenaltyDecision], *, now) -> None:
    before = case.status
    outcomes = {d.decision for d in decisions}
    views = {d.cochair.code: d.decision for d in decisions}
    if outcomes == {PenaltyDecisionChoice.APPROVE}:
        take_effect(case, now)
        action = "approved"
    elif outcomes == {PenaltyDecisionChoice.REJECT}:
        case.status, case.rejected_at = PenaltyStatus.REJECTED, now
        action = "rejected"
    else:
        case.status = PenaltyStatus.SPLIT
        action = "split"
    check_transition("record_decision", before, case.status)
    case.version += 1
    case.save()
    payload = {"decisions": views}
    if case.appeal_due_at:
        payload["appeal_due_at"] = case.appeal_due_at
    audit_case(case, actor=None, action=action, from_status=before, payload=payload)
    notify_concerned(case, kind=f"penalty_{action}")


def penalty_withdraw(
    *, actor, case: PenaltyCase, reason: str, version: int | None = None
) -> PenaltyCase:
    """Withdraw a case before it takes effect (proposed or split), by whoever opened it
    or the secretariat, with a reason.

    Locks the case; writes `withdrawn`. Raises PERMISSION_DENIED, STALE_VERSION,
    ILLEGAL_TRANSITION or VALIDATION_ERROR."""
    errors: dict[str, list[str]] = {}
    reason = clean_text(reason, "reason", "Give the reason for withdrawing.", errors)
    with transaction.atomic():
        case = lock_case(case)
        if actor.role != Role.SECRETARIAT and actor.pk != case.opened_by_id:
            raise ServiceError(
                CommonError.PERMISSION_DENIED,
                _("Only whoever opened the case, or the secretariat, may withdraw it."),
            )
        check_version(case, version)
        check_transition("withdraw", case.status)
        if errors:
            raise validation_error(errors)
        before = case.status
        case.status = PenaltyStatus.WITHDRAWN
        case.withdrawn_at, case.withdrawn_by, case.withdrawal_reason = (
            timezone.now(),
            actor,
            reason,
        )
        case.version += 1
        case.save()
        audit_case(
            case, actor=actor, action="withdrawn", from_status=before, payload={"reason": reason}
        )
        notify_concerned(case, kind="penalty_withdrawn")
        return case
