"""Writes to claims and evidence. Each function says what it locks, writes and raises."""

import logging
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Party, Role
from audit.services import audit_record
from core.errors import CommonError, ServiceError, validation_error
from core.references import next_number
from evidence.models import Visibility
from evidence.services import evidence_store
from translations.languages import author_language
from verification.services import review_update_draft
from verification.statuses import Status

from .models import CASUALTY_FIELDS, Category, Evidence, Incident, ReferenceSequence

SUBJECT_TYPE = "incident"
log = logging.getLogger(__name__)

CONTENT_FIELDS = (
    "accused_party",
    "alleged_actor",
    "category",
    "occurred_at",
    "time_precision",
    "latitude",
    "longitude",
    "place_name",
    "province",
    "district",
    "border_sector",
    "geo_precision",
    "narrative",
    "narrative_language",
    "sources",
    *(f"{name}_{bound}" for name in CASUALTY_FIELDS for bound in ("low", "high")),
)


def next_reference(*, party: Party, year: int) -> str:
    """Hand out the next `PAK-2025-00042` for this party and year, without races (the
    sequence row stays locked until the caller's transaction ends)."""
    number = next_number(ReferenceSequence, party_id=party.pk, year=year)
    return f"{party.code}-{year}-{number:05d}"


def _in_region(party: Party, lat, lon) -> bool:
    return party.min_latitude <= lat <= party.max_latitude and (
        party.min_longitude <= lon <= party.max_longitude
    )


def incident_validate(incident: Incident) -> None:
    """Model validation plus the rules that span fields. Raises VALIDATION_ERROR with fields."""
    errors: dict[str, list[str]] = {}
    # The database's check constraints on what a filer gives (parties, coordinates,
    # casualty ranges) are checked here field by field, with messages that name the field,
    # or by the fields' own validators; the rest bind the workflow's columns, which only
    # services set. Django's own check of each constraint is a query apiece (twelve per
    # validation, two validations a filing): left to the database, which enforces them.
    try:
        incident.full_clean(
            exclude=["reference", "created_by"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if incident.reporting_party_id and incident.reporting_party_id == incident.accused_party_id:
        errors.setdefault("accused_party", []).append(
            _("The accused party must differ from the reporting party.")
        )
    now = timezone.now()
    if isinstance(incident.occurred_at, datetime) and incident.occurred_at > now:
        errors.setdefault("occurred_at", []).append(_("The incident cannot be in the future."))
    if (
        isinstance(incident.occurred_at, datetime)
        and isinstance(incident.reported_at, datetime)
        and incident.occurred_at > incident.reported_at
    ):
        errors.setdefault("occurred_at", []).append(_("The incident cannot follow its report."))
    for name in CASUALTY_FIELDS:
        low, high = getattr(incident, f"{name}_low"), getattr(incident, f"{name}_high")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            errors.setdefault(f"{name}_high", []).append(
                _("The high estimate cannot be below the low estimate.")
            )
    if "latitude" not in errors and "longitude" not in errors and incident.accused_party_id:
        parties = [p for p in (incident.reporting_party, incident.accused_party) if p is not None]
        if not any(_in_region(p, incident.latitude, incident.longitude) for p in parties):
            errors.setdefault("latitude", []).append(
                _("The location lies outside the region of the two parties.")
            )
    if (
        incident.category_id
        and incident.is_draft
        and not Category.objects.filter(pk=incident.category_id, is_current=True).exists()
    ):
        errors.setdefault("category", []).append(_("This category version has been replaced."))
    if errors:
        raise validation_error(errors)


def _require_officer(user) -> None:
    if not user.is_authenticated or user.role != Role.OFFICER:
        raise ServiceError(
            CommonError.PERMISSION_DENIED, _("Only delegation officers file claims.")
        )


@transaction.atomic
def incident_create_draft(*, officer, data: dict) -> Incident:
    """Create a draft for the officer's own party (never a party taken from the input),
    its narrative in the language the input names, else the officer's own.

    Writes the claim and one `created` audit event; raises PERMISSION_DENIED or
    VALIDATION_ERROR and writes nothing then.
    """
    _require_officer(officer)
    unknown = set(data) - set(CONTENT_FIELDS)
    if unknown:
        raise validation_error(dict.fromkeys(sorted(unknown), _("Unknown field.")))
    # A narrative is taken to be in its author's language unless the input says otherwise.
    data = {
        **data,
        "narrative_language": data.get("narrative_language") or author_language(officer),
    }
    now = timezone.now()
    incident = Incident(reporting_party=officer.party, created_by=officer, reported_at=now, **data)
    incident_validate(incident)
    incident.reference = next_reference(party=officer.party, year=now.year)
    incident.save()
    audit_record(
        actor=officer,
        action="created",
        subject_type=SUBJECT_TYPE,
        subject_id=incident.pk,
        subject_ref=incident.reference,
        to_status=incident.status,
    )
    return incident


def incident_update_draft(
    *, officer, incident: Incident, data: dict, expected_version: int | None = None
) -> Incident:
    """Change a draft of the officer's own party: the review's one draft edit
    (verification.services.review_update_draft), which serves action reports too.

    Locks the claim row; refuses NOT_YOUR_PARTY, ILLEGAL_TRANSITION (not a draft),
    STALE_VERSION (someone else saved first) or VALIDATION_ERROR. Writes one audit event.
    """
    _require_officer(officer)
    return review_update_draft(
        actor=officer, record=incident, data=data, expected_version=expected_version
    )


@transaction.atomic
def evidence_add(
    *,
    user,
    incident: Incident,
    upload,
    visibility: str = Visibility.PARTIES,
    description="",
    graphic=False,
    strip_location=False,
) -> Evidence:
    """Attach one file to a claim: the reporting party's officers at any status but
    withdrawn; the accused party's officers while the claim is in review (their reply).

    Locks the claim, then evidence_store: checks, SHA-256, random name, one
    `evidence_added` event. Raises PERMISSION_DENIED, ILLEGAL_TRANSITION, NOT_YOUR_PARTY,
    VALIDATION_ERROR, FILE_TOO_LARGE, UNSUPPORTED_FILE_TYPE or LOCATION_NOT_REMOVABLE.
    """
    if user.role != Role.OFFICER:
        raise ServiceError(
            CommonError.PERMISSION_DENIED, _("Only delegation officers add evidence.")
        )
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == Status.WITHDRAWN:
        raise ServiceError(CommonError.ILLEGAL_TRANSITION, _("The claim was withdrawn."))
    reporting = incident.reporting_party_id == user.party_id
    # The accused party brings its own evidence with its reply, while the claim is in review.
    replying = incident.accused_party_id == user.party_id and incident.status in (
        Status.UNDER_REVIEW,
        Status.DISPUTED,
    )
    if not (reporting or replying):
        raise ServiceError(
            CommonError.NOT_YOUR_PARTY,
            _(
                "Your party adds evidence to its own claims, or to claims against it while they are in review."
            ),
        )
    return evidence_store(
        model=Evidence,
        subject=incident,
        user=user,
        upload=upload,
        visibility=visibility,
        description=description,
        graphic=graphic,
        strip_location=strip_location,
    )


def category_new_version(*, category: Category, **changes) -> Category:
    """Replace the current version of a category with a new one; claims keep the old."""
    with transaction.atomic():
        current = Category.objects.select_for_update().get(pk=category.pk, is_current=True)
        Category.objects.filter(pk=current.pk).update(is_current=False)
        fields = {
            f.name: getattr(current, f.name)
            for f in Category._meta.concrete_fields
            if f.name not in ("id", "version", "is_current", "created_at")
        }
        fields.update(changes)
        return Category.objects.create(version=current.version + 1, is_current=True, **fields)
