"""Writes to referrals: guard → lock → change → audit event → notifications (emails
after commit). API, browser and admin call these."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.errors import CommonError, ServiceError, validation_error
from core.transitions import Workflow, table
from evidence.models import Visibility
from evidence.services import evidence_store
from notifications import services as notifications
from translations.languages import author_language
from verification.statuses import Status

from ..action_reports.models import ActionReport
from ..common.services import (
    audit_event,
    check_location,
    full_clean_into,
    next_reference,
    reject_unknown_fields,
    require_officer,
)
from .models import Referral, ReferralEvidence, ReferralStatus

REFERRAL = "referral"

REFERRAL_FIELDS = (
    "to_party",
    "subject",
    "latitude",
    "longitude",
    "place_name",
    "requested_action",
    "urgency",
    "narrative_language",
)

# action -> (statuses it may start from, the status it ends in)
R = ReferralStatus
REFERRAL_WORKFLOW = Workflow(
    noun=gettext_noop("referral"),
    statuses=ReferralStatus,
    transitions=table(
        acknowledge=({R.SENT}, {R.ACKNOWLEDGED}),
        respond=({R.SENT, R.ACKNOWLEDGED}, {R.RESPONDED}),
    ),
)


@transaction.atomic
def referral_create(*, actor, data: dict) -> Referral:
    """An officer passes information from their own party to another party. Both clocks
    start now, from the urgency's windows.

    Raises PERMISSION_DENIED or VALIDATION_ERROR (including a referral to one's own
    party); writes the referral and a `sent` event; notifies the receiving party."""
    require_officer(actor)
    reject_unknown_fields(data, REFERRAL_FIELDS)
    now = timezone.now()
    # The text is taken to be in its author's language unless the input says otherwise.
    data = {**data, "narrative_language": data.get("narrative_language") or author_language(actor)}
    referral = Referral(from_party=actor.party, created_by=actor, sent_at=now, **data)
    errors: dict[str, list[str]] = {}
    if referral.urgency_id:
        referral.acknowledge_due_at = now + referral.urgency.acknowledge_window
        referral.action_due_at = now + referral.urgency.action_window
    full_clean_into(
        referral,
        errors,
        exclude=["reference", "created_by", "from_party", "acknowledge_due_at", "action_due_at"],
    )
    if referral.to_party_id and referral.to_party_id == actor.party_id:
        errors.setdefault("to_party", []).append(_("Refer to the other party, not your own."))
    check_location(referral, errors)
    if errors:
        raise validation_error(errors)
    referral.reference = next_reference(prefix="REF", party=actor.party, year=now.year)
    referral.save()
    audit_event(
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
        params={
            "reference": referral.reference,
            "urgency": referral.urgency.label,
            "due": referral.acknowledge_due_at,
        },
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
    require_officer(actor)
    if actor.party_id != referral.to_party_id:
        raise ServiceError(CommonError.NOT_YOUR_PARTY, _("Only the receiving party may do this."))


def referral_acknowledge(*, actor, referral: Referral) -> Referral:
    """The receiving party acknowledges the referral (late is recorded as late).

    Locks the referral; writes `acknowledged`; raises NOT_YOUR_PARTY or ILLEGAL_TRANSITION."""
    with transaction.atomic():
        referral = _lock_referral(referral)
        _require_receiving_officer(actor, referral)
        before = referral.status
        REFERRAL_WORKFLOW.check("acknowledge", before, ReferralStatus.ACKNOWLEDGED)
        referral.status = ReferralStatus.ACKNOWLEDGED
        referral.acknowledged_at = timezone.now()
        referral.acknowledged_by = actor
        referral.save()
        audit_event(
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
            params={"reference": referral.reference, "party": referral.to_party.name},
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
        errors["answer"] = _("Link an action report, or give a reasoned answer.")
    elif action_report is not None and answer:
        errors["answer"] = _("Link an action report or give an answer, not both.")
    elif len(answer) > 5000:
        errors["answer"] = _("At most 5000 characters.")
    with transaction.atomic():
        referral = _lock_referral(referral)
        _require_receiving_officer(actor, referral)
        before = referral.status
        REFERRAL_WORKFLOW.check("respond", before, ReferralStatus.RESPONDED)
        referral.status = ReferralStatus.RESPONDED
        if action_report is not None and (
            action_report.party_id != referral.to_party_id
            or action_report.status == Status.WITHDRAWN
        ):
            errors["action_report"] = _("Link one of your party's action reports, not withdrawn.")
        if errors:
            raise validation_error(errors)
        now = timezone.now()
        if referral.acknowledged_at is None:
            referral.acknowledged_at, referral.acknowledged_by = now, actor
        referral.response_action_report = action_report
        referral.response_answer = answer
        referral.responded_at, referral.responded_by = now, actor
        referral.save()
        audit_event(
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
            params={"reference": referral.reference, "party": referral.to_party.name},
            subject_type=REFERRAL,
            subject_ref=referral.reference,
        )
        return referral


@transaction.atomic
def referral_evidence_add(
    *,
    user,
    referral: Referral,
    upload,
    visibility: str = Visibility.PARTIES,
    description="",
    graphic=False,
    strip_location=False,
) -> ReferralEvidence:
    """Attach one file to a referral: the sending party's officers at any time; the
    receiving party's officers until it has responded (the evidence of its response).
    "Mediators only" files are never served to the other party.

    Locks the referral, then the claims' one store (evidence.services.evidence_store).
    Raises PERMISSION_DENIED, NOT_YOUR_PARTY, ILLEGAL_TRANSITION, VALIDATION_ERROR,
    FILE_TOO_LARGE, UNSUPPORTED_FILE_TYPE or LOCATION_NOT_REMOVABLE."""
    require_officer(user)
    referral = _lock_referral(referral)
    sending = referral.from_party_id == user.party_id
    receiving = referral.to_party_id == user.party_id
    if not (sending or receiving):
        raise ServiceError(CommonError.NOT_YOUR_PARTY, _("This referral is between other parties."))
    if receiving and referral.status == ReferralStatus.RESPONDED:
        raise ServiceError(
            CommonError.ILLEGAL_TRANSITION, _("Your party has responded to this referral.")
        )
    return evidence_store(
        model=ReferralEvidence,
        subject=referral,
        user=user,
        upload=upload,
        visibility=visibility,
        description=description,
        graphic=graphic,
        strip_location=strip_location,
    )
