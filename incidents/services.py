"""Writes to claims and evidence. Each function says what it locks, writes and raises."""

import hashlib
import logging
import tempfile
from datetime import datetime

import magic
from django.apps import apps
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Party, Role
from audit.services import audit_record
from verification.services import review_update_draft
from verification.statuses import Status

from .errors import ErrorCode, ServiceError, validation_error
from .filetypes import claimed_type
from .models import (
    CASUALTY_FIELDS,
    Category,
    Evidence,
    EvidenceBase,
    Incident,
    ReferenceSequence,
    Visibility,
)

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
    "sources",
    *(f"{name}_{bound}" for name in CASUALTY_FIELDS for bound in ("low", "high")),
)


def next_reference(*, party: Party, year: int) -> str:
    """Hand out the next `PAK-2025-00042` for this party and year, without races.

    One upsert statement increments and returns the counter, holding its row lock until
    the caller's transaction ends: two filers can never get the same number.
    """
    table = ReferenceSequence._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (party_id, year, last) VALUES (%s, %s, 1) "  # noqa: S608  # nosec B608  # table name from the model's _meta; values are parameters
            "ON CONFLICT (party_id, year) DO UPDATE SET last = "
            f"{table}.last + 1 RETURNING last",
            [party.pk, year],
        )
        (number,) = cursor.fetchone()
    return f"{party.code}-{year}-{number:05d}"


def _in_region(party: Party, lat, lon) -> bool:
    return party.min_latitude <= lat <= party.max_latitude and (
        party.min_longitude <= lon <= party.max_longitude
    )


def incident_validate(incident: Incident) -> None:
    """Model validation plus the rules that span fields. Raises VALIDATION_ERROR with fields."""
    errors: dict[str, list[str]] = {}
    try:
        incident.full_clean(exclude=["reference", "created_by"], validate_unique=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    # The database's check constraints are re-checked below field by field, with messages
    # that name the field; their own generic messages would only repeat them.
    constraint_only = errors.pop(NON_FIELD_ERRORS, [])
    if incident.reporting_party_id and incident.reporting_party_id == incident.accused_party_id:
        errors.setdefault("accused_party", []).append(
            "The accused party must differ from the reporting party."
        )
    now = timezone.now()
    if isinstance(incident.occurred_at, datetime) and incident.occurred_at > now:
        errors.setdefault("occurred_at", []).append("The incident cannot be in the future.")
    if (
        isinstance(incident.occurred_at, datetime)
        and isinstance(incident.reported_at, datetime)
        and incident.occurred_at > incident.reported_at
    ):
        errors.setdefault("occurred_at", []).append("The incident cannot follow its report.")
    for name in CASUALTY_FIELDS:
        low, high = getattr(incident, f"{name}_low"), getattr(incident, f"{name}_high")
        if isinstance(low, int) and isinstance(high, int) and low > high:
            errors.setdefault(f"{name}_high", []).append(
                "The high estimate cannot be below the low estimate."
            )
    if "latitude" not in errors and "longitude" not in errors and incident.accused_party_id:
        parties = [p for p in (incident.reporting_party, incident.accused_party) if p is not None]
        if not any(_in_region(p, incident.latitude, incident.longitude) for p in parties):
            errors.setdefault("latitude", []).append(
                "The location lies outside the region of the two parties."
            )
    if (
        incident.category_id
        and incident.is_draft
        and not Category.objects.filter(pk=incident.category_id, is_current=True).exists()
    ):
        errors.setdefault("category", []).append("This category version has been replaced.")
    if constraint_only and not errors:
        errors[NON_FIELD_ERRORS] = constraint_only
    if errors:
        raise validation_error(errors)


def _require_officer(user) -> None:
    if not user.is_authenticated or user.role != Role.OFFICER:
        raise ServiceError(ErrorCode.PERMISSION_DENIED, "Only delegation officers file claims.")


@transaction.atomic
def incident_create_draft(*, officer, data: dict) -> Incident:
    """Create a draft for the officer's own party (never a party taken from the input).

    Writes the claim and one `created` audit event; raises PERMISSION_DENIED or
    VALIDATION_ERROR and writes nothing then.
    """
    _require_officer(officer)
    unknown = set(data) - set(CONTENT_FIELDS)
    if unknown:
        raise validation_error(dict.fromkeys(sorted(unknown), "Unknown field."))
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


def sniff_content_type(head: bytes) -> str:
    return magic.from_buffer(head, mime=True)


def evidence_check_file(upload) -> tuple[str, str, int]:
    """Size, type from the bytes, and SHA-256 of an upload. Raises FILE_TOO_LARGE, or
    UNSUPPORTED_FILE_TYPE for a type outside the allow-list or a name whose extension
    claims another accepted type; returns (sha256, content_type, size)."""
    size = upload.size
    if size is None or size > settings.EVIDENCE_MAX_BYTES:
        raise ServiceError(
            ErrorCode.FILE_TOO_LARGE,
            f"Files may be at most {settings.EVIDENCE_MAX_BYTES // (1024 * 1024)} MB.",
            fields={"file": ["File too large."]},
        )
    if size == 0:
        raise validation_error({"file": "The file is empty."})
    upload.seek(0)
    content_type = sniff_content_type(upload.read(8192))
    if content_type not in settings.EVIDENCE_ALLOWED_TYPES:
        raise ServiceError(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            f"Files of type {content_type} are not accepted.",
            fields={"file": [f"Type {content_type} is not allowed."]},
        )
    claimed = claimed_type(upload.name or "", settings.EVIDENCE_ALLOWED_TYPES)
    if claimed is not None and claimed != content_type:
        raise ServiceError(
            ErrorCode.UNSUPPORTED_FILE_TYPE,
            f"The file is named as {claimed} but its content is {content_type}.",
            fields={"file": [f"Named as {claimed}, but the content is {content_type}."]},
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest(), content_type, size


def evidence_store(
    *, model, subject, user, upload, visibility: str = Visibility.PARTIES, description: str = ""
) -> EvidenceBase:
    """Store one file on `subject` as a row of `model` (an EvidenceBase: a claim's,
    an action report's or a referral's evidence). The caller has already locked the
    subject and checked that `user` may add to it; this is the one store for every kind.

    Checks visibility and description, size and type from the bytes (evidence_check_file),
    records SHA-256, stores under a random name and writes one `evidence_added` audit event
    on the subject. If the row or the event cannot be written the stored file is removed
    again, so nothing is half-stored. Runs inside the caller's transaction. Raises
    VALIDATION_ERROR, FILE_TOO_LARGE or UNSUPPORTED_FILE_TYPE."""
    if visibility not in Visibility.values:
        raise validation_error({"visibility": f"Choose one of: {', '.join(Visibility.values)}."})
    if len(description or "") > 500:
        raise validation_error({"description": "At most 500 characters."})
    sha256, content_type, size = evidence_check_file(upload)
    evidence = model(
        **{model.subject_link: subject},
        original_name=(upload.name or "upload")[-255:],
        description=description or "",
        sha256=sha256,
        size=size,
        content_type=content_type,
        visibility=visibility,
        uploaded_by=user,
    )
    evidence.file.save(evidence.stored_name, upload, save=False)
    storage, name = evidence.file.storage, evidence.file.name
    status = getattr(subject, "status", "")
    try:
        evidence.save()
        audit_record(
            actor=user,
            action="evidence_added",
            subject_type=model.subject_type,
            subject_id=subject.pk,
            subject_ref=subject.reference,
            from_status=status,
            to_status=status,
            payload={
                "evidence_id": evidence.pk,
                "sha256": sha256,
                "size": size,
                "content_type": content_type,
                "visibility": visibility,
            },
        )
    except Exception:
        storage.delete(name)
        raise
    return evidence


@transaction.atomic
def evidence_add(
    *, user, incident: Incident, upload, visibility: str = Visibility.PARTIES, description=""
) -> Evidence:
    """Attach one file to a claim: the reporting party's officers at any status but
    withdrawn; the accused party's officers while the claim is in review (their reply).

    Locks the claim, then evidence_store: checks, SHA-256, random name, one
    `evidence_added` event. Raises PERMISSION_DENIED, ILLEGAL_TRANSITION, NOT_YOUR_PARTY,
    VALIDATION_ERROR, FILE_TOO_LARGE or UNSUPPORTED_FILE_TYPE.
    """
    if user.role != Role.OFFICER:
        raise ServiceError(ErrorCode.PERMISSION_DENIED, "Only delegation officers add evidence.")
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == Status.WITHDRAWN:
        raise ServiceError(ErrorCode.ILLEGAL_TRANSITION, "The claim was withdrawn.")
    reporting = incident.reporting_party_id == user.party_id
    # The accused party brings its own evidence with its reply, while the claim is in review.
    replying = incident.accused_party_id == user.party_id and incident.status in (
        Status.UNDER_REVIEW,
        Status.DISPUTED,
    )
    if not (reporting or replying):
        raise ServiceError(
            ErrorCode.NOT_YOUR_PARTY,
            "Your party adds evidence to its own claims, or to claims against it while they are in review.",
        )
    return evidence_store(
        model=Evidence,
        subject=incident,
        user=user,
        upload=upload,
        visibility=visibility,
        description=description,
    )


# Files up to this size are checked and served from memory, larger ones from a temp file.
_VERIFIED_IN_MEMORY = 1024 * 1024


def evidence_open_verified(*, user, evidence: EvidenceBase):
    """The stored file's bytes, but only if they still hash to the SHA-256 recorded at
    upload, for any kind of evidence. Returns an open temporary copy positioned at the
    start: what is served is exactly what was checked, even if the stored file changes
    meanwhile.

    On a mismatch (or a missing file) nothing is served: it logs an error, writes one
    `evidence_integrity_failed` audit event on the file's record (committed) and raises
    EVIDENCE_INTEGRITY_FAILED. The caller has already checked that `user` may download.
    """
    # Not a with-block: the copy is handed to the response, which closes it.
    copy = tempfile.SpooledTemporaryFile(max_size=_VERIFIED_IN_MEMORY)  # noqa: SIM115
    digest = hashlib.sha256()
    try:
        with evidence.file.open("rb") as stored:
            for chunk in stored.chunks():
                digest.update(chunk)
                copy.write(chunk)
        actual = digest.hexdigest()
    except FileNotFoundError:
        actual = "missing"
    if actual == evidence.sha256:
        copy.seek(0)
        return copy
    copy.close()
    subject = evidence.subject
    log.error(
        "Evidence %s of %s fails its integrity check: recorded %s, stored file %s.",
        evidence.pk,
        subject.reference,
        evidence.sha256,
        actual,
    )
    with transaction.atomic():
        audit_record(
            actor=user,
            action="evidence_integrity_failed",
            subject_type=evidence.subject_type,
            subject_id=subject.pk,
            subject_ref=subject.reference,
            payload={"evidence_id": evidence.pk, "recorded": evidence.sha256, "found": actual},
        )
    raise ServiceError(
        ErrorCode.EVIDENCE_INTEGRITY_FAILED,
        "This file no longer matches the fingerprint recorded when it was uploaded; "
        "it was not served and the failure has been recorded.",
    )


def evidence_models() -> list[type[EvidenceBase]]:
    """Every concrete kind of evidence (claims' first)."""
    kinds = [m for m in apps.get_models() if issubclass(m, EvidenceBase)]
    return sorted(kinds, key=lambda m: (m is not Evidence, m._meta.label))


def evidence_verify_all() -> list[str]:
    """Hash every stored evidence file of every kind; returns "<record>/<evidence id>" for
    each one that is missing or no longer matches its recorded SHA-256 (empty when all
    match)."""
    failures = []
    for model in evidence_models():
        rows = model.objects.select_related(model.subject_link).order_by("pk")
        for evidence in rows.iterator(chunk_size=500):
            reference = evidence.subject.reference
            digest = hashlib.sha256()
            try:
                with evidence.file.open("rb") as stored:
                    for chunk in stored.chunks():
                        digest.update(chunk)
            except FileNotFoundError:
                failures.append(f"{reference}/{evidence.pk} (missing)")
                continue
            if digest.hexdigest() != evidence.sha256:
                failures.append(f"{reference}/{evidence.pk}")
    return failures


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
