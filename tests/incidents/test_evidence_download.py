"""Evidence is served only through the permission-checked views, and only while its
bytes still hash to the SHA-256 recorded at upload: a file changed or lost on disk is
refused (API 500 EVIDENCE_INTEGRITY_FAILED, a page in the browser), logged and
audited, never served. A disguised file is refused at upload in both interfaces."""

import hashlib
import logging
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from incidents.models import Evidence
from incidents.services import evidence_add
from tests.api.support import assert_error

from .test_evidence import HTML, PDF, PNG_1X1

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def claim(file_claim):
    return file_claim("under_review")


@pytest.fixture
def stored(media_root, pak_officer, claim):
    evidence = evidence_add(
        user=pak_officer,
        incident=claim,
        upload=SimpleUploadedFile("report.pdf", PDF, content_type="application/pdf"),
    )
    return evidence


def api_url(evidence):
    return f"/api/v1/incidents/{evidence.incident.reference}/evidence/{evidence.pk}/"


def page_url(evidence):
    return f"/claims/{evidence.incident.reference}/evidence/{evidence.pk}/"


def api_client(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def path_of(evidence) -> Path:
    return Path(Evidence.objects.get(pk=evidence.pk).file.path)


def test_an_intact_file_is_served_with_its_hash(stored, afg_officer, client):
    response = api_client(afg_officer).get(api_url(stored))

    assert response.status_code == 200
    assert body_of(response) == PDF
    assert response["Digest"] == f"sha-256={hashlib.sha256(PDF).hexdigest()}"
    client.force_login(afg_officer)
    assert body_of(client.get(page_url(stored))) == PDF
    assert not AuditEvent.objects.filter(action="evidence_integrity_failed").exists()


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(
            lambda path: path.write_bytes(PDF.replace(b"Count 0", b"Count 1")), id="changed"
        ),
        pytest.param(lambda path: path.write_bytes(PDF + b"%appended\n"), id="appended"),
        pytest.param(lambda path: path.unlink(), id="missing"),
    ],
)
def test_a_file_changed_on_disk_is_refused_logged_and_audited(
    tamper, stored, afg_officer, tur_reviewer, client, caplog
):
    tamper(path_of(stored))

    with caplog.at_level(logging.ERROR, logger="incidents.services"):
        response = api_client(tur_reviewer).get(api_url(stored))
    body = assert_error(response, 500, "EVIDENCE_INTEGRITY_FAILED")
    assert b"%PDF" not in response.content
    assert "fingerprint" in body["detail"]
    assert any(stored.sha256 in record.getMessage() for record in caplog.records)

    client.force_login(afg_officer)
    page = client.get(page_url(stored))
    assert page.status_code == 500
    assert not page.streaming
    assert b'data-testid="evidence-integrity-failed"' in page.content
    assert b"%PDF" not in page.content

    events = AuditEvent.objects.filter(action="evidence_integrity_failed").order_by("sequence")
    assert [(e.actor, e.subject_ref) for e in events] == [
        (tur_reviewer, stored.incident.reference),
        (afg_officer, stored.incident.reference),
    ]
    assert events[0].payload["evidence_id"] == stored.pk
    assert events[0].payload["recorded"] == stored.sha256
    assert events[0].payload["found"] != stored.sha256
    assert audit_verify_chain().ok


def test_no_integrity_check_runs_for_someone_who_may_not_see_the_file(stored, observer, client):
    path_of(stored).unlink()

    assert_error(api_client(observer).get(api_url(stored)), 404, "NOT_FOUND")
    assert not AuditEvent.objects.filter(action="evidence_integrity_failed").exists()


def test_the_download_name_always_ends_in_the_served_types_extension(
    media_root, pak_officer, claim
):
    evidence = evidence_add(
        user=pak_officer,
        incident=claim,
        upload=SimpleUploadedFile("crater.html", PNG_1X1, content_type="text/html"),
    )

    response = api_client(pak_officer).get(api_url(evidence))

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="crater.html.png"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content"),
    [("holiday.jpg", HTML), ("statement.pdf", b"Two rounds at 06:40.\n")],
)
def test_a_disguised_file_is_refused_with_415_by_the_api(
    name, content, media_root, pak_officer, claim
):
    response = api_client(pak_officer).post(
        f"/api/v1/incidents/{claim.reference}/evidence/",
        {"file": SimpleUploadedFile(name, content, content_type="image/jpeg")},
        format="multipart",
    )

    assert_error(response, 415, "UNSUPPORTED_FILE_TYPE", field="file")
    assert not Evidence.objects.exists()


def test_a_disguised_file_is_refused_with_a_form_error_in_the_browser(
    media_root, pak_officer, claim, client
):
    client.force_login(pak_officer)

    response = client.post(
        f"/claims/{claim.reference}/evidence/",
        {
            "evidence": [SimpleUploadedFile("holiday.jpg", HTML, content_type="image/jpeg")],
            "evidence_visibility": "parties",
        },
    )

    assert response.status_code == 400
    body = response.content.decode()
    assert "holiday.jpg: Files of type text/html are not accepted." in body
    assert 'id="add-evidence-evidence_error"' in body
    assert not Evidence.objects.exists()
