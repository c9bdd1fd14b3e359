"""The accused party's reply, each co-chair's finding, the two-key conclusion, withdrawal and the meeting's decision."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import CoChair
from accounts.permissions import is_officer
from audit.services import audit_record_many
from core.errors import CommonError, ServiceError, validation_error
from notifications import services as notifications
from verification.error_codes import ReviewError

from ..models import ReplyPosition
from ..permissions import is_accused_party
from ..review import record_noun, reviewable_of
from ..selectors import findings_open, findings_open_at, reply_window_open
from ..statuses import Grade, Intent, Outcome, RecordIntent, Status
from ..workflow import check_transition
from .common import (
    GRADE_ORDER,
    _acting_event,
    _assigned_reviewers,
    _audit,
    _event,
    _lock,
    require_reporting_officer,
    require_reviewer,
    require_secretariat,
)


def review_reply(*, actor, record, position: str, narrative: str):
    """The accused party's one reply, before the reply deadline.

    Locks the record; writes `reply_filed`; raises NOT_YOUR_PARTY, ILLEGAL_TRANSITION,
    REPLY_WINDOW_CLOSED, ALREADY_RECORDED or VALIDATION_ERROR."""
    if not is_officer.test(actor):
        raise ServiceError(CommonError.PERMISSION_DENIED, _("Only delegation officers reply."))
    errors = {}
    if position not in ReplyPosition.values:
        errors["position"] = _("Choose one of: %(values)s.") % {
            "values": ", ".join(ReplyPosition.values)
        }
    if not (narrative or "").strip():
        errors["narrative"] = _("Say what your party's position rests on.")
    elif len(narrative) > 20000:
        errors["narrative"] = _("At most 20000 characters.")
    with transaction.atomic():
        record = _lock(record)
        spec = reviewable_of(record)
        if not is_accused_party.test(actor, record):
            raise ServiceError(CommonError.NOT_YOUR_PARTY, _("Only the accused party replies."))
        check_transition("reply", record.status)
        if spec.replies(record).exists():
            raise ServiceError(ReviewError.ALREADY_RECORDED, _("Your party has already replied."))
        if not reply_window_open(record):
            raise ServiceError(ReviewError.REPLY_WINDOW_CLOSED, _("The reply window has closed."))
        if errors:
            raise validation_error(errors)
        reply = spec.reply_model.objects.create(
            **{spec.link: record},
            position=position,
            narrative=narrative.strip(),
            filed_by=actor,
            filed_at=timezone.now(),
        )
        record.replied_at = reply.filed_at
        record.save(update_fields=["replied_at", "updated_at"])
        _audit(
            record,
            actor=actor,
            action="reply_filed",
            from_status=record.status,
            payload={"position": position},
        )
        notifications.notify(
            _assigned_reviewers(record) + notifications.people_of_party(record.reporting_party_id),
            kind="reply_filed",
            params={"reference": record.reference, "party": record.accused_party.name},
            subject_type=spec.subject_type,
            subject_ref=record.reference,
        )
        return reply


def review_record_finding(
    *, actor, record, outcome: str, grade: str, reasoning: str, intent: str = ""
):
    """Record the actor's co-chair's finding. When both co-chairs' findings are in, the
    record is decided (same outcome; the weaker grade) or disputed (differing views).
    A verified finding says the violation's intent (deliberate, accidental, undetermined);
    other outcomes say none. Intents differing between the co-chairs is no dispute: the
    verified record counts as `differing`.

    The answering party's right of reply comes first: refused with REPLY_PENDING while
    its reply window is open and no reply is filed.

    Locks the record; writes `finding_recorded` (the outcome stays out of the event until
    both are in) and then `decided` or `disputed`. Raises PERMISSION_DENIED (not a
    reviewer), NOT_ASSIGNED, ILLEGAL_TRANSITION, ALREADY_RECORDED, REPLY_PENDING or
    VALIDATION_ERROR.
    """
    require_reviewer(actor)
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose one of: %(values)s.") % {"values": ", ".join(Outcome.values)}
    if grade not in Grade.values:
        errors["grade"] = _("Choose one of: %(values)s.") % {"values": ", ".join(Grade.values)}
    errors.update(_intent_errors(outcome, intent))
    if not (reasoning or "").strip():
        errors["reasoning"] = _("Give the reasoning for this finding.")
    elif len(reasoning) > 20000:
        errors["reasoning"] = _("At most 20000 characters.")
    with transaction.atomic():
        record = _lock(record)
        spec = reviewable_of(record)
        assigned = spec.assignments(
            record, cochair_id=actor.cochair_id, reviewer=actor, ended_at__isnull=True
        ).exists()
        if not assigned:
            raise ServiceError(
                ReviewError.NOT_ASSIGNED,
                _("You are not assigned to this %(record)s.") % {"record": record_noun(spec.noun)},
            )
        check_transition("record_finding", record.status)
        if spec.findings(record, cochair_id=actor.cochair_id).exists():
            raise ServiceError(
                ReviewError.ALREADY_RECORDED, _("Your co-chair's finding is already recorded.")
            )
        _require_reply_given_its_turn(record)
        if errors:
            raise validation_error(errors)
        now = timezone.now()
        try:
            with transaction.atomic():
                finding = spec.finding_model.objects.create(
                    **{spec.link: record},
                    cochair_id=actor.cochair_id,
                    reviewer=actor,
                    outcome=outcome,
                    grade=grade,
                    intent=intent or "",
                    reasoning=reasoning.strip(),
                    recorded_at=now,
                )
        except IntegrityError as exc:
            raise ServiceError(
                ReviewError.ALREADY_RECORDED, _("Your co-chair's finding is already recorded.")
            ) from exc
        # Appended last, after the decision (if this finding completes it) changed the
        # record: the chain head is locked from the append to the commit, and a record's
        # change also locks its tally rows, which every transition takes before the head.
        events = [
            _acting_event(
                record,
                actor=actor,
                action="finding_recorded",
                from_status=record.status,
                payload={"cochair": actor.cochair.code},
            )
        ]
        findings = list(spec.findings(record).select_related("cochair"))
        if len(findings) == CoChair.objects.count():
            events.append(_conclude(record, findings, now=now))
        audit_record_many(events)
        return finding


def _intent_errors(outcome: str, intent: str) -> dict:
    """Intent is said on a verified violation, and only then."""
    if outcome == Outcome.VERIFIED and intent not in Intent.values:
        return {
            "intent": _("A verified violation needs an intent: %(values)s.")
            % {"values": ", ".join(Intent.values)}
        }
    if outcome != Outcome.VERIFIED and intent:
        return {"intent": _("Only a verified violation takes an intent.")}
    return {}


def record_intent(intents) -> str:
    """The verified record's intent, for counting: the co-chairs' one intent, or
    `differing` when theirs differ."""
    distinct = set(intents)
    return distinct.pop() if len(distinct) == 1 else RecordIntent.DIFFERING


def _require_reply_given_its_turn(record) -> None:
    """REPLY_PENDING while the answering party may still reply and has not."""
    if not findings_open(record):
        opens = timezone.localtime(findings_open_at(record)).strftime("%d %b %Y %H:%M %Z")
        raise ServiceError(
            ReviewError.REPLY_PENDING,
            _(
                "%(party)s may reply until %(deadline)s: a finding can be "
                "recorded once the reply is filed or that window has closed."
            )
            % {"party": record.accused_party.name, "deadline": opens},
        )


def _conclude(record, findings, *, now) -> dict:
    """Decide the record from both co-chairs' findings (or mark it disputed) and tell
    everyone concerned; the decision's event, for the caller to append."""
    before = record.status
    outcomes = {f.outcome for f in findings}
    views = {
        f.cochair.code: {
            "outcome": f.outcome,
            "grade": f.grade,
            "intent": f.intent,
            "reasoning": f.reasoning,
        }
        for f in findings
    }
    if len(outcomes) == 1:
        record.status = Status(outcomes.pop())
        record.outcome = record.status.value
        record.grade = min((f.grade for f in findings), key=GRADE_ORDER.index)
        if record.status == Status.VERIFIED:
            record.intent = record_intent(f.intent for f in findings)
        record.closed_at = now
        check_transition("record_finding", before, record.status)
        record.save()
        event = _event(
            record,
            actor=None,
            action="decided",
            from_status=before,
            payload={
                "outcome": record.outcome,
                "grade": record.grade,
                "intent": record.intent,
                "findings": views,
            },
        )
        params = {"reference": record.reference, "status": record.status}
    else:
        record.status = Status.DISPUTED
        record.save()
        event = _event(
            record,
            actor=None,
            action="disputed",
            from_status=before,
            payload={"differing_views": views},
        )
        params = {"reference": record.reference}
    notifications.notify(
        notifications.people_of_party(record.reporting_party_id)
        + notifications.people_of_party(record.accused_party_id)
        + _assigned_reviewers(record)
        + notifications.secretariat_people(),
        kind=record.status,
        params=params,
        subject_type=reviewable_of(record).subject_type,
        subject_ref=record.reference,
    )
    return event


def review_withdraw(*, actor, record, reason: str = ""):
    """The reporting party withdraws its record, until the first finding is recorded.

    Locks the record; writes `withdrawn`; raises NOT_YOUR_PARTY or ILLEGAL_TRANSITION."""
    with transaction.atomic():
        record = _lock(record)
        spec = reviewable_of(record)
        require_reporting_officer(actor, record)
        check_transition("withdraw", record.status, Status.WITHDRAWN)
        if spec.findings(record).exists():
            raise ServiceError(
                CommonError.ILLEGAL_TRANSITION,
                _("A finding is recorded: the %(record)s can no longer be withdrawn.")
                % {"record": record_noun(spec.noun)},
            )
        before = record.status
        record.status = Status.WITHDRAWN
        record.closed_at = timezone.now()
        record.save()
        spec.assignments(record, ended_at__isnull=True).update(ended_at=record.closed_at)
        _audit(
            record,
            actor=actor,
            action="withdrawn",
            from_status=before,
            payload={"reason": (reason or "")[:2000]},
        )
        if record.submitted_at:
            notifications.notify(
                notifications.people_of_party(record.accused_party_id)
                + notifications.secretariat_people(),
                kind="withdrawn",
                params={"reference": record.reference, "party": record.reporting_party.name},
                subject_type=spec.subject_type,
                subject_ref=record.reference,
            )
        return record


def review_decide_at_meeting(
    *,
    actor,
    record,
    outcome: str,
    grade: str,
    minutes: str,
    meeting_label: str = "",
    intent: str = "",
):
    """Record a review meeting's joint decision on a disputed record, which closes it. A
    decision that the violation is verified says its intent, which the record counts.

    Locks the record; writes `meeting_decision`; raises PERMISSION_DENIED (only the
    secretariat records meeting decisions), ILLEGAL_TRANSITION, REPLY_PENDING (the
    answering party may still reply) or VALIDATION_ERROR."""
    require_secretariat(actor)
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose one of: %(values)s.") % {"values": ", ".join(Outcome.values)}
    if grade not in Grade.values:
        errors["grade"] = _("Choose one of: %(values)s.") % {"values": ", ".join(Grade.values)}
    if outcome in Outcome.values:
        errors.update(_intent_errors(outcome, intent))
    if not (minutes or "").strip():
        errors["minutes"] = "Record the minutes of the decision."
    with transaction.atomic():
        record = _lock(record)
        check_transition("decide_at_meeting", record.status, outcome if not errors else None)
        _require_reply_given_its_turn(record)
        if errors:
            raise validation_error(errors)
        before = record.status
        record.status = Status(outcome)
        record.outcome = outcome
        record.grade = grade
        record.intent = intent or ""
        record.closed_at = timezone.now()
        record.save()
        _audit(
            record,
            actor=actor,
            action="meeting_decision",
            from_status=before,
            payload={
                "outcome": outcome,
                "grade": grade,
                "intent": intent or "",
                "minutes": minutes.strip(),
                "meeting": meeting_label,
            },
        )
        notifications.notify(
            notifications.people_of_party(record.reporting_party_id)
            + notifications.people_of_party(record.accused_party_id)
            + _assigned_reviewers(record),
            kind="meeting_decision",
            params={"reference": record.reference, "status": record.status},
            subject_type=reviewable_of(record).subject_type,
            subject_ref=record.reference,
        )
        return record
