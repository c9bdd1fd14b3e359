"""Writes to the catalogue of penalty measures, by the secretariat."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Role
from core.changes import record_change, record_snapshot_stored
from core.errors import CommonError, ServiceError, validation_error

from .models import PenaltyMeasure

# The subject type of this catalogue's events before they carried the record before and
# after; new ones are `compliance.penaltymeasure` (audit.changes).
PENALTY_MEASURE = "penalty_measure"
MEASURE_FIELDS = ("code", "label", "description", "is_active", "appeal_days")


def _measure_save(*, actor, measure: PenaltyMeasure, data: dict) -> PenaltyMeasure:
    if actor.role != Role.SECRETARIAT:
        raise ServiceError(
            CommonError.PERMISSION_DENIED, _("Only the secretariat manages the penalty measures.")
        )
    unknown = set(data) - set(MEASURE_FIELDS)
    if unknown:
        raise validation_error(dict.fromkeys(sorted(unknown), _("Unknown field.")))
    before = record_snapshot_stored(measure)
    for name, value in data.items():
        setattr(measure, name, value)
    try:
        measure.full_clean()
    except ValidationError as exc:
        raise validation_error(exc.message_dict) from exc
    measure.save()
    record_change(
        actor=actor,
        instance=measure,
        before=before,
        after=record_snapshot_stored(measure),
        via="service",
    )
    return measure


@transaction.atomic
def penalty_measure_create(*, actor, data: dict) -> PenaltyMeasure:
    """Add a measure to the catalogue. Secretariat only (PERMISSION_DENIED); a duplicate
    code or a window under a day is VALIDATION_ERROR. Writes a `record_created` audit event
    with the measure as created (core.changes)."""
    return _measure_save(actor=actor, measure=PenaltyMeasure(), data=data)


@transaction.atomic
def penalty_measure_update(*, actor, measure: PenaltyMeasure, data: dict) -> PenaltyMeasure:
    """Change a measure. Cases already open keep the window they were given on approval.
    Locks the measure; writes a `record_changed` audit event
    with the measure before and after (nothing if nothing changed)."""
    measure = PenaltyMeasure.objects.select_for_update().get(pk=measure.pk)
    return _measure_save(actor=actor, measure=measure, data=data)
