"""The one evidence mechanism for every record type: check an upload, store it, open it
again only if its bytes still match, and verify every stored file."""

import hashlib
import logging
import tempfile

import magic
from django.apps import apps
from django.conf import settings
from django.db import transaction

from audit.services import audit_record
from core.errors import ServiceError, validation_error

from .analysis import evidence_analysis_start, evidence_type_of
from .error_codes import EvidenceError
from .filetypes import claimed_type
from .models import EvidenceBase, Visibility
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
            f"Files may be at most {settings.EVIDENCE_MAX_BYTES // (1024 * 1024)} MB.",
            fields={"file": ["File too large."]},
        )
    if size == 0:
        raise validation_error({"file": "The file is empty."})
    upload.seek(0)
    content_type = sniff_content_type(upload.read(8192))
    if content_type not in settings.EVIDENCE_ALLOWED_TYPES:
        raise ServiceError(
            EvidenceError.UNSUPPORTED_FILE_TYPE,
            f"Files of type {content_type} are not accepted.",
            fields={"file": [f"Type {content_type} is not allowed."]},
        )
    claimed = claimed_type(upload.name or "", settings.EVIDENCE_ALLOWED_TYPES)
    if claimed is not None and claimed != content_type:
        raise ServiceError(
            EvidenceError.UNSUPPORTED_FILE_TYPE,
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
    *,
    model,
    subject,
    user,
    upload,
    visibility: str = Visibility.PARTIES,
    description: str = "",
    graphic: bool = False,
) -> EvidenceBase:
    """Store one file on `subject` as a row of `model` (an EvidenceBase: a claim's,
    an action report's or a referral's evidence). The caller has already locked the
    subject and checked that `user` may add to it; this is the one store for every kind.

    Checks visibility and description, size and type from the bytes (evidence_check_file),
    records SHA-256, stores under a random name and writes one `evidence_added` audit event
    on the subject; creates the file's pending analysis row (`graphic` as the filer marked
    it) and, once committed, queues `evidence.analyse` (matches, metadata, preview). If the row or the event cannot be written the stored file is removed
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
                # A file the filer marks graphic says so in its own event.
                **({"graphic": True} if graphic else {}),
            },
        )
        evidence_analysis_start(evidence=evidence, graphic=bool(graphic))
    except Exception:
        storage.delete(name)
        raise
    evidence_type, evidence_id = evidence_type_of(evidence), evidence.pk
    transaction.on_commit(lambda: analyse.delay(evidence_type, evidence_id))
    return evidence


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
        EvidenceError.EVIDENCE_INTEGRITY_FAILED,
        "This file no longer matches the fingerprint recorded when it was uploaded; "
        "it was not served and the failure has been recorded.",
    )


def evidence_models() -> list[type[EvidenceBase]]:
    """Every concrete kind of evidence, in the order the apps are installed (claims' first)."""
    return [m for m in apps.get_models() if issubclass(m, EvidenceBase)]


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
