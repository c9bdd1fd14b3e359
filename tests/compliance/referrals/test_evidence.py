"""Referrals carry evidence through the claims' one store (evidence.services.evidence_store)
and its download rule: "mediators only" files never reach the other party; observers never
see a referral at all; a file changed on disk is never served."""

import hashlib
from pathlib import Path

import pytest

from audit.models import AuditEvent
from compliance.models import ReferralEvidence
from compliance.referrals.services import referral_evidence_add, referral_respond
from core.errors import CommonError, ServiceError
from evidence.error_codes import EvidenceError
from evidence.services import evidence_verify_all
from tests.api.support import ELF, PDF, assert_error, upload
from tests.evidence.test_location import gps_tags, jpeg_with_gps

CALLERS = ("pak_officer", "afg_officer", "tur_reviewer", "qat_reviewer", "secretariat", "observer")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def referral(make_referral):
    return make_referral()  # PAK → AFG


def add(referral, user, visibility="parties", name="photo.png", **kwargs):
    return referral_evidence_add(
        user=user, referral=referral, upload=upload(name, **kwargs), visibility=visibility
    )


def test_the_sender_attaches_evidence_with_the_claims_checks(referral, pak_officer):
    evidence = add(referral, pak_officer)
    assert evidence.content_type == "image/png" and len(evidence.sha256) == 64
    event = AuditEvent.objects.get(subject_type="referral", action="evidence_added")
    assert event.subject_ref == referral.reference
    assert event.payload["sha256"] == evidence.sha256
    with pytest.raises(ServiceError) as exc:
        add(referral, pak_officer, name="x.png", content=ELF)
    assert exc.value.code == EvidenceError.UNSUPPORTED_FILE_TYPE
    with pytest.raises(ServiceError) as exc:
        add(referral, pak_officer, visibility="everyone")
    assert exc.value.code == CommonError.VALIDATION_ERROR


def test_the_receiver_adds_evidence_until_it_has_responded(referral, afg_officer, pak_officer):
    add(referral, afg_officer)
    referral_respond(actor=afg_officer, referral=referral, answer="Raided; nothing found.")
    with pytest.raises(ServiceError) as exc:
        add(referral, afg_officer)
    assert exc.value.code == CommonError.ILLEGAL_TRANSITION
    add(referral, pak_officer)  # the sender may still document its referral


@pytest.mark.parametrize(
    ("actor", "code"),
    [
        ("tur_reviewer", CommonError.PERMISSION_DENIED),
        ("secretariat", CommonError.PERMISSION_DENIED),
        ("observer", CommonError.PERMISSION_DENIED),
    ],
)
def test_only_the_parties_officers_add_evidence(referral, cast, actor, code):
    with pytest.raises(ServiceError) as exc:
        add(referral, cast[actor])
    assert exc.value.code == code
    assert not ReferralEvidence.objects.exists()


def test_evidence_verify_all_covers_referrals(referral, pak_officer):
    evidence = add(referral, pak_officer)
    assert evidence_verify_all() == []
    Path(evidence.file.path).write_bytes(b"changed")
    assert evidence_verify_all() == [f"{referral.reference}/{evidence.pk}"]


# Who gets the list, and who may download a file of each visibility (PAK sent it).
#                 pak afg tur qat sec obs
LIST = (200, 200, 200, 200, 200, 404)
DOWNLOAD = {
    "parties": (200, 200, 200, 200, 200, 404),
    "mediators_only": (200, 403, 200, 200, 200, 404),
}


@pytest.mark.parametrize("visibility", list(DOWNLOAD))
@pytest.mark.parametrize("caller_index", range(len(CALLERS)))
def test_referral_evidence_api_matrix(api_as, referral, pak_officer, visibility, caller_index):
    evidence = add(referral, pak_officer, visibility=visibility, name="report.pdf", content=PDF)
    client = api_as(CALLERS[caller_index])
    base = f"/api/v1/referrals/{referral.reference}/evidence/"
    listed = client.get(base)
    assert listed.status_code == LIST[caller_index]
    expected = DOWNLOAD[visibility][caller_index]
    response = client.get(f"{base}{evidence.pk}/")
    assert response.status_code == expected
    if expected == 200:
        assert b"".join(response.streaming_content) == PDF
        assert response["Digest"] == f"sha-256={hashlib.sha256(PDF).hexdigest()}"
        assert listed.json()[0]["download_url"].endswith(f"{base}{evidence.pk}/")
    elif expected == 403:
        row = listed.json()[0]
        # The other party learns that a file exists, and its hash: never its name or bytes.
        assert row["original_name"] is None and row["download_url"] is None
        assert row["sha256"] == evidence.sha256


@pytest.mark.parametrize("caller_index", range(len(CALLERS)))
def test_referral_evidence_upload_matrix(api_as, referral, caller_index):
    #          pak  afg  tur  qat  sec  obs
    expected = (201, 201, 403, 403, 403, 404)[caller_index]
    response = api_as(CALLERS[caller_index]).post(
        f"/api/v1/referrals/{referral.reference}/evidence/",
        {"file": upload(), "visibility": "mediators_only"},
        format="multipart",
    )
    assert response.status_code == expected, response.content[:300]


def test_a_name_contradicting_the_bytes_answers_415(api_as, referral):
    response = api_as("pak_officer").post(
        f"/api/v1/referrals/{referral.reference}/evidence/",
        {"file": upload("report.pdf")},  # PNG bytes named as a PDF
        format="multipart",
    )
    assert_error(response, 415, "UNSUPPORTED_FILE_TYPE")


def test_a_referral_file_changed_on_disk_is_not_served(api_as, referral, pak_officer, client):
    evidence = add(referral, pak_officer, name="report.pdf", content=PDF)
    Path(evidence.file.path).write_bytes(PDF + b"%appended\n")
    url = f"/api/v1/referrals/{referral.reference}/evidence/{evidence.pk}/"
    assert_error(api_as("tur_reviewer").get(url), 500, "EVIDENCE_INTEGRITY_FAILED")
    client.force_login(pak_officer)
    page = client.get(f"/compliance/referrals/{referral.reference}/evidence/{evidence.pk}/")
    assert page.status_code == 500
    assert b'data-testid="evidence-integrity-failed"' in page.content
    failed = AuditEvent.objects.filter(action="evidence_integrity_failed", subject_type="referral")
    assert failed.count() == 2


@pytest.mark.parametrize(
    ("caller", "gets_original"),
    [("pak_officer", True), ("afg_officer", False), ("tur_reviewer", True), ("secretariat", True)],
)
def test_a_referral_photo_reaches_the_other_party_without_its_position(
    api_as, referral, caller, gets_original
):
    photo = jpeg_with_gps()
    created = api_as("pak_officer").post(
        f"/api/v1/referrals/{referral.reference}/evidence/",
        {
            "file": upload("position.jpg", content=photo, content_type="image/jpeg"),
            "strip_location": "true",
        },
        format="multipart",
    )
    assert created.status_code == 201, created.content[:300]
    url = f"/api/v1/referrals/{referral.reference}/evidence/{created.json()['id']}/"
    data = b"".join(api_as(caller).get(url).streaming_content)
    assert (data == photo) is gets_original
    assert bool(gps_tags(data)) is gets_original
    assert evidence_verify_all() == []
