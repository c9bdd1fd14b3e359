"""Writes to access denials: guard → lock the claim → change → audit event → notifications.
The API, the pages and the demo call these."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import CommonError, ServiceError, validation_error
from core.permissions import guard
from core.references import next_number
from core.text import clean_text
from evidence.models import Visibility
from evidence.services import evidence_store
from notifications import services as notifications
from verification.services import findings_clock_pause, findings_clock_resume
from verification.services.common import _assigned_reviewers, _lock

from ..models import Incident
from .error_codes import DenialError
from .models import AccessDenial, AccessDenialEvidence, AccessDenialSequence
from .permissions import DENIAL_STATUSES, can_grant_access, may_act_on_denial, may_record_denials

SUBJECT_TYPE = "access_denial"
DENIAL_FIELDS = (
    "denying_party",
    "began_at",
    "latitude",
    "longitude",
    "place_name",
    "denied_by",
    "refused",
)


def _reference(party, year: int) -> str:
    number = next_number(AccessDenialSequence, party_id=party.pk, year=year)
    return f"DEN-{party.code}-{year}-{number:04d}"


def _state(denial: AccessDenial) -> str:
    return "open" if denial.ended_at is None else "ended"


def _audit(denial: AccessDenial, *, actor, action: str, from_state: str, payload: dict) -> None:
    audit_record(
        actor=actor,
        action=action,
        subject_type=SUBJECT_TYPE,
        subject_id=denial.pk,
        subject_ref=denial.reference,
        from_status=from_state,
        to_status=_state(denial),
        payload=payload,
    )


def _notify(denial: AccessDenial, incident: Incident, *, kind: str, params: dict) -> None:
    """Both parties' officers, the claim's reviewers and the secretariat."""
    people = [
        *notifications.people_of_party(incident.reporting_party_id),
        *notifications.people_of_party(incident.accused_party_id),
        *_assigned_reviewers(incident),
        *notifications.secretariat_people(),
    ]
    notifications.notify(
        people, kind=kind, params=params, subject_type=SUBJECT_TYPE, subject_ref=denial.reference
    )


def _validate(denial: AccessDenial, incident: Incident, now: datetime) -> None:
    """Model validation and the rules across fields; VALIDATION_ERROR with every field."""
    errors: dict[str, list[str]] = {}
    for name in ("place_name", "denied_by", "refused"):
        try:
            setattr(denial, name, clean_text(getattr(denial, name) or ""))
        except ValidationError as exc:
            errors.setdefault(name, []).extend(exc.messages)
    try:
        denial.full_clean(
            exclude=["reference", "incident", "recorded_by", "granted_by", *errors],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if denial.denying_party_id and denial.denying_party_id not in (
        incident.reporting_party_id,
        incident.accused_party_id,
    ):
        errors.setdefault("denying_party", []).append(_("Name one of the claim's two parties."))
    if isinstance(denial.began_at, datetime):
        if denial.began_at > now:
            errors.setdefault("began_at", []).append(_("A denial cannot begin in the future."))
        # To the minute: the form's time has no seconds, and a denial in the minute the
        # claim was submitted is one after it (its pause starts at submission).
        elif incident.submitted_at and denial.began_at < incident.submitted_at.replace(
            second=0, microsecond=0
        ):
            errors.setdefault("began_at", []).append(
                _("A denial cannot begin before the claim was submitted.")
            )
    if errors:
        raise validation_error(errors)


def access_denial_record(*, actor, incident: Incident, data: dict) -> AccessDenial:
    """A reviewer assigned to the claim (or the secretariat) records that a party denied
    or restricted the verifiers' access to its site. The claim's findings clock stops at
    the denial's start, unless another open denial already stopped it.

    Locks the claim; writes the denial, `access_denied` on it and `findings_clock_paused`
    on the claim; notifies both parties' officers, the claim's reviewers and the
    secretariat. Raises PERMISSION_DENIED, CLAIM_NOT_IN_REVIEW, DENIAL_ALREADY_OPEN or
    VALIDATION_ERROR; writes nothing when it raises."""
    unknown = set(data) - set(DENIAL_FIELDS)
    if unknown:
        raise validation_error(dict.fromkeys(sorted(unknown), _("Unknown field.")))
    with transaction.atomic():
        incident = _lock(incident)
        guard(
            may_record_denials,
            actor,
            incident,
            detail=_("Only a reviewer assigned to the claim, or the secretariat, records this."),
        )
        if incident.status not in DENIAL_STATUSES:
            raise ServiceError(
                DenialError.CLAIM_NOT_IN_REVIEW, _("Denials are recorded on claims in review.")
            )
        now = timezone.now()
        denial = AccessDenial(incident=incident, recorded_by=actor, recorded_at=now, **data)
        _validate(denial, incident, now)
        if incident.access_denials.open().filter(denying_party=denial.denying_party_id).exists():
            raise ServiceError(
                DenialError.DENIAL_ALREADY_OPEN,
                _("This party's denial on the claim is still open: record access granted first."),
            )
        denial.reference = _reference(denial.denying_party, now.year)
        try:
            with transaction.atomic():
                denial.save()
        except IntegrityError as exc:
            raise ServiceError(
                DenialError.DENIAL_ALREADY_OPEN,
                _("This party's denial on the claim is still open."),
            ) from exc
        paused_at = max(denial.began_at, incident.submitted_at or denial.began_at)
        denial.clock_paused = findings_clock_pause(
            incident, actor=actor, at=paused_at, reason={"access_denial": denial.reference}
        )
        denial.save(update_fields=["clock_paused"])
        _audit(
            denial,
            actor=actor,
            action="access_denied",
            from_state="",
            payload={
                "claim": incident.reference,
                "denying_party": denial.denying_party.code,
                "began_at": denial.began_at,
                "place_name": denial.place_name,
                "denied_by": denial.denied_by,
                "refused": denial.refused,
                "clock_paused": denial.clock_paused,
            },
        )
        _notify(
            denial,
            incident,
            kind="access_denied",
            params={"party": denial.denying_party.name, "reference": incident.reference},
        )
    return denial


def _lock_denial(denial: AccessDenial) -> tuple[AccessDenial, Incident]:
    """The claim first (as every writer to it), then the denial."""
    incident = _lock(denial.incident)
    denial = (
        AccessDenial.objects.select_for_update(of=("self",))
        .select_related("denying_party")
        .get(pk=denial.pk)
    )
    denial.incident = incident
    return denial, incident


def access_denial_grant(*, actor, denial: AccessDenial, ended_at: datetime | None = None):
    """Access was granted at `ended_at` (now when not given). When no other denial on the
    claim is open, its findings clock runs again and the findings deadline moves later by
    the time it stood still.

    Locks the claim, then the denial; writes `access_granted` on the denial and
    `findings_clock_resumed` on the claim; notifies as access_denial_record. Raises
    PERMISSION_DENIED, DENIAL_ALREADY_ENDED or VALIDATION_ERROR."""
    with transaction.atomic():
        denial, incident = _lock_denial(denial)
        guard(
            may_act_on_denial,
            actor,
            denial,
            detail=_("Only a reviewer assigned to the claim, or the secretariat, records this."),
        )
        if not can_grant_access.test(actor, denial):
            raise ServiceError(
                DenialError.DENIAL_ALREADY_ENDED, _("Access was already recorded as granted.")
            )
        now = timezone.now()
        ended_at = ended_at or now
        if ended_at > now:
            raise validation_error({"ended_at": _("Access cannot be granted in the future.")})
        if ended_at < denial.began_at:
            raise validation_error(
                {"ended_at": _("Access cannot be granted before it was denied.")}
            )
        denial.ended_at, denial.granted_by, denial.granted_recorded_at = ended_at, actor, now
        denial.save(update_fields=["ended_at", "granted_by", "granted_recorded_at"])
        paused = None
        if not incident.access_denials.open().exists():
            paused = findings_clock_resume(
                incident, actor=actor, at=ended_at, reason={"access_denial": denial.reference}
            )
        _audit(
            denial,
            actor=actor,
            action="access_granted",
            from_state="open",
            payload={
                "claim": incident.reference,
                "ended_at": ended_at,
                "clock_resumed": paused is not None,
                "findings_due_at": incident.findings_due_at,
            },
        )
        _notify(
            denial,
            incident,
            kind="access_granted",
            params={"reference": incident.reference, "denial": denial.reference},
        )
    return denial


def access_denial_evidence_add(
    *,
    user,
    denial: AccessDenial,
    upload,
    visibility: str = Visibility.PARTIES,
    description="",
    graphic=False,
    strip_location=False,
) -> AccessDenialEvidence:
    """Attach one file to a denial: a reviewer assigned to the claim, or the secretariat.
    Locks the claim and the denial, then the one store (evidence.services.evidence_store).
    Raises PERMISSION_DENIED, VALIDATION_ERROR, FILE_TOO_LARGE, UNSUPPORTED_FILE_TYPE or
    LOCATION_NOT_REMOVABLE."""
    with transaction.atomic():
        denial, _incident = _lock_denial(denial)
        guard(
            may_act_on_denial,
            user,
            denial,
            detail=_("Only a reviewer assigned to the claim, or the secretariat, adds files here."),
            code=CommonError.PERMISSION_DENIED,
        )
        return evidence_store(
            model=AccessDenialEvidence,
            subject=denial,
            user=user,
            upload=upload,
            visibility=visibility,
            description=description,
            graphic=graphic,
            strip_location=strip_location,
        )
