"""Evidence on object storage (EVIDENCE_STORAGE=s3), against a local S3 server (moto)
spoken to over HTTP: the upload, its copy without location, its analysis and preview land
in the bucket and nothing on the disk; the download re-hashes what the bucket returns, so
an object altered or lost there is refused like a file changed on disk; "mediators only"
keeps its rule; objects carry no public grant and no URL to one is handed out."""

import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from audit.models import AuditEvent
from audit.services import audit_verify_chain
from config.settings.evidence import evidence_storage
from evidence import services
from evidence.models import EvidenceAnalysis, Visibility
from evidence.services import evidence_verify_all
from incidents.models import Evidence
from incidents.services import evidence_add
from tests.api.support import assert_error
from tests.evidence.test_location import gps_tags, jpeg_with_gps

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def keys(bucket) -> set[str]:
    listed = bucket.client.list_objects_v2(Bucket=bucket.name)
    return {item["Key"] for item in listed.get("Contents", [])}


def object_bytes(bucket, key) -> bytes:
    return bucket.client.get_object(Bucket=bucket.name, Key=key)["Body"].read()


def files_on_disk(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()]


def body_of(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def file_url(evidence) -> str:
    return f"/api/v1/incidents/{evidence.incident.reference}/evidence/{evidence.pk}/"


@pytest.fixture
def uploaded(
    s3_bucket, media_root, pak_officer, make_claim, photo, django_capture_on_commit_callbacks
):
    """A photo filed through the API onto a claim, its analysis run (eagerly, on commit)."""
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(pak_officer).post(
            f"/api/v1/incidents/{claim.reference}/evidence/",
            {"file": SimpleUploadedFile("crater.jpg", photo, content_type="image/jpeg")},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    return Evidence.objects.get(pk=response.json()["id"])


def test_an_upload_its_preview_and_nothing_else_land_in_the_bucket(
    uploaded, s3_bucket, media_root, photo
):
    analysis = EvidenceAnalysis.objects.get(evidence_id=uploaded.pk)

    assert analysis.analysed_at is not None and analysis.problem == ""
    assert analysis.preview.name.startswith("evidence-previews/")
    assert keys(s3_bucket) == {uploaded.file.name, analysis.preview.name}
    assert object_bytes(s3_bucket, uploaded.file.name) == photo
    assert object_bytes(s3_bucket, analysis.preview.name)[:3] == b"\xff\xd8\xff"  # a JPEG
    assert uploaded.sha256 == hashlib.sha256(photo).hexdigest()
    assert files_on_disk(media_root) == []


def test_the_download_streams_the_checked_bytes_and_the_preview_is_served(
    uploaded, afg_officer, photo
):
    response = api(afg_officer).get(file_url(uploaded))

    assert response.status_code == 200
    assert body_of(response) == photo
    assert response["Digest"] == f"sha-256={hashlib.sha256(photo).hexdigest()}"
    preview = api(afg_officer).get(f"{file_url(uploaded)}preview/")
    assert preview.status_code == 200
    assert preview["Content-Type"] == "image/jpeg"
    assert body_of(preview)[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(
            lambda s3, key: s3.client.put_object(
                Bucket=s3.name, Key=key, Body=object_bytes(s3, key) + b"appended"
            ),
            id="changed",
        ),
        pytest.param(
            lambda s3, key: s3.client.delete_object(Bucket=s3.name, Key=key), id="missing"
        ),
    ],
)
def test_an_object_altered_in_the_bucket_is_refused_and_audited(
    tamper, uploaded, s3_bucket, tur_reviewer, photo
):
    tamper(s3_bucket, uploaded.file.name)

    response = api(tur_reviewer).get(file_url(uploaded))

    assert_error(response, 500, "EVIDENCE_INTEGRITY_FAILED")
    assert photo[:64] not in response.content
    event = AuditEvent.objects.get(action="evidence_integrity_failed")
    assert (event.actor, event.payload["evidence_id"]) == (tur_reviewer, uploaded.pk)
    assert event.payload["found"] != uploaded.sha256
    assert evidence_verify_all() == [
        f"{uploaded.incident.reference}/{uploaded.pk}"
        + (" (missing)" if event.payload["found"] == "missing" else "")
    ]
    assert audit_verify_chain().ok


def test_an_intact_bucket_verifies(uploaded):
    assert evidence_verify_all() == []


def test_a_copy_without_location_lives_in_the_bucket_and_is_checked_there(
    s3_bucket, media_root, pak_officer, afg_officer, make_claim, django_capture_on_commit_callbacks
):
    """The other party's copy without location (evidence.location) is an object of its
    own beside the original, served from the bucket against its own SHA-256."""
    claim = make_claim()
    located = jpeg_with_gps()
    with django_capture_on_commit_callbacks(execute=True):
        response = api(pak_officer).post(
            f"/api/v1/incidents/{claim.reference}/evidence/",
            {"file": SimpleUploadedFile("position.jpg", located), "strip_location": "true"},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get(pk=response.json()["id"])
    preview = EvidenceAnalysis.objects.get(evidence_id=evidence.pk).preview.name
    copy = object_bytes(s3_bucket, evidence.stripped_file.name)

    assert evidence.stripped_file.name.endswith("-nolocation")
    assert keys(s3_bucket) == {evidence.file.name, evidence.stripped_file.name, preview}
    assert object_bytes(s3_bucket, evidence.file.name) == located
    assert gps_tags(copy) == {}
    assert hashlib.sha256(copy).hexdigest() == evidence.stripped_sha256
    assert files_on_disk(media_root) == []
    assert body_of(api(afg_officer).get(file_url(evidence))) == copy
    assert evidence_verify_all() == []

    s3_bucket.client.put_object(
        Bucket=s3_bucket.name, Key=evidence.stripped_file.name, Body=copy + b"appended"
    )

    assert_error(api(afg_officer).get(file_url(evidence)), 500, "EVIDENCE_INTEGRITY_FAILED")
    assert body_of(api(pak_officer).get(file_url(evidence))) == located
    assert evidence_verify_all() == [f"{claim.reference}/{evidence.pk} (copy without location)"]


def test_a_mediators_only_file_in_the_bucket_keeps_its_rule(
    s3_bucket,
    media_root,
    pak_officer,
    afg_officer,
    tur_reviewer,
    make_claim,
    photo,
    django_capture_on_commit_callbacks,
):
    claim = make_claim()
    with django_capture_on_commit_callbacks(execute=True):
        hidden = evidence_add(
            user=pak_officer,
            incident=claim,
            upload=SimpleUploadedFile("statement.jpg", photo, content_type="image/jpeg"),
            visibility=Visibility.MEDIATORS_ONLY,
        )
    assert hidden.file.name in keys(s3_bucket)

    # The other party sees the claim, not the file (as on the disk).
    assert api(afg_officer).get(file_url(hidden)).status_code == 403
    assert api(afg_officer).get(f"{file_url(hidden)}preview/").status_code == 403
    for user in (tur_reviewer, pak_officer):
        response = api(user).get(file_url(hidden))
        assert response.status_code == 200
        assert body_of(response) == photo


def test_objects_carry_no_grant_beyond_the_owner_and_no_url_is_handed_out(
    uploaded, s3_bucket, afg_officer
):
    grants = s3_bucket.client.get_object_acl(Bucket=s3_bucket.name, Key=uploaded.file.name)
    assert [grant["Permission"] for grant in grants["Grants"]] == ["FULL_CONTROL"]
    assert "URI" not in grants["Grants"][0]["Grantee"]  # not AllUsers / AuthenticatedUsers
    # Should anything ask for one, it gets the bare object address: no signature that would
    # let a holder bypass the permission check and the re-hash.
    assert "Signature" not in default_storage.url(uploaded.file.name)
    listed = api(afg_officer).get(f"/api/v1/incidents/{uploaded.incident.reference}/evidence/")
    assert s3_bucket.name not in listed.content.decode()


def test_a_failed_store_leaves_no_object_behind(
    s3_bucket, media_root, pak_officer, make_claim, photo, monkeypatch
):
    def refuse(**kwargs):
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr(services, "audit_record", refuse)
    with pytest.raises(RuntimeError):
        evidence_add(
            user=pak_officer,
            incident=make_claim(),
            upload=SimpleUploadedFile("crater.jpg", photo, content_type="image/jpeg"),
        )

    assert keys(s3_bucket) == set()


def test_the_settings_build_a_private_s3_storage_from_the_environment(monkeypatch):
    for name, value in {
        "EVIDENCE_STORAGE": "s3",
        "S3_BUCKET": "mechanism-evidence",
        "S3_ENDPOINT_URL": "http://minio:9000",
        "S3_ACCESS_KEY_ID": "key-id",
        "S3_SECRET_ACCESS_KEY": "secret",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("S3_REGION", raising=False)

    storage = evidence_storage()

    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"]) == (
        "mechanism-evidence",
        "http://minio:9000",
    )
    assert (options["access_key"], options["secret_key"]) == ("key-id", "secret")
    assert options["region_name"] == "us-east-1"
    assert options["default_acl"] is None
    assert options["querystring_auth"] is False
    assert options["file_overwrite"] is False


def test_the_local_disk_stays_the_default(monkeypatch):
    monkeypatch.delenv("EVIDENCE_STORAGE", raising=False)

    assert evidence_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        ({"EVIDENCE_STORAGE": "s3"}, "S3_BUCKET"),
        ({"EVIDENCE_STORAGE": "gcs", "S3_BUCKET": "b"}, "local or s3"),
    ],
)
def test_an_incomplete_storage_configuration_refuses_to_start(environment, complaint, monkeypatch):
    monkeypatch.delenv("S3_BUCKET", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    with pytest.raises(ImproperlyConfigured, match=complaint):
        evidence_storage()
