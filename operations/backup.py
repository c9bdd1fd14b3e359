"""One archive holding the database and every evidence file, and its way back.

The archive (a .tar.gz) contains:
- manifest.json: format version, database vendor, time, the audit chain head and the
  SHA-256 of every evidence file and copy without location as recorded in the database
  (format 2 adds the previews' SHA-256 under "derived");
- database.dump (PostgreSQL, pg_dump's custom format) or database.sqlite3 (SQLite,
  a consistent copy made with SQLite's online backup API);
- media/evidence/...: the evidence files and the copies without location made for the
  other party ("...-nolocation", beside their originals), and media/evidence-previews/...:
  the previews derived from them, all read through the configured storage (the local
  disk or the S3 bucket, see EVIDENCE_STORAGE).

A restore goes into an empty database (refused otherwise) and a storage without those
files, whichever storage is configured then: an archive made on the disk restores into a
bucket and the other way round. It ends by verifying the audit chain and every evidence
hash.
"""

import hashlib
import json
import os
import sqlite3
import subprocess  # nosec B404  # runs pg_dump / pg_restore with an argument list, no shell
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection, connections
from django.utils import timezone

from audit.models import ChainHead
from evidence.models import EvidenceAnalysis
from evidence.services import evidence_models

# 2 added the previews ("derived"); archives of format 1 restore as before.
FORMAT = 2
READABLE_FORMATS = (1, 2)
MANIFEST = "manifest.json"
PG_DUMP_NAME = "database.dump"
SQLITE_NAME = "database.sqlite3"
MEDIA_PREFIX = "media"
EVIDENCE_DIR = "evidence"


class BackupError(Exception):
    pass


def _pg_env_and_target(db: dict) -> tuple[dict, list[str]]:
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["--dbname", str(db["NAME"])]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return env, args


def _run(argv: list[str], env: dict) -> None:
    # The program comes from settings (PG_DUMP / PG_RESTORE), the arguments from
    # DATABASES: an argument list without a shell, nothing from a request.
    result = subprocess.run(  # noqa: S603  # nosec B603
        argv, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {result.stderr.strip()}")


def _dump_database(workdir: Path) -> str:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        env, target = _pg_env_and_target(db)
        out = workdir / PG_DUMP_NAME
        _run(
            [settings.BACKUP_PG_DUMP, "--format=custom", "--no-owner", "--file", str(out), *target],
            env,
        )
        return PG_DUMP_NAME
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(workdir / SQLITE_NAME)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return SQLITE_NAME
    raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def _manifest(database_file: str) -> dict:
    head = ChainHead.objects.filter(pk=1).first()
    return {
        "format": FORMAT,
        "vendor": connection.vendor,
        "created_at": timezone.now().isoformat(),
        "database": database_file,
        "audit_head": {"sequence": head.sequence, "hash": head.hash} if head else None,
        # Every kind of evidence: claims', action reports' and referrals' files, and the
        # copies without location made for the other party.
        "evidence": {
            name: sha256
            for model in evidence_models()
            for fields in (("file", "sha256"), ("stripped_file", "stripped_sha256"))
            for name, sha256 in model.objects.exclude(**{fields[0]: ""})
            .order_by("pk")
            .values_list(*fields)
        },
        # The previews, by name; their SHA-256 is filled in as they are archived.
        "derived": {},
    }


def _preview_names() -> list[str]:
    return list(
        EvidenceAnalysis.objects.exclude(preview="")
        .order_by("pk")
        .values_list("preview", flat=True)
    )


def _add_stored(archive: tarfile.TarFile, name: str) -> str | None:
    """Copy one stored object into the archive under media/; its SHA-256, or None when
    the storage has no such object."""
    try:
        stored = default_storage.open(name, "rb")
    except FileNotFoundError:
        return None
    with stored, tempfile.TemporaryFile() as copy:
        # Spooled to a local file first: tarfile needs the size before the bytes, and an
        # object store's stream is read once.
        digest = hashlib.sha256()
        for chunk in stored.chunks():
            digest.update(chunk)
            copy.write(chunk)
        info = tarfile.TarInfo(f"{MEDIA_PREFIX}/{name}")
        info.size = copy.tell()
        info.mtime = int(timezone.now().timestamp())
        copy.seek(0)
        archive.addfile(info, copy)
    return digest.hexdigest()


def backup_create(*, output: Path) -> dict:
    """Write the archive to `output`; returns its manifest. Evidence files are never
    edited or deleted, so copying them after the database dump misses nothing the dump
    refers to (files added meanwhile are simply not in the dump). Every object is read
    through the configured storage. A missing evidence file refuses the backup; a
    missing preview is left out (the analysis can make it again) and named under
    `derived_missing`."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        database_file = _dump_database(workdir)
        manifest = _manifest(database_file)
        output.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(output, "w:gz") as archive:
            archive.add(workdir / database_file, arcname=database_file)
            for name in manifest["evidence"]:
                if _add_stored(archive, name) is None:
                    raise BackupError(f"Evidence file {name} is missing from the storage.")
            missing = []
            for name in _preview_names():
                sha256 = _add_stored(archive, name)
                if sha256 is None:
                    missing.append(name)
                else:
                    manifest["derived"][name] = sha256
            if missing:
                manifest["derived_missing"] = missing
            # Last, once it names exactly what the archive holds.
            (workdir / MANIFEST).write_text(json.dumps(manifest, indent=2))
            archive.add(workdir / MANIFEST, arcname=MANIFEST)
    return manifest


def _database_is_empty() -> bool:
    return "django_migrations" not in connection.introspection.table_names()


def _safe_members(archive: tarfile.TarFile, manifest: dict) -> list[tarfile.TarInfo]:
    """Only the files the manifest names, as regular files: nothing else is extracted."""
    wanted = {MANIFEST, manifest["database"]} | {
        f"{MEDIA_PREFIX}/{name}" for name in _stored_names(manifest)
    }
    members = [m for m in archive.getmembers() if m.name in wanted]
    if any(not m.isfile() for m in members) or {m.name for m in members} != wanted:
        raise BackupError("The archive does not hold exactly the files its manifest names.")
    return members


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _stored_names(manifest: dict) -> list[str]:
    return [*manifest["evidence"], *manifest.get("derived", {})]


@dataclass
class RestoreReport:
    manifest: dict
    evidence_files: int
    derived_files: int = 0


def backup_restore(*, archive_path: Path) -> RestoreReport:
    """Restore the archive into the configured, empty database and the configured
    storage (the disk or the bucket), which must not hold any of its files yet."""
    if not _database_is_empty():
        raise BackupError("The database is not empty; restore only into a fresh database.")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(archive_path, "r:gz") as archive:
        workdir = Path(tmp)
        manifest_member = archive.getmember(MANIFEST)
        manifest = json.load(archive.extractfile(manifest_member))
        if manifest.get("format") not in READABLE_FORMATS:
            raise BackupError(f"Unknown archive format {manifest.get('format')!r}.")
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"The archive holds a {manifest['vendor']} database; this is {connection.vendor}."
            )
        names = _stored_names(manifest)
        present = [name for name in names if default_storage.exists(name)]
        if present:
            raise BackupError(
                f"{present[0]} already exists in the storage; restore into an empty one."
            )
        archive.extractall(workdir, members=_safe_members(archive, manifest), filter="data")
        for name, sha256 in manifest.get("derived", {}).items():
            if _sha256_of(workdir / MEDIA_PREFIX / name) != sha256:
                raise BackupError(f"The preview {name} differs from the one archived.")
        _restore_database(workdir / manifest["database"])
        for name in names:
            with (workdir / MEDIA_PREFIX / name).open("rb") as source:
                saved = default_storage.save(name, File(source, name=name))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}; restore into an empty storage.")
    return RestoreReport(manifest, len(manifest["evidence"]), len(manifest.get("derived", {})))


def _restore_database(dump: Path) -> None:
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        connections.close_all()
        env, target = _pg_env_and_target(db)
        _run(
            [
                settings.BACKUP_PG_RESTORE,
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *target,
                str(dump),
            ],
            env,
        )
        return
    source = sqlite3.connect(dump)
    try:
        connection.ensure_connection()
        source.backup(connection.connection)
    finally:
        source.close()
