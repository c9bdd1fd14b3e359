"""Writes for appeals: the party found against files one, adds new evidence to it, and the
review meeting upholds or overturns the finding. Guard → lock the claim → change → audit
event on the claim → notifications, as every review transition.

The grounds stay off the hash-chained trail's payloads (the events carry their SHA-256):
observers read a claim's events, and may not read an appeal's grounds before it is decided.
"""

import hashlib
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import notifications.services as notifications
from accounts.permissions import is_officer, is_secretariat
from core.errors import ServiceError, validation_error
from core.permissions import guard
from core.text import clean_text
from evidence.models import Visibility
from evidence.services import evidence_store
from verification.services.common import _assigned_reviewers, _audit, _lock
from verification.statuses import Outcome, Status
from verification.workflow import check_transition

from .error_codes import AppealError
from .models import GROUNDS_LIMIT, Appeal, AppealEvidence, AppealStatus
from .permissions import (
    APPEALABLE,
    appeal_due_at,
    can_add_appeal_evidence,
    party_found_against,
)

# What the meeting may decide on an appeal.
UPHOLD, OVERTURN = "uphold", "overturn"
DECISIONS = {UPHOLD: AppealStatus.UPHELD, OVERTURN: AppealStatus.OVERTURNED}
OVERTURNED_OUTCOME = {
    Outcome.VERIFIED: Outcome.NOT_VERIFIED,
    Outcome.NOT_VERIFIED: Outcome.VERIFIED,
}

# Called as hook(appeal=, actor=) inside the filing transaction: the review meetings
# (mediators, a higher layer) put a new appeal on the next meeting's agenda.
FILED_HOOKS: list[Callable] = []


def register_filed_hook(hook: Callable) -> None:
    if hook not in FILED_HOOKS:
        FILED_HOOKS.append(hook)


def _clean_text(value, field: str, *, required: str, errors: dict) -> str:
    try:
        value = clean_text((value or "").strip())
    except ValidationError as exc:
        errors[field] = list(exc.messages)
        return ""
    if not value:
        errors[field] = [required]
    elif len(value) > GROUNDS_LIMIT:
        errors[field] = [_("At most %(limit)s characters.") % {"limit": GROUNDS_LIMIT}]
    return value


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _notify(incident, *, kind: str, params: dict) -> None:
    notifications.notify(
        notifications.people_of_party(incident.reporting_party_id)
        + notifications.people_of_party(incident.accused_party_id)
        + _assigned_reviewers(incident)
        + notifications.secretariat_people(),
        kind=kind,
        params={"reference": incident.reference, **params},
        subject_type="incident",
        subject_ref=incident.reference,
    )


def appeal_file(*, actor, incident, grounds: str) -> Appeal:
    """The party found against appeals the claim's final finding, once, before the window
    closes (`closed_at` plus the category's `appeal_days`; at that instant it is closed),
    on its grounds; new files follow through appeal_evidence_add.

    Locks the claim; creates the appeal and sets the claim's `appeal_status` to pending;
    writes `appeal_filed` (grounds as their SHA-256);
    puts the appeal on the next open meeting's agenda (FILED_HOOKS); notifies both
    parties, the claim's reviewers and the secretariat. Raises PERMISSION_DENIED (not an
    officer), APPEAL_NOT_APPEALABLE (no final finding), APPEAL_NOT_YOUR_PARTY,
    APPEAL_ALREADY_FILED, APPEAL_WINDOW_CLOSED or VALIDATION_ERROR; nothing is written
    when any is raised."""
    guard(is_officer, actor, detail=_("Only delegation officers appeal."))
    errors: dict[str, list[str]] = {}
    grounds = _clean_text(
        grounds, "grounds", required=_("Give the grounds of the appeal."), errors=errors
    )
    with transaction.atomic():
        incident = _lock(incident)
        if incident.status not in APPEALABLE:
            raise ServiceError(
                AppealError.APPEAL_NOT_APPEALABLE,
                _("Only a final finding (verified or not verified) may be appealed."),
            )
        if actor.party_id != party_found_against(incident):
            raise ServiceError(
                AppealError.APPEAL_NOT_YOUR_PARTY,
                _("Only the party the finding went against may appeal it."),
            )
        if Appeal.objects.filter(incident=incident).exists():
            raise ServiceError(
                AppealError.APPEAL_ALREADY_FILED, _("This finding was already appealed.")
            )
        now, due = timezone.now(), appeal_due_at(incident)
        if now >= due:
            raise ServiceError(
                AppealError.APPEAL_WINDOW_CLOSED,
                _("The appeal window closed at %(due)s UTC.") % {"due": f"{due:%Y-%m-%d %H:%M}"},
            )
        if errors:
            raise validation_error(errors)
        appeal = Appeal.objects.create(
            incident=incident,
            party_id=actor.party_id,
            appealed_outcome=incident.outcome,
            grounds=grounds,
            filed_by=actor,
            filed_at=now,
        )
        incident.appeal_status = AppealStatus.PENDING
        incident.save(update_fields=["appeal_status", "updated_at"])
        _audit(
            incident,
            actor=actor,
            action="appeal_filed",
            from_status=incident.status,
            payload={
                "appeal": appeal.pk,
                "party": actor.party.code,
                "appealed_outcome": incident.outcome,
                "grounds_sha256": _digest(grounds),
                "appeal_due_at": due.isoformat(),
            },
        )
        for hook in FILED_HOOKS:
            hook(appeal=appeal, actor=actor)
        _notify(
            incident,
            kind="appeal_filed",
            params={"party": actor.party.name},
        )
        return appeal


def appeal_evidence_add(
    *,
    user,
    appeal: Appeal,
    upload,
    visibility: str = Visibility.PARTIES,
    description: str = "",
    graphic: bool = False,
    strip_location: bool = False,
) -> AppealEvidence:
    """Add one new file to a pending appeal: the appealing party's officers only.

    Locks the claim, then evidence_store (checks, SHA-256, `evidence_added` on the appeal).
    Raises PERMISSION_DENIED, APPEAL_NOT_YOUR_PARTY, APPEAL_ALREADY_DECIDED or an evidence
    refusal."""
    guard(is_officer, user, detail=_("Only delegation officers add evidence."))
    with transaction.atomic():
        _lock(appeal.incident)
        appeal = Appeal.objects.select_related("incident").get(pk=appeal.pk)
        if user.party_id != appeal.party_id:
            raise ServiceError(
                AppealError.APPEAL_NOT_YOUR_PARTY, _("Only the appealing party adds evidence.")
            )
        if not can_add_appeal_evidence.test(user, appeal):
            raise ServiceError(AppealError.APPEAL_ALREADY_DECIDED, _("This appeal is decided."))
        return evidence_store(
            model=AppealEvidence,
            subject=appeal,
            user=user,
            upload=upload,
            visibility=visibility,
            description=description,
            graphic=graphic,
            strip_location=strip_location,
        )


def appeal_decide(*, actor, appeal: Appeal, decision: str, minutes: str, meeting_label: str):
    """Record the review meeting's decision on an appeal: `uphold` leaves the finding;
    `overturn` turns it (verified ↔ not verified). The first findings and the `decided`
    or `meeting_decision` event stay as they were; the claim shows both.

    Locks the claim, then the appeal; writes `appeal_upheld` or `appeal_overturned` (from
    and to status, the minutes, the meeting); notifies both parties, the claim's reviewers
    and the secretariat. Raises PERMISSION_DENIED (only the secretariat),
    APPEAL_ALREADY_DECIDED or VALIDATION_ERROR."""
    guard(is_secretariat, actor, detail=_("Only the secretariat records meeting decisions."))
    errors: dict[str, list[str]] = {}
    if decision not in DECISIONS:
        errors["appeal_decision"] = [
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(DECISIONS)}
        ]
    minutes = _clean_text(
        minutes, "minutes", required=_("Record the minutes of the decision."), errors=errors
    )
    with transaction.atomic():
        incident = _lock(appeal.incident)
        appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if appeal.status != AppealStatus.PENDING:
            raise ServiceError(AppealError.APPEAL_ALREADY_DECIDED, _("This appeal is decided."))
        if errors:
            raise validation_error(errors)
        now, before = timezone.now(), incident.status
        appeal.status = DECISIONS[decision]
        appeal.minutes, appeal.meeting = minutes, meeting_label[:250]
        appeal.decided_by, appeal.decided_at = actor, now
        appeal.save()
        incident.appeal_status = appeal.status
        payload = {"appeal": appeal.pk, "minutes": minutes, "meeting": meeting_label}
        if decision == OVERTURN:
            outcome = OVERTURNED_OUTCOME[incident.outcome]
            check_transition("overturn_on_appeal", before, Status(outcome))
            incident.status, incident.outcome = Status(outcome), outcome
            payload["outcome"] = outcome
            # Intent is said of verified violations only: an overturned one keeps its
            # co-chairs' intents on its findings and the trail, not on the record; one
            # verified on appeal has none recorded (the meeting decided the outcome only).
            if incident.intent:
                payload["intent_before"] = incident.intent
            incident.intent = ""
        incident.save(update_fields=["status", "outcome", "intent", "appeal_status", "updated_at"])
        _audit(
            incident,
            actor=actor,
            action=f"appeal_{appeal.status}",
            from_status=before,
            payload=payload,
        )
        _notify(
            incident,
            kind=f"appeal_{appeal.status}",
            params={"decision": appeal.status, "status": incident.status},
        )
        return appeal
