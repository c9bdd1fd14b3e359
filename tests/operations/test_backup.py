"""`manage.py backup` writes the database, every evidence file, its copy without location
and its preview into one archive; `manage.py restore` brings it back into a fresh
database and storage and verifies the audit chain and every evidence hash. Runs on the
configured database: SQLite locally, PostgreSQL (pg_dump / pg_restore) in CI; and on
either storage, the disk or an S3 bucket (a local S3 server), in both directions."""

import io
import os
import subprocess
import sys
import tarfile
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import ChainHead
from evidence.models import EvidenceAnalysis
from incidents.models import Evidence
from incidents.services import evidence_add
from tests.evidence.test_location import jpeg_with_gps
from tests.incidents.test_evidence import PDF, PNG_1X1

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media_root(settings, tmp_path):
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    return root


@pytest.fixture
def record(media_root, file_claim, cast):
    """Claims at several stages, evidence from both parties, and their audit events."""
    filed = file_claim("under_review")
    file_claim("verified", by="afg_officer")
    file_claim("draft")
    evidence_add(
        user=cast["pak_officer"],
        incident=filed,
        upload=SimpleUploadedFile("crater.png", PNG_1X1),
    )
    evidence_add(
        user=cast["afg_officer"],
        incident=filed,
        upload=SimpleUploadedFile("reply.pdf", PDF),
        visibility="mediators_only",
    )
    located = evidence_add(
        user=cast["pak_officer"],
        incident=filed,
        upload=SimpleUploadedFile("position.jpg", jpeg_with_gps()),
        strip_location=True,
    )
    assert located.location_stripped
    head = ChainHead.objects.get()
    return {
        "head": (head.sequence, head.hash),
        # The copy without location is a stored file of its own, archived and verified.
        "evidence": Evidence.objects.count() + 1,
        # What the storage holds: each file's name and bytes, the copy without location
        # and the previews included.
        "stored": stored_objects(),
    }


def stored_objects() -> dict[str, bytes]:
    names = [
        name
        for e in Evidence.objects.order_by("pk")
        for name in (e.file.name, e.stripped_file.name)
        if name
    ] + [a.preview.name for a in EvidenceAnalysis.objects.exclude(preview="")]
    return {name: default_storage.open(name, "rb").read() for name in names}


@pytest.fixture
def fresh_database(tmp_path):
    """The URL of an empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    params = {
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "dbname": "postgres",
    }
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    credentials = quote(db.get("USER") or "")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    yield f"postgres://{credentials}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{name}"
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args, database_url, media, storage=None):
    """Run a command in a fresh process on that database, with evidence on the disk at
    `media` or, given a bucket's `storage` environment, in that bucket."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "DJANGO_MEDIA_ROOT": str(media),
        "EVIDENCE_STORAGE": "local",
        **(storage or {}),
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def backup(path: Path) -> str:
    out = io.StringIO()
    call_command("backup", str(path), stdout=out)
    return out.getvalue()


def test_a_restore_into_a_fresh_database_verifies_chain_and_every_evidence_hash(
    record, fresh_database, tmp_path
):
    archive = tmp_path / "backup.tar.gz"
    written = backup(archive)
    assert f"{record['evidence']} evidence files" in written

    restored_media = tmp_path / "restored-media"
    result = manage("restore", str(archive), database_url=fresh_database, media=restored_media)

    assert result.returncode == 0, result.stdout + result.stderr
    sequence, head = record["head"]
    assert f"audit chain intact ({sequence} events, head {head})" in result.stdout
    assert f"{record['evidence']} evidence files match their SHA-256" in result.stdout
    # And independently of the restore command's own report:
    chain = manage("verify_audit_chain", database_url=fresh_database, media=restored_media)
    assert chain.returncode == 0, chain.stderr
    assert f"{sequence} events, head {head}" in chain.stdout
    files = manage("verify_evidence", database_url=fresh_database, media=restored_media)
    assert files.returncode == 0, files.stderr
    assert f"{record['evidence']} files match" in files.stdout


def test_a_file_altered_inside_the_archive_fails_the_restore(record, fresh_database, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(altered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/") and data == PDF:
                data = data.replace(b"Count 0", b"Count 9")
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))

    result = manage("restore", str(altered), database_url=fresh_database, media=tmp_path / "m")

    assert result.returncode == 1
    assert "1 evidence file(s) fail their hash" in result.stderr


def test_files_the_manifest_does_not_name_are_never_extracted(record, fresh_database, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    extended = tmp_path / "extended.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(extended, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        evil = tarfile.TarInfo("../../outside.txt")
        evil.size = 4
        target.addfile(evil, io.BytesIO(b"evil"))

    result = manage("restore", str(extended), database_url=fresh_database, media=tmp_path / "m")

    assert result.returncode == 0, result.stderr
    assert not (tmp_path.parent / "outside.txt").exists()
    assert not any(path.name == "outside.txt" for path in tmp_path.rglob("*"))


def test_restore_refuses_a_database_that_is_not_empty(record, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def test_backup_refuses_when_an_evidence_file_is_missing(record, media_root, tmp_path):
    # An evidence file, not one of the previews derived from it.
    (media_root / Evidence.objects.order_by("pk").first().file.name).unlink()

    with pytest.raises(CommandError, match="missing"):
        backup(tmp_path / "backup.tar.gz")


def files_under(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


def bucket_objects(bucket) -> dict[str, bytes]:
    listed = bucket.client.list_objects_v2(Bucket=bucket.name).get("Contents", [])
    return {
        item["Key"]: bucket.client.get_object(Bucket=bucket.name, Key=item["Key"])["Body"].read()
        for item in listed
    }


def test_the_previews_travel_with_the_evidence(record, fresh_database, tmp_path):
    previews = EvidenceAnalysis.objects.exclude(preview="").count()
    assert previews >= 1  # the PNG's, at least
    archive = tmp_path / "backup.tar.gz"
    assert f"{previews} previews" in backup(archive)

    restored_media = tmp_path / "restored-media"
    result = manage("restore", str(archive), database_url=fresh_database, media=restored_media)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{previews} previews" in result.stdout
    assert files_under(restored_media) == record["stored"]


def test_an_archive_made_on_the_disk_restores_into_a_bucket(
    record, media_root, fresh_database, spare_bucket, tmp_path
):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    untouched = tmp_path / "untouched-media"

    result = manage(
        "restore",
        str(archive),
        database_url=fresh_database,
        media=untouched,
        storage=spare_bucket.environment,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{record['evidence']} evidence files match their SHA-256" in result.stdout
    assert bucket_objects(spare_bucket) == record["stored"]
    assert not untouched.exists() or files_under(untouched) == {}
    files = manage(
        "verify_evidence",
        database_url=fresh_database,
        media=untouched,
        storage=spare_bucket.environment,
    )
    assert files.returncode == 0, files.stderr
    assert f"{record['evidence']} files match" in files.stdout


@pytest.fixture
def bucket_record(s3_bucket, record):
    """The same record, its files stored in the bucket (the storage configured first)."""
    return record


def test_an_archive_made_from_a_bucket_restores_onto_the_disk(
    bucket_record, s3_bucket, media_root, fresh_database, tmp_path
):
    assert set(bucket_objects(s3_bucket)) == set(bucket_record["stored"])
    assert files_under(media_root) == {}
    archive = tmp_path / "backup.tar.gz"
    backup(archive)

    restored_media = tmp_path / "restored-media"
    result = manage("restore", str(archive), database_url=fresh_database, media=restored_media)

    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{bucket_record['evidence']} evidence files match their SHA-256" in result.stdout
    assert files_under(restored_media) == bucket_record["stored"]


def test_restore_refuses_a_bucket_that_already_holds_the_files(
    bucket_record, s3_bucket, fresh_database, tmp_path
):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)

    result = manage(
        "restore",
        str(archive),
        database_url=fresh_database,
        media=tmp_path / "m",
        storage=s3_bucket.environment,
    )

    assert result.returncode == 1
    assert "already exists in the storage" in result.stderr


def test_backup_refuses_when_an_object_is_missing_from_the_bucket(
    bucket_record, s3_bucket, tmp_path
):
    name = Evidence.objects.order_by("pk").first().file.name
    s3_bucket.client.delete_object(Bucket=s3_bucket.name, Key=name)

    with pytest.raises(CommandError, match="missing"):
        backup(tmp_path / "backup.tar.gz")


def test_a_preview_altered_inside_the_archive_fails_before_anything_is_restored(
    record, fresh_database, tmp_path
):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(altered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/evidence-previews/"):
                data += b"appended"
                member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    restored_media = tmp_path / "restored-media"

    result = manage("restore", str(altered), database_url=fresh_database, media=restored_media)

    assert result.returncode == 1
    assert "differs from the one archived" in result.stderr
    assert not restored_media.exists() or files_under(restored_media) == {}
    # The database was left empty: the same archive, unaltered, still restores into it.
    again = manage("restore", str(archive), database_url=fresh_database, media=restored_media)
    assert again.returncode == 0, again.stdout + again.stderr


def test_an_altered_copy_without_location_fails_the_restore(record, fresh_database, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    backup(archive)
    altered = tmp_path / "altered.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(altered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.endswith("-nolocation"):
                data = data[:-2] + b"\x00" + data[-1:]
            target.addfile(member, io.BytesIO(data))

    result = manage("restore", str(altered), database_url=fresh_database, media=tmp_path / "m")

    assert result.returncode == 1
    assert "1 evidence file(s) fail their hash" in result.stderr
    assert "(copy without location)" in result.stderr
