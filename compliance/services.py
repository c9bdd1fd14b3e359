"""Writes to commitments, action reports and referrals. Each one: guard → lock → change →
audit event → notifications (emails after commit). API, browser and admin call these."""

from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import pairwise

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Party, Role
from audit.services import audit_record
from core.errors import CommonError, ServiceError, validation_error
from evidence.models import Visibility
from evidence.services import evidence_store
from incidents.models import Status
from notifications import services as notifications
from verification import services as review
from verification.error_codes import ReviewError

from .models import (
    ActionReport,
    ActionReportAssignment,
    ActionReportEvidence,
    ActionReportFinding,
    ActionReportReply,
    ActionReportRevision,
    Commitment,
    CommitmentKind,
    Milestone,
    ReferenceSequence,
    Referral,
    ReferralEvidence,
    ReferralStatus,
    TargetKind,
)

COMMITMENT = "commitment"
ACTION_REPORT = "action_report"
REFERRAL = "referral"

COMMITMENT_FIELDS = (
    "party",
    "session_label",
    "session_date",
    "agreement_clause",
    "kind",
    "description",
    "target_kind",
    "target_quantity",
    "unit",
    "due_date",
)
ACTION_REPORT_FIELDS = (
    "action_date",
    "latitude",
    "longitude",
    "place_name",
    "province",
    "quantity",
    "narrative",
)
REFERRAL_FIELDS = (
    "to_party",
    "subject",
    "latitude",
    "longitude",
    "place_name",
    "requested_action",
    "urgency",
)

# action -> (statuses it may start from, the status it ends in)
REFERRAL_TRANSITIONS = {
    "acknowledge": (frozenset({ReferralStatus.SENT}), ReferralStatus.ACKNOWLEDGED),
    "respond": (
        frozenset({ReferralStatus.SENT, ReferralStatus.ACKNOWLEDGED}),
        ReferralStatus.RESPONDED,
    ),
}


def next_reference(*, prefix: str, party: Party, year: int) -> str:
    """Hand out the next `CMT-AFG-2025-0007` for this kind of record, party and year.

    One upsert increments and returns the counter and holds its row lock until the
    caller's transaction ends: two writers never get the same number.
    """
    table = ReferenceSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (prefix, party_id, year, last) VALUES (%s, %s, %s, 1) "  # noqa: S608  # nosec B608  # table name from the model
            "ON CONFLICT (prefix, party_id, year) DO UPDATE SET last = "
            f"{table}.last + 1 RETURNING last",
            [prefix, party.pk, year],
        )
        (number,) = cursor.fetchone()
    return f"{prefix}-{party.code}-{year}-{number:04d}"


def _audit(obj, *, subject_type, actor, action, from_status="", to_status="", payload=None):
    audit_record(
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=obj.pk,
        subject_ref=obj.reference,
        from_status=from_status,
        to_status=to_status,
        payload=payload,
    )


def _require_secretariat(actor):
    if actor.role != Role.SECRETARIAT:
        raise ServiceError(CommonError.PERMISSION_DENIED, "Only the secretariat may do this.")


def _require_officer(actor):
    if actor.role != Role.OFFICER:
        raise ServiceError(CommonError.PERMISSION_DENIED, "Only delegation officers may do this.")


def _unknown_fields(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise validation_error(dict.fromkeys(sorted(unknown), "Unknown field."))


def _full_clean(obj, errors: dict, *, exclude) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)


def _check_location(obj, errors: dict) -> None:
    """An optional location, validated like a claim's: both coordinates or none, and
    within the region of the parties."""
    lat, lon = obj.latitude, obj.longitude
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        errors.setdefault("latitude" if lat is None else "longitude", []).append(
            "Give both coordinates, or neither."
        )
        return
    if "latitude" in errors or "longitude" in errors:
        return
    try:
        lat, lon = Decimal(lat), Decimal(lon)
    except (InvalidOperation, TypeError, ValueError):
        return
    if not any(
        p.min_latitude <= lat <= p.max_latitude and p.min_longitude <= lon <= p.max_longitude
        for p in Party.objects.all()
    ):
        errors.setdefault("latitude", []).append(
            "The location lies outside the region of the two parties."
        )


# --- commitments --------------------------------------------------------------------------


def _validate_milestones(commitment: Commitment, milestones: list[tuple[date, int]], errors):
    if not milestones:
        return
    dates = [d for d, _ in milestones]
    quantities = [q for _, q in milestones]
    problems = []
    if any(not isinstance(q, int) or q < 1 for q in quantities):
        problems.append("Each milestone's quantity is a whole number of at least 1.")
    elif any(b <= a for a, b in pairwise(dates)):
        problems.append("Milestone dates must ascend, one milestone per date.")
    elif any(b < a for a, b in pairwise(quantities)):
        problems.append("Milestone quantities are cumulative: they never fall.")
    elif isinstance(commitment.target_quantity, int) and quantities[-1] != (
        commitment.target_quantity
    ):
        problems.append("The last milestone's quantity equals the target.")
    elif isinstance(commitment.due_date, date) and dates[-1] > commitment.due_date:
        problems.append("No milestone falls after the due date.")
    elif isinstance(commitment.session_date, date) and dates[0] <= commitment.session_date:
        problems.append("Milestones fall after the session that agreed the commitment.")
    if problems:
        errors["milestones"] = problems


@transaction.atomic
def commitment_create(
    *, actor, data: dict, milestones: list[tuple[date, int]] | None = None
) -> Commitment:
    """Record a commitment agreed at a session, with its milestones (cumulative quantities,
    dates ascending, the last equal to the target).

    Secretariat only (PERMISSION_DENIED); VALIDATION_ERROR writes nothing. Writes the
    commitment, its milestones and one `created` audit event; notifies the obligated party.
    """
    _require_secretariat(actor)
    _unknown_fields(data, COMMITMENT_FIELDS)
    data = dict(data)
    if data.get("target_kind") == TargetKind.DONE:
        data["target_quantity"], data["unit"] = 1, ""
    commitment = Commitment(created_by=actor, **data)
    errors: dict[str, list[str]] = {}
    _full_clean(commitment, errors, exclude=["reference", "created_by"])
    if commitment.target_kind == TargetKind.QUANTITY and not (commitment.unit or "").strip():
        errors.setdefault("unit", []).append("Give the unit of the target (e.g. raids).")
    if (
        isinstance(commitment.session_date, date)
        and isinstance(commitment.due_date, date)
        and commitment.due_date <= commitment.session_date
    ):
        errors.setdefault("due_date", []).append("The due date follows the session.")
    if (
        commitment.kind_id
        and not CommitmentKind.objects.filter(pk=commitment.kind_id, is_active=True).exists()
    ):
        errors.setdefault("kind", []).append("This kind is no longer in use.")
    milestones = sorted(milestones or [], key=lambda m: m[0])
    _validate_milestones(commitment, milestones, errors)
    if errors:
        raise validation_error(errors)
    commitment.reference = next_reference(
        prefix="CMT", party=commitment.party, year=commitment.session_date.year
    )
    commitment.save()
    Milestone.objects.bulk_create(
        [Milestone(commitment=commitment, due_date=d, quantity=q) for d, q in milestones]
    )
    _audit(
        commitment,
        subject_type=COMMITMENT,
        actor=actor,
        action="created",
        payload={
            "party": commitment.party.code,
            "target": commitment.target_label,
            "due_date": commitment.due_date,
            "milestones": [[d, q] for d, q in milestones],
        },
    )
    notifications.notify(
        notifications.people_of_party(commitment.party_id),
        kind="commitment_recorded",
        title=f"Commitment {commitment.reference} recorded: due {commitment.due_date}",
        subject_type=COMMITMENT,
        subject_ref=commitment.reference,
    )
    return commitment


# --- action reports -----------------------------------------------------------------------


def action_report_validate(report: ActionReport) -> None:
    errors: dict[str, list[str]] = {}
    _full_clean(report, errors, exclude=["reference", "created_by", "commitment", "party"])
    _check_location(report, errors)
    if isinstance(report.action_date, date) and report.action_date > timezone.now().date():
        errors.setdefault("action_date", []).append("The action cannot be in the future.")
    if isinstance(report.quantity, int) and report.quantity < 0:
        errors.setdefault("quantity", []).append("The quantity achieved is at least 0.")
    if errors:
        raise validation_error(errors)


def _action_report_windows(report: ActionReport):
    return report.commitment.kind.windows


def register_action_reports() -> None:
    """Make action reports reviewable by verification's services, sweep and API helpers."""
    from verification.review import Reviewable, register

    register(
        Reviewable(
            model=ActionReport,
            subject_type=ACTION_REPORT,
            noun="action report",
            link="action_report",
            assignment_model=ActionReportAssignment,
            finding_model=ActionReportFinding,
            reply_model=ActionReportReply,
            party_columns=("party", "other_party"),
            select_related=("commitment__kind", "party", "other_party"),
            windows=_action_report_windows,
            validate=action_report_validate,
            summary=lambda r: f"by {r.party.name} on {r.commitment.reference}",
            content_fields=ACTION_REPORT_FIELDS,
            revision_model=ActionReportRevision,
        )
    )


@transaction.atomic
def action_report_create_draft(*, actor, commitment: Commitment, data: dict) -> ActionReport:
    """A draft action report on one of the officer's own party's commitments.

    Raises PERMISSION_DENIED (not an officer), NOT_YOUR_PARTY (the other party's
    commitment) or VALIDATION_ERROR; writes the draft and a `created` audit event.
    """
    _require_officer(actor)
    if actor.party_id != commitment.party_id:
        raise ServiceError(
            CommonError.NOT_YOUR_PARTY, "Your party reports actions on its own commitments only."
        )
    _unknown_fields(data, ACTION_REPORT_FIELDS)
    other = Party.objects.exclude(pk=commitment.party_id).order_by("pk").first()
    report = ActionReport(
        commitment=commitment, party_id=commitment.party_id, other_party=other, created_by=actor
    )
    for name, value in data.items():
        setattr(report, name, value)
    action_report_validate(report)
    report.reference = next_reference(prefix="ACT", party=actor.party, year=timezone.now().year)
    report.save()
    _audit(
        report,
        subject_type=ACTION_REPORT,
        actor=actor,
        action="created",
        to_status=report.status,
        payload={"commitment": commitment.reference, "quantity": report.quantity},
    )
    return report


def action_report_submit(*, actor, report: ActionReport) -> ActionReport:
    """Submit a draft for review: the claims' review (verification.services.claim_submit),
    which freezes it, starts its clocks and assigns a reviewer per co-chair."""
    return review.claim_submit(actor=actor, incident=report)


def action_report_withdraw(*, actor, report: ActionReport, reason: str = "") -> ActionReport:
    """Withdraw, under the claims' rule: until the first finding is recorded."""
    return review.claim_withdraw(actor=actor, incident=report, reason=reason)


@transaction.atomic
def action_evidence_add(
    *, user, report: ActionReport, upload, visibility: str = Visibility.PARTIES, description=""
) -> ActionReportEvidence:
    """Attach one file to the officer's own party's action report (not once withdrawn), or
    to the other party's while it is in review (the contest's evidence).

    Locks the report, then the claims' one store (evidence.services.evidence_store):
    size, type from the bytes, SHA-256, a random stored name, one `evidence_added` event.
    Raises PERMISSION_DENIED, NOT_YOUR_PARTY, ILLEGAL_TRANSITION, VALIDATION_ERROR,
    FILE_TOO_LARGE or UNSUPPORTED_FILE_TYPE."""
    _require_officer(user)
    report = ActionReport.objects.select_for_update().get(pk=report.pk)
    # The other party brings its own evidence when it contests, while the report is in review.
    contesting = report.other_party_id == user.party_id and report.status in (
        Status.UNDER_REVIEW,
        Status.DISPUTED,
    )
    if report.party_id != user.party_id and not contesting:
        raise ServiceError(
            CommonError.NOT_YOUR_PARTY,
            "Your party adds evidence to its own action reports, or to the other party's "
            "while contesting them in review.",
        )
    if report.status == Status.WITHDRAWN:
        raise ServiceError(CommonError.ILLEGAL_TRANSITION, "The action report was withdrawn.")
    return evidence_store(
        model=ActionReportEvidence,
        subject=report,
        user=user,
        upload=upload,
        visibility=visibility,
        description=description,
    )


# --- referrals ----------------------------------------------------------------------------


def _check_referral_transition(action: str, status: str) -> ReferralStatus:
    sources, target = REFERRAL_TRANSITIONS[action]
    if status not in sources:
        raise ServiceError(
            CommonError.ILLEGAL_TRANSITION,
            f"Cannot {action} a referral that is {ReferralStatus(status).label.lower()}.",
        )
    return target


@transaction.atomic
def referral_create(*, actor, data: dict) -> Referral:
    """An officer passes information from their own party to another party. Both clocks
    start now, from the urgency's windows.

    Raises PERMISSION_DENIED or VALIDATION_ERROR (including a referral to one's own
    party); writes the referral and a `sent` event; notifies the receiving party."""
    _require_officer(actor)
    _unknown_fields(data, REFERRAL_FIELDS)
    now = timezone.now()
    referral = Referral(from_party=actor.party, created_by=actor, sent_at=now, **data)
    errors: dict[str, list[str]] = {}
    if referral.urgency_id:
        referral.acknowledge_due_at = now + referral.urgency.acknowledge_window
        referral.action_due_at = now + referral.urgency.action_window
    _full_clean(
        referral,
        errors,
        exclude=["reference", "created_by", "from_party", "acknowledge_due_at", "action_due_at"],
    )
    if referral.to_party_id and referral.to_party_id == actor.party_id:
        errors.setdefault("to_party", []).append("Refer to the other party, not your own.")
    _check_location(referral, errors)
    if errors:
        raise validation_error(errors)
    referral.reference = next_reference(prefix="REF", party=actor.party, year=now.year)
    referral.save()
    _audit(
        referral,
        subject_type=REFERRAL,
        actor=actor,
        action="sent",
        to_status=referral.status,
        payload={
            "to_party": referral.to_party.code,
            "urgency": referral.urgency.code,
            "acknowledge_due_at": referral.acknowledge_due_at,
            "action_due_at": referral.action_due_at,
        },
    )
    notifications.notify(
        notifications.people_of_party(referral.to_party_id),
        kind="referral_received",
        title=f"{referral.urgency.label} referral {referral.reference}: acknowledge by "
        f"{referral.acknowledge_due_at:%Y-%m-%d %H:%M} UTC",
        subject_type=REFERRAL,
        subject_ref=referral.reference,
    )
    return referral


def _lock_referral(referral: Referral) -> Referral:
    return (
        Referral.objects.select_for_update(of=("self",))
        .select_related("from_party", "to_party", "urgency")
        .get(pk=referral.pk)
    )


def _require_receiving_officer(actor, referral: Referral):
    _require_officer(actor)
    if actor.party_id != referral.to_party_id:
        raise ServiceError(CommonError.NOT_YOUR_PARTY, "Only the receiving party may do this.")


def referral_acknowledge(*, actor, referral: Referral) -> Referral:
    """The receiving party acknowledges the referral (late is recorded as late).

    Locks the referral; writes `acknowledged`; raises NOT_YOUR_PARTY or ILLEGAL_TRANSITION."""
    with transaction.atomic():
        referral = _lock_referral(referral)
        _require_receiving_officer(actor, referral)
        before = referral.status
        referral.status = _check_referral_transition("acknowledge", before)
        referral.acknowledged_at = timezone.now()
        referral.acknowledged_by = actor
        referral.save()
        _audit(
            referral,
            subject_type=REFERRAL,
            actor=actor,
            action="acknowledged",
            from_status=before,
            to_status=referral.status,
            payload={"late": referral.acknowledged_at > referral.acknowledge_due_at},
        )
        notifications.notify(
            notifications.people_of_party(referral.from_party_id),
            kind="referral_acknowledged",
            title=f"{referral.to_party.name} acknowledged referral {referral.reference}",
            subject_type=REFERRAL,
            subject_ref=referral.reference,
        )
        return referral


def referral_respond(
    *, actor, referral: Referral, action_report: ActionReport | None = None, answer: str = ""
) -> Referral:
    """The receiving party's response: an action report of its own (not withdrawn), or
    a reasoned answer; never both. Responding also acknowledges an unacknowledged referral.

    Locks the referral; writes `responded`; raises NOT_YOUR_PARTY, ILLEGAL_TRANSITION
    or VALIDATION_ERROR."""
    answer = (answer or "").strip()
    errors = {}
    if action_report is None and not answer:
        errors["answer"] = "Link an action report, or give a reasoned answer."
    elif action_report is not None and answer:
        errors["answer"] = "Link an action report or give an answer, not both."
    elif len(answer) > 5000:
        errors["answer"] = "At most 5000 characters."
    with transaction.atomic():
        referral = _lock_referral(referral)
        _require_receiving_officer(actor, referral)
        before = referral.status
        referral.status = _check_referral_transition("respond", before)
        if action_report is not None and (
            action_report.party_id != referral.to_party_id
            or action_report.status == Status.WITHDRAWN
        ):
            errors["action_report"] = "Link one of your party's action reports, not withdrawn."
        if errors:
            raise validation_error(errors)
        now = timezone.now()
        if referral.acknowledged_at is None:
            referral.acknowledged_at, referral.acknowledged_by = now, actor
        referral.response_action_report = action_report
        referral.response_answer = answer
        referral.responded_at, referral.responded_by = now, actor
        referral.save()
        _audit(
            referral,
            subject_type=REFERRAL,
            actor=actor,
            action="responded",
            from_status=before,
            to_status=referral.status,
            payload={
                "action_report": action_report.reference if action_report else None,
                "answer": answer,
                "late": now > referral.action_due_at,
            },
        )
        notifications.notify(
            notifications.people_of_party(referral.from_party_id),
            kind="referral_responded",
            title=f"{referral.to_party.name} responded to referral {referral.reference}",
            subject_type=REFERRAL,
            subject_ref=referral.reference,
        )
        return referral


@transaction.atomic
def referral_evidence_add(
    *, user, referral: Referral, upload, visibility: str = Visibility.PARTIES, description=""
) -> ReferralEvidence:
    """Attach one file to a referral: the sending party's officers at any time; the
    receiving party's officers until it has responded (the evidence of its response).
    "Mediators only" files are never served to the other party.

    Locks the referral, then the claims' one store (evidence.services.evidence_store).
    Raises PERMISSION_DENIED, NOT_YOUR_PARTY, ILLEGAL_TRANSITION, VALIDATION_ERROR,
    FILE_TOO_LARGE or UNSUPPORTED_FILE_TYPE."""
    _require_officer(user)
    referral = _lock_referral(referral)
    sending = referral.from_party_id == user.party_id
    receiving = referral.to_party_id == user.party_id
    if not (sending or receiving):
        raise ServiceError(CommonError.NOT_YOUR_PARTY, "This referral is between other parties.")
    if receiving and referral.status == ReferralStatus.RESPONDED:
        raise ServiceError(
            CommonError.ILLEGAL_TRANSITION, "Your party has responded to this referral."
        )
    return evidence_store(
        model=ReferralEvidence,
        subject=referral,
        user=user,
        upload=upload,
        visibility=visibility,
        description=description,
    )


def agenda_entry_decide(*, actor, entry, minutes: str, outcome: str = "", grade: str = ""):
    """Record the meeting's decision on a compliance agenda entry. A disputed action report
    takes the decided outcome through the claims' meeting decision; other entries record
    minutes on their subject's timeline.

    Locks the entry; raises PERMISSION_DENIED, ILLEGAL_TRANSITION (meeting closed),
    ALREADY_RECORDED or VALIDATION_ERROR."""
    from mediators.models import MeetingStatus

    from .models import AgendaEntry

    _require_secretariat(actor)
    with transaction.atomic():
        entry = (
            AgendaEntry.objects.select_for_update(of=("self",))
            .select_related("meeting", "commitment", "referral", "action_report", "penalty_case")
            .get(pk=entry.pk)
        )
        if entry.meeting.status != MeetingStatus.SCHEDULED:
            raise ServiceError(CommonError.ILLEGAL_TRANSITION, "This meeting is closed.")
        if entry.decided_at is not None:
            raise ServiceError(ReviewError.ALREADY_RECORDED, "This item is already decided.")
        minutes = (minutes or "").strip()
        if not minutes:
            raise validation_error({"minutes": "Record the minutes of the decision."})
        report = entry.action_report
        case = entry.penalty_case
        if case is not None and outcome:
            from .penalties.services import penalty_decide_at_meeting

            penalty_decide_at_meeting(
                actor=actor, case=case, meeting=entry.meeting, outcome=outcome, minutes=minutes
            )
        elif report is not None and report.status == Status.DISPUTED:
            review.claim_decide_at_meeting(
                actor=actor,
                incident=report,
                outcome=outcome,
                grade=grade,
                minutes=minutes,
                meeting_label=str(entry.meeting),
            )
        elif outcome:
            raise validation_error(
                {
                    "outcome": "Only a disputed action report or a split or appealed penalty "
                    "takes an outcome at the meeting."
                }
            )
        else:
            subject = entry.commitment or entry.referral or report or case
            subject_type = (
                COMMITMENT
                if entry.commitment
                else REFERRAL
                if entry.referral
                else ACTION_REPORT
                if report
                else "penalty_case"
            )
            _audit(
                subject,
                subject_type=subject_type,
                actor=actor,
                action="meeting_minutes",
                from_status=getattr(subject, "status", ""),
                to_status=getattr(subject, "status", ""),
                payload={"meeting": entry.meeting_id, "minutes": minutes},
            )
        entry.minutes = minutes
        entry.decided_by = actor
        entry.decided_at = timezone.now()
        entry.save()
        return entry
