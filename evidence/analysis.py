"""The checks run on each evidence file after it is stored: hashes and matches on other
records, dimensions, the time and place it carries, a PDF's pages, a recording's duration,
a preview; and the graphic flag."""

import hashlib
import logging

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from audit.services import audit_record
from core.errors import CommonError, ServiceError

from .imaging import IMAGE_TYPES, embedded_metadata, image_facts, signed64
from .matching import band_fields, evidence_find_matches
from .media import PDF_TYPE, RECORDING_READERS, pdf_facts, recording_duration
from .models import EvidenceAnalysis, EvidenceBase, EvidenceCheckSettings
from .permissions import can_mark_graphic
from .selectors import evidence_check_settings

log = logging.getLogger(__name__)


def problem_text(problem: str) -> str:
    """A stored reason why a file has no analysis or preview, in the reader's language.
    Reasons are stored in English (marked with gettext_noop where they are written);
    one that names figures is not in the catalogues and reads as stored."""
    return _(problem) if problem else ""


def evidence_type_of(evidence: EvidenceBase) -> str:
    return evidence._meta.label_lower


def evidence_analysis_start(*, evidence: EvidenceBase, graphic: bool = False) -> EvidenceAnalysis:
    """The pending analysis row of a file just stored, inside the storing transaction;
    the caller queues `evidence.analyse` on commit. Idempotent on (type, id)."""
    subject = evidence.subject
    row, _created = EvidenceAnalysis.objects.get_or_create(
        evidence_type=evidence_type_of(evidence),
        evidence_id=evidence.pk,
        defaults={
            "subject_type": evidence.subject_type,
            "subject_id": subject.pk,
            "subject_ref": subject.reference,
            "sha256": evidence.sha256,
            "content_type": evidence.content_type,
            "uploaded_at": evidence.uploaded_at,
            "graphic": graphic,
        },
    )
    return row


def evidence_of(analysis: EvidenceAnalysis) -> EvidenceBase | None:
    model = apps.get_model(analysis.evidence_type)
    return model.objects.filter(pk=analysis.evidence_id).first()


def _read_checked(evidence: EvidenceBase) -> bytes | None:
    """The stored bytes if they still hash to the recorded SHA-256 (the download's own
    check reports a mismatch; the analysis only declines to read such a file)."""
    try:
        with evidence.file.open("rb") as stored:
            data = stored.read()
    except FileNotFoundError:
        return None
    return data if hashlib.sha256(data).hexdigest() == evidence.sha256 else None


def evidence_analyse(
    *, evidence: EvidenceBase, checks: EvidenceCheckSettings | None = None
) -> EvidenceAnalysis:
    """Read one file and record what it says, then its matches on other records within
    the `checks` thresholds (read here when not given: a caller analysing many files reads
    them once and passes them).

    Locks the file's analysis row (creating it for a file stored before the checks
    existed), rewrites its facts and preview from the bytes, and adds any new match
    pairs. Never alters the file. Safe to run again: the same bytes give the same row and
    no new pairs. A file that no longer matches its hash, or is not an image, is recorded
    with what could be read (at least its SHA-256, for same-bytes matches); a PDF or a
    recording that cannot be read gets no preview or duration and the reason in
    `problem`, never a failure."""
    if checks is None:
        checks = evidence_check_settings()
    with transaction.atomic():
        evidence_analysis_start(evidence=evidence)
        row = EvidenceAnalysis.objects.select_for_update().get(
            evidence_type=evidence_type_of(evidence), evidence_id=evidence.pk
        )
        data = _read_checked(evidence)
        row.problem = ""
        row.width = row.height = row.phash = row.dhash = None
        row.captured_at = row.latitude = row.longitude = None
        row.captured_offset_known = False
        row.page_count = row.duration_seconds = None
        for name in band_fields(0, 0):
            setattr(row, name, None)
        if row.preview:
            row.preview.delete(save=False)
        if data is None:
            row.problem = gettext_noop(
                "The stored file is missing or no longer matches its SHA-256."
            )
        elif evidence.content_type in IMAGE_TYPES:
            facts = image_facts(data, preview_pixels=settings.EVIDENCE_PREVIEW_PIXELS)
            if facts is None:
                row.problem = gettext_noop("The image could not be decoded.")
            else:
                row.width, row.height = facts.width, facts.height
                row.phash, row.dhash = signed64(facts.phash), signed64(facts.dhash)
                for name, value in band_fields(facts.phash, facts.dhash).items():
                    setattr(row, name, value)
                row.preview.save(
                    f"{evidence.stored_name}.jpg", ContentFile(facts.preview), save=False
                )
            found = embedded_metadata(data)
            row.captured_at, row.captured_offset_known = found.captured_at, found.offset_known
            row.latitude, row.longitude = found.latitude, found.longitude
        elif evidence.content_type == PDF_TYPE:
            pdf = pdf_facts(data, preview_pixels=settings.EVIDENCE_PREVIEW_PIXELS)
            row.page_count, row.problem = pdf.pages, pdf.problem
            if pdf.preview is not None:
                row.preview.save(
                    f"{evidence.stored_name}.png", ContentFile(pdf.preview), save=False
                )
        elif evidence.content_type in RECORDING_READERS:
            row.duration_seconds = recording_duration(data, evidence.content_type)
            if row.duration_seconds is None:
                row.problem = gettext_noop("The recording's duration could not be read.")
        row.analysed_at = timezone.now()
        row.save()
        evidence_find_matches(row, max_distance=checks.image_match_max_distance)
    return row


def evidence_analyse_by_id(*, evidence_type: str, evidence_id: int) -> bool:
    """The task's entry: False when the file does not exist (nothing to do)."""
    model = apps.get_model(evidence_type)
    evidence = model.objects.filter(pk=evidence_id).first()
    if evidence is None:
        return False
    evidence_analyse(evidence=evidence)
    return True


def evidence_mark_graphic(*, user, evidence: EvidenceBase) -> EvidenceAnalysis:
    """Mark a file graphic, so that its preview is blurred for every viewer until each
    reveals it. The caller has found the record through the user's visibility.

    Refuses PERMISSION_DENIED unless the user files for the uploading party, reviews or
    is the secretariat. Locks the analysis row; writes one `evidence_marked_graphic` audit
    event on the record the first time only (marking again changes nothing)."""
    if not can_mark_graphic(user, evidence):
        raise ServiceError(
            CommonError.PERMISSION_DENIED,
            _("The filing party, the reviewers and the secretariat mark files graphic."),
        )
    with transaction.atomic():
        evidence_analysis_start(evidence=evidence)
        row = EvidenceAnalysis.objects.select_for_update().get(
            evidence_type=evidence_type_of(evidence), evidence_id=evidence.pk
        )
        if row.graphic:
            return row
        row.graphic = True
        row.save(update_fields=["graphic"])
        subject = evidence.subject
        status = getattr(subject, "status", "")
        audit_record(
            actor=user,
            action="evidence_marked_graphic",
            subject_type=evidence.subject_type,
            subject_id=subject.pk,
            subject_ref=subject.reference,
            from_status=status,
            to_status=status,
            payload={"evidence_id": evidence.pk, "sha256": evidence.sha256},
        )
    return row
