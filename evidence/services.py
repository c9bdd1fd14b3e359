"""The one evidence mechanism for every record type: check an upload, store it, open it
again only if its bytes still match, and verify every stored file."""

import hashlib
import logging
import tempfile

import magic
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import ServiceError, validation_error
from core.permissions import guard

from .analysis import evidence_analysis_start, evidence_type_of
from .error_codes import EvidenceError
from .filetypes import claimed_type
from .imaging import IMAGE_TYPES
from .location import LocationStripError, has_location, without_location
from .models import EvidenceBase, EvidenceCheckSettings, LocationStrip, Visibility
from .permissions import can_edit_evidence_checks
from .tasks import analyse

log = logging.getLogger(__name__)


def sniff_content_type(head: bytes) -> str:
    return magic.from_buffer(head, mime=True)


def evidence_check_file(upload) -> tuple[str, str, int]:
    """Size, type from the bytes, and SHA-256 of an upload. Raises FILE_TOO_LARGE, or
    UNSUPPORTED_FILE_TYPE for a type outside the allow-list or a name whose extension
    claims another accepted type; returns (sha256, content_type, size)."""
    size = upload.size
    if size is None or size > settings.EVIDENCE_MAX_BYTES:
        raise ServiceError(
            EvidenceError.FILE_TOO_LARGE,
            _("Files may be at most %(mb)s MB.")
            % {"mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)},
            fields={"file": [_("File too large.")]},
        )
    if size == 0:
        raise validation_error({"file": _("The file is empty.")})
    upload.seek(0)
    content_type = sniff_content_type(upload.read(8192))
    if content_type not in settings.EVIDENCE_ALLOWED_TYPES:
        raise ServiceError(
            EvidenceError.UNSUPPORTED_FILE_TYPE,
            _("Files of type %(type)s are not accepted.") % {"type": content_type},
            fields={"file": [_("Type %(type)s is not allowed.") % {"type": content_type}]},
        )
    claimed = claimed_type(upload.name or "", settings.EVIDENCE_ALLOWED_TYPES)
    if claimed is not None and claimed != content_type:
        raise ServiceError(
            EvidenceError.UNSUPPORTED_FILE_TYPE,
            _("The file is named as %(claimed)s but its content is %(type)s.")
            % {"claimed": claimed, "type": content_type},
            fields={
                "file": [
                    _("Named as %(claimed)s, but the content is %(type)s.")
                    % {"claimed": claimed, "type": content_type}
                ]
            },
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest(), content_type, size


def evidence_store(
    *,
    model,
    subject,
    user,
    upload,
    visibility: str = Visibility.PARTIES,
    description: str = "",
    graphic: bool = False,
    strip_location: bool = False,
) -> EvidenceBase:
    """Store one file on `subject` as a row of `model` (an EvidenceBase: a claim's,
    an action report's or a referral's evidence). The caller has already locked the
    subject and checked that `user` may add to it; this is the one store for every kind.

    Checks visibility and description, size and type from the bytes (evidence_check_file),
    records SHA-256, stores under a random name and writes one `evidence_added` audit event
    on the subject; creates the file's pending analysis row (`graphic` as the filer marked
    it) and, once committed, queues `evidence.analyse` (matches, metadata, preview). If the
    row or the event cannot be written the stored files are removed again, so nothing is
    half-stored. Runs inside the caller's transaction.

    With `strip_location`, an image carrying a GPS position also gets a copy without it
    (evidence.location), made here with its own SHA-256 before the row exists: the other
    party is served that copy from the first moment (evidence.selectors). A file with no
    position is recorded as having nothing to strip. Raises VALIDATION_ERROR,
    FILE_TOO_LARGE, UNSUPPORTED_FILE_TYPE or LOCATION_NOT_REMOVABLE."""
    if visibility not in Visibility.values:
        raise validation_error(
            {
                "visibility": _("Choose one of: %(values)s.")
                % {"values": ", ".join(Visibility.values)}
            }
        )
    if len(description or "") > 500:
        raise validation_error({"description": _("At most %(limit)d characters.") % {"limit": 500}})
    sha256, content_type, size = evidence_check_file(upload)
    stripped = _location_stripped_copy(upload, content_type) if strip_location else None
    evidence = model(
        **{model.subject_link: subject},
        original_name=(upload.name or "upload")[-255:],
        description=description or "",
        sha256=sha256,
        size=size,
        content_type=content_type,
        visibility=visibility,
        uploaded_by=user,
        location_strip=LocationStrip.NOT_ASKED,
    )
    if strip_location:
        evidence.location_strip = LocationStrip.NOTHING_TO_STRIP
    if stripped is not None:
        evidence.location_strip = LocationStrip.STRIPPED
        evidence.stripped_sha256 = hashlib.sha256(stripped).hexdigest()
        evidence.stripped_size = len(stripped)
    evidence.file.save(evidence.stored_name, upload, save=False)
    stored = [evidence.file.name]
    status = getattr(subject, "status", "")
    try:
        if stripped is not None:
            evidence.stripped_file.save(evidence.stored_name, ContentFile(stripped), save=False)
            stored.append(evidence.stripped_file.name)
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
                # A file the filer marks graphic says so in its own event.
                **({"graphic": True} if graphic else {}),
                # So does a file whose location is kept from the other party.
                **({"location_strip": evidence.location_strip} if strip_location else {}),
                **({"stripped_sha256": evidence.stripped_sha256} if stripped else {}),
            },
        )
        evidence_analysis_start(evidence=evidence, graphic=bool(graphic))
    except Exception:
        for name in stored:
            evidence.file.storage.delete(name)
        raise
    evidence_type, evidence_id = evidence_type_of(evidence), evidence.pk
    transaction.on_commit(lambda: analyse.delay(evidence_type, evidence_id))
    return evidence


def _location_stripped_copy(upload, content_type: str) -> bytes | None:
    """The upload's bytes without its GPS position, or None when it carries none (or is
    not an image). Raises LOCATION_NOT_REMOVABLE when it carries one that cannot be cut
    out: the filer asked for it, so the file is not stored with its location instead."""
    if content_type not in IMAGE_TYPES:
        return None
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not has_location(data):
        return None
    try:
        return without_location(data, content_type)
    except LocationStripError as exc:
        raise ServiceError(
            EvidenceError.LOCATION_NOT_REMOVABLE,
            _("%(problem)s Upload it without asking to remove the location, or remove it first.")
            % {"problem": exc},
            fields={"strip_location": [str(exc)]},
        ) from exc


# Files up to this size are checked and served from memory, larger ones from a temp file.
_VERIFIED_IN_MEMORY = 1024 * 1024


def evidence_open_verified(*, user, evidence: EvidenceBase, stripped: bool = False):
    """The stored file's bytes, but only if they still hash to the SHA-256 recorded at
    upload, for any kind of evidence; with `stripped`, the copy without location against
    its own recorded SHA-256. Returns an open temporary copy positioned at the start: what
    is served is exactly what was checked, even if the stored file changes meanwhile.

    On a mismatch (or a missing file) nothing is served: it logs an error, writes one
    `evidence_integrity_failed` audit event on the file's record (committed) and raises
    EVIDENCE_INTEGRITY_FAILED. The caller has already checked that `user` may download,
    and which copy they get (evidence.selectors.evidence_serves_stripped).
    """
    field, recorded = _stored_copy(evidence, stripped=stripped)
    # Not a with-block: the copy is handed to the response, which closes it.
    copy = tempfile.SpooledTemporaryFile(max_size=_VERIFIED_IN_MEMORY)  # noqa: SIM115
    digest = hashlib.sha256()
    try:
        with field.open("rb") as stored:
            for chunk in stored.chunks():
                digest.update(chunk)
                copy.write(chunk)
        actual = digest.hexdigest()
    except (FileNotFoundError, ValueError):  # ValueError: no file recorded at all
        actual = "missing"
    if actual == recorded:
        copy.seek(0)
        return copy
    copy.close()
    subject = evidence.subject
    log.error(
        "Evidence %s%s of %s fails its integrity check: recorded %s, stored file %s.",
        evidence.pk,
        " (copy without location)" if stripped else "",
        subject.reference,
        recorded,
        actual,
    )
    with transaction.atomic():
        audit_record(
            actor=user,
            action="evidence_integrity_failed",
            subject_type=evidence.subject_type,
            subject_id=subject.pk,
            subject_ref=subject.reference,
            payload={
                "evidence_id": evidence.pk,
                "recorded": recorded,
                "found": actual,
                **({"copy": "stripped"} if stripped else {}),
            },
        )
    raise ServiceError(
        EvidenceError.EVIDENCE_INTEGRITY_FAILED,
        _(
            "This file no longer matches the fingerprint recorded when it was uploaded; "
            "it was not served and the failure has been recorded."
        ),
    )


def _stored_copy(evidence: EvidenceBase, *, stripped: bool):
    """The file field and the SHA-256 recorded for one stored copy of a file."""
    if stripped:
        return evidence.stripped_file, evidence.stripped_sha256
    return evidence.file, evidence.sha256


def evidence_models() -> list[type[EvidenceBase]]:
    """Every concrete kind of evidence, in the order the apps are installed (claims' first)."""
    return [m for m in apps.get_models() if issubclass(m, EvidenceBase)]


def _hash_of(field) -> str | None:
    digest = hashlib.sha256()
    try:
        with field.open("rb") as stored:
            for chunk in stored.chunks():
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return digest.hexdigest()


def evidence_verify_all() -> list[str]:
    """Hash every stored evidence file of every kind, and every copy without location;
    returns "<record>/<evidence id>" (with " (copy without location)" for a copy) for
    each one that is missing or no longer matches its recorded SHA-256 (empty when all
    match)."""
    failures = []
    for model in evidence_models():
        rows = model.objects.select_related(model.subject_link).order_by("pk")
        for evidence in rows.iterator(chunk_size=500):
            copies = [(False, "")]
            if evidence.location_stripped:
                copies.append((True, " (copy without location)"))
            for stripped, label in copies:
                field, recorded = _stored_copy(evidence, stripped=stripped)
                actual = _hash_of(field)
                where = f"{evidence.subject.reference}/{evidence.pk}{label}"
                if actual is None:
                    failures.append(f"{where} (missing)")
                elif actual != recorded:
                    failures.append(where)
    return failures


EVIDENCE_CHECKS = "evidence_checks"
CHECK_FIELDS = ("image_match_max_distance", "time_warn_hours", "distance_warn_km")


@transaction.atomic
def evidence_checks_update(*, actor, data: dict) -> EvidenceCheckSettings:
    """Change the thresholds the evidence checks weigh files by (any of CHECK_FIELDS).

    Refuses PERMISSION_DENIED unless `actor` is the secretariat (or an admin superuser);
    VALIDATION_ERROR for an unknown field or a value out of range (the database holds the
    same ranges). Locks the one row (creating it from the defaults if missing), and when a
    value changes writes one `evidence_checks_changed` audit event with the values before
    and after. New analyses and panels read the new values; matches already recorded stay
    until `evidence_scan` runs again."""
    guard(can_edit_evidence_checks, actor, detail=_("Only the secretariat sets the checks."))
    unknown = set(data) - set(CHECK_FIELDS)
    if unknown:
        raise validation_error(dict.fromkeys(sorted(unknown), _("Unknown field.")))
    EvidenceCheckSettings.objects.get_or_create(pk=1)
    row = EvidenceCheckSettings.objects.select_for_update().get(pk=1)
    before = {name: getattr(row, name) for name in CHECK_FIELDS}
    for name, value in data.items():
        setattr(row, name, value)
    try:
        row.full_clean()
    except ValidationError as exc:
        raise validation_error(exc.message_dict) from exc
    after = {name: getattr(row, name) for name in CHECK_FIELDS}
    if after == before:
        return row
    row.save()
    audit_record(
        actor=actor,
        action="evidence_checks_changed",
        subject_type=EVIDENCE_CHECKS,
        subject_id=row.pk,
        subject_ref="evidence checks",
        payload={"before": before, "after": after},
    )
    return row
