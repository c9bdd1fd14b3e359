"""Helpers the compliance services share: references, audit events, guards and the
checks every record's input goes through."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import Party
from accounts.permissions import is_officer, is_secretariat
from audit.services import audit_record
from core.errors import validation_error
from core.permissions import guard
from core.references import next_number

from .models import ReferenceSequence


def next_reference(*, prefix: str, party: Party, year: int) -> str:
    """Hand out the next `CMT-AFG-2025-0007` for this kind of record, party and year,
    without races (the sequence row stays locked until the caller's transaction ends)."""
    number = next_number(ReferenceSequence, prefix=prefix, party_id=party.pk, year=year)
    return f"{prefix}-{party.code}-{year}-{number:04d}"


def audit_event(obj, *, subject_type, actor, action, from_status="", to_status="", payload=None):
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


def require_secretariat(actor):
    guard(is_secretariat, actor, detail=_("Only the secretariat may do this."))


def require_officer(actor):
    guard(is_officer, actor, detail=_("Only delegation officers may do this."))


def reject_unknown_fields(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise validation_error(dict.fromkeys(sorted(unknown), _("Unknown field.")))


def full_clean_into(obj, errors: dict, *, exclude) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)


def check_location(obj, errors: dict) -> None:
    """An optional location, validated like a claim's: both coordinates or none, and
    within the region of the parties."""
    lat, lon = obj.latitude, obj.longitude
    if lat is None and lon is None:
        return
    if lat is None or lon is None:
        errors.setdefault("latitude" if lat is None else "longitude", []).append(
            _("Give both coordinates, or neither.")
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
            _("The location lies outside the region of the two parties.")
        )
