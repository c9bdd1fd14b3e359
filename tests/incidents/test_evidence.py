"""Evidence files: checked from their bytes, hashed, stored under a random name, append-only."""

import hashlib
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from audit.models import AuditEvent
from core.errors import CommonError, ServiceError
from evidence.error_codes import EvidenceError
from evidence.models import Visibility
from incidents.models import Evidence
from incidents.selectors import evidence_can_download
from incidents.services import evidence_add
from tests.factories import IncidentFactory
from verification.statuses import Outcome, Status

PNG_1X1 = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 40


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def claim(pak_officer, category):
    return IncidentFactory(
        category=category,
        created_by=pak_officer,
        status=Status.SUBMITTED,
        submitted_at=timezone.now() - timedelta(hours=3),
    )


def assert_nothing_written(media_root):
    assert Evidence.objects.count() == 0
    assert not AuditEvent.objects.filter(action="evidence_added").exists()
    assert stored_files(media_root) == []


def test_png_is_recorded_with_hash_size_and_type(media_root, pak_officer, claim):
    evidence = evidence_add(
        user=pak_officer,
        incident=claim,
        upload=upload("crater.png", PNG_1X1, "image/png"),
        description="Crater at the crossing",
    )

    stored = Evidence.objects.get(pk=evidence.pk)
    assert len(PNG_1X1) == 67
    assert stored.sha256 == hashlib.sha256(PNG_1X1).hexdigest()
    assert stored.size == 67
    assert stored.content_type == "image/png"
    assert stored.original_name == "crater.png"
    assert stored.description == "Crater at the crossing"
    assert stored.visibility == Visibility.PARTIES
    assert stored.uploaded_by == pak_officer
    assert stored.incident == claim
    with stored.file.open("rb") as handle:
        assert handle.read() == PNG_1X1


def test_pdf_is_recorded_with_hash_size_and_type(media_root, pak_officer, claim):
    evidence = evidence_add(
        user=pak_officer,
        incident=claim,
        upload=upload("report.pdf", PDF, "application/pdf"),
        visibility=Visibility.MEDIATORS_ONLY,
    )

    stored = Evidence.objects.get(pk=evidence.pk)
    assert stored.sha256 == hashlib.sha256(PDF).hexdigest()
    assert stored.size == len(PDF)
    assert stored.content_type == "application/pdf"
    assert stored.visibility == Visibility.MEDIATORS_ONLY


def test_content_type_comes_from_the_bytes_not_the_name_or_header(media_root, pak_officer, claim):
    evidence = evidence_add(
        user=pak_officer,
        incident=claim,
        upload=upload("scan", PNG_1X1, "application/pdf"),
    )

    assert Evidence.objects.get(pk=evidence.pk).content_type == "image/png"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        pytest.param("scan.pdf", PNG_1X1, id="png-named-pdf"),
        pytest.param("photo.JPG", b"Two rounds at 06:40, from the west.\n", id="text-named-jpg"),
        pytest.param("notes.txt", PDF, id="pdf-named-txt"),
    ],
)
def test_a_name_claiming_another_accepted_type_is_refused(
    name, content, media_root, pak_officer, claim
):
    with pytest.raises(ServiceError) as caught:
        evidence_add(user=pak_officer, incident=claim, upload=upload(name, content))

    assert caught.value.code == EvidenceError.UNSUPPORTED_FILE_TYPE
    assert "file" in caught.value.fields
    assert_nothing_written(media_root)


@pytest.mark.parametrize(
    ("make_upload", "recorded_name"),
    [
        # Django's UploadedFile already reduces the name to its last component...
        pytest.param(
            lambda: upload("../../etc/passwd.png", PNG_1X1, "image/png"),
            "passwd.png",
            id="uploaded-file",
        ),
        # ...a plain File (e.g. from a management command) keeps it: the service must not care.
        pytest.param(
            lambda: File(io.BytesIO(PNG_1X1), name="../../etc/passwd.png"),
            "../../etc/passwd.png",
            id="plain-file",
        ),
    ],
)
def test_uploaded_name_is_never_used_as_a_path(
    make_upload, recorded_name, media_root, tmp_path, pak_officer, claim
):
    evidence = evidence_add(user=pak_officer, incident=claim, upload=make_upload())

    stored = Evidence.objects.get(pk=evidence.pk)
    assert stored.original_name == recorded_name
    assert stored.sha256 == hashlib.sha256(PNG_1X1).hexdigest()
    assert stored.file.name == f"evidence/{stored.stored_name[:2]}/{stored.stored_name}"
    assert "passwd" not in stored.file.name
    assert ".." not in stored.file.name
    assert stored_files(media_root) == [media_root / stored.file.name]
    escaped = (media_root / "evidence" / "../../etc/passwd.png").resolve()
    assert not escaped.exists()
    assert list(tmp_path.parent.rglob("passwd*")) == []


def test_two_uploads_of_the_same_name_get_different_stored_names(media_root, pak_officer, claim):
    first = evidence_add(user=pak_officer, incident=claim, upload=upload("a.png", PNG_1X1))
    second = evidence_add(user=pak_officer, incident=claim, upload=upload("a.png", PNG_1X1))

    assert first.stored_name != second.stored_name
    assert first.file.name != second.file.name
    assert len(stored_files(media_root)) == 2


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        pytest.param("holiday.jpg", HTML, "image/jpeg", id="html-as-jpg"),
        pytest.param("report.pdf", ELF, "application/pdf", id="elf-as-pdf"),
        pytest.param(
            "report.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, "application/pdf", id="exe-as-pdf"
        ),
        pytest.param("photo.jpg", b"#!/bin/sh\nrm -rf ~\n", "image/jpeg", id="script-as-jpg"),
        pytest.param(
            "map.png",
            b"<svg xmlns='http://www.w3.org/2000/svg' onload='x()'/>",
            "image/png",
            id="svg-as-png",
        ),
    ],
)
def test_disguised_file_is_refused_and_writes_nothing(
    name, content, declared, media_root, pak_officer, claim
):
    with pytest.raises(ServiceError) as caught:
        evidence_add(user=pak_officer, incident=claim, upload=upload(name, content, declared))

    assert caught.value.code == EvidenceError.UNSUPPORTED_FILE_TYPE
    assert "file" in caught.value.fields
    assert_nothing_written(media_root)


def test_too_large_file_is_refused_and_writes_nothing(media_root, pak_officer, claim):
    with override_settings(EVIDENCE_MAX_BYTES=100), pytest.raises(ServiceError) as caught:
        evidence_add(user=pak_officer, incident=claim, upload=upload("big.pdf", PDF))

    assert len(PDF) > 100
    assert caught.value.code == EvidenceError.FILE_TOO_LARGE
    assert "file" in caught.value.fields
    assert_nothing_written(media_root)


def test_file_of_exactly_the_limit_is_accepted(media_root, pak_officer, claim):
    with override_settings(EVIDENCE_MAX_BYTES=len(PNG_1X1)):
        evidence = evidence_add(user=pak_officer, incident=claim, upload=upload("a.png", PNG_1X1))

    assert evidence.size == 67


def test_empty_file_is_refused_and_writes_nothing(media_root, pak_officer, claim):
    with pytest.raises(ServiceError) as caught:
        evidence_add(user=pak_officer, incident=claim, upload=upload("empty.png", b""))

    assert caught.value.code == CommonError.VALIDATION_ERROR
    assert "file" in caught.value.fields
    assert_nothing_written(media_root)


@pytest.mark.parametrize(
    ("actor", "code"),
    [
        ("afg_officer", CommonError.NOT_YOUR_PARTY),
        ("tur_reviewer", CommonError.PERMISSION_DENIED),
        ("qat_reviewer", CommonError.PERMISSION_DENIED),
        ("secretariat", CommonError.PERMISSION_DENIED),
        ("observer", CommonError.PERMISSION_DENIED),
    ],
)
def test_only_officers_of_a_party_to_the_claim_add_evidence(actor, code, cast, media_root, claim):
    with pytest.raises(ServiceError) as caught:
        evidence_add(user=cast[actor], incident=claim, upload=upload("a.png", PNG_1X1))

    assert caught.value.code == code
    assert_nothing_written(media_root)


def claim_in(status, *, pak_officer, category):
    fields = {"status": status, "submitted_at": timezone.now() - timedelta(days=2)}
    if status != Status.SUBMITTED:
        fields["assigned_at"] = timezone.now() - timedelta(days=1)
    if status == Status.VERIFIED:
        fields["outcome"] = Outcome.VERIFIED
    return IncidentFactory(category=category, created_by=pak_officer, **fields)


@pytest.mark.parametrize("status", [Status.UNDER_REVIEW, Status.DISPUTED])
def test_accused_party_adds_its_own_evidence_while_in_review(
    status, media_root, pak_officer, afg_officer, tur_reviewer, secretariat, category
):
    in_review = claim_in(status, pak_officer=pak_officer, category=category)

    evidence = evidence_add(
        user=afg_officer,
        incident=in_review,
        upload=upload("rebuttal.pdf", PDF),
        visibility=Visibility.MEDIATORS_ONLY,
    )

    assert Evidence.objects.get(pk=evidence.pk).uploaded_by == afg_officer
    assert AuditEvent.objects.get(action="evidence_added").actor_id == afg_officer.pk
    # Mediators-only: the uploading (accused) party and the mediators, not the reporter.
    assert evidence_can_download(user=afg_officer, evidence=evidence) is True
    assert evidence_can_download(user=tur_reviewer, evidence=evidence) is True
    assert evidence_can_download(user=secretariat, evidence=evidence) is True
    assert evidence_can_download(user=pak_officer, evidence=evidence) is False


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.VERIFIED])
def test_accused_party_cannot_add_evidence_outside_review(
    status, media_root, pak_officer, afg_officer, category
):
    outside_review = claim_in(status, pak_officer=pak_officer, category=category)

    with pytest.raises(ServiceError) as caught:
        evidence_add(user=afg_officer, incident=outside_review, upload=upload("a.png", PNG_1X1))

    assert caught.value.code == CommonError.NOT_YOUR_PARTY
    assert_nothing_written(media_root)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        pytest.param({"visibility": "public"}, "visibility", id="unknown-visibility"),
        pytest.param({"description": "x" * 501}, "description", id="long-description"),
    ],
)
def test_invalid_metadata_is_refused_and_writes_nothing(
    kwargs, field, media_root, pak_officer, claim
):
    with pytest.raises(ServiceError) as caught:
        evidence_add(user=pak_officer, incident=claim, upload=upload("a.png", PNG_1X1), **kwargs)

    assert caught.value.code == CommonError.VALIDATION_ERROR
    assert field in caught.value.fields
    assert_nothing_written(media_root)


def test_evidence_cannot_be_added_to_a_withdrawn_claim(media_root, pak_officer, category):
    withdrawn = IncidentFactory(
        category=category,
        created_by=pak_officer,
        status=Status.WITHDRAWN,
        submitted_at=timezone.now() - timedelta(days=1),
    )

    with pytest.raises(ServiceError) as caught:
        evidence_add(user=pak_officer, incident=withdrawn, upload=upload("a.png", PNG_1X1))

    assert caught.value.code == CommonError.ILLEGAL_TRANSITION
    assert_nothing_written(media_root)


def test_evidence_added_audit_event_carries_the_hash(media_root, pak_officer, claim):
    evidence = evidence_add(
        user=pak_officer,
        incident=claim,
        upload=upload("report.pdf", PDF),
        visibility=Visibility.MEDIATORS_ONLY,
    )

    event = AuditEvent.objects.get(action="evidence_added")
    assert event.actor_id == pak_officer.pk
    assert (event.subject_type, event.subject_id) == ("incident", claim.pk)
    assert event.subject_ref == claim.reference
    assert (event.from_status, event.to_status) == (Status.SUBMITTED, Status.SUBMITTED)
    assert event.payload == {
        "evidence_id": evidence.pk,
        "sha256": hashlib.sha256(PDF).hexdigest(),
        "size": len(PDF),
        "content_type": "application/pdf",
        "visibility": Visibility.MEDIATORS_ONLY,
    }


# --- append-only ------------------------------------------------------------------


@pytest.fixture
def evidence(media_root, pak_officer, claim):
    return evidence_add(user=pak_officer, incident=claim, upload=upload("a.png", PNG_1X1))


def test_saving_existing_evidence_raises(evidence):
    evidence.description = "Edited"

    with pytest.raises(TypeError):
        evidence.save()

    assert Evidence.objects.get(pk=evidence.pk).description == ""


def test_saving_a_freshly_loaded_row_raises(evidence):
    loaded = Evidence.objects.get(pk=evidence.pk)
    loaded.sha256 = "0" * 64

    with pytest.raises(TypeError):
        loaded.save()

    assert Evidence.objects.get(pk=evidence.pk).sha256 == hashlib.sha256(PNG_1X1).hexdigest()


def test_deleting_evidence_raises(evidence, media_root):
    with pytest.raises(TypeError):
        evidence.delete()

    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert len(stored_files(media_root)) == 1


def test_queryset_update_raises(evidence):
    with pytest.raises(TypeError):
        Evidence.objects.filter(pk=evidence.pk).update(visibility=Visibility.MEDIATORS_ONLY)

    assert Evidence.objects.get(pk=evidence.pk).visibility == Visibility.PARTIES


def test_bulk_update_raises(evidence):
    evidence.visibility = Visibility.MEDIATORS_ONLY

    with pytest.raises(TypeError), transaction.atomic():
        Evidence.objects.bulk_update([evidence], ["visibility"])

    assert Evidence.objects.get(pk=evidence.pk).visibility == Visibility.PARTIES


def test_queryset_delete_raises(evidence):
    with pytest.raises(TypeError), transaction.atomic():
        Evidence.objects.filter(pk=evidence.pk).delete()

    assert Evidence.objects.filter(pk=evidence.pk).exists()
