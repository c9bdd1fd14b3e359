from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_verify_chain
from evidence.services import evidence_verify_all
from operations.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore an archive from `backup` into an empty database and the configured storage "
        "(disk or S3 bucket), then "
        "verify the audit chain and every evidence file's SHA-256."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive, **options):
        try:
            report = backup_restore(archive_path=archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        chain = audit_verify_chain()
        if not chain.ok:
            raise CommandError(
                f"Restored, but the audit chain is BROKEN at event #{chain.broken_sequence}: "
                f"{chain.problem}."
            )
        expected = report.manifest["audit_head"]
        if expected and (chain.count, chain.head_hash) != (expected["sequence"], expected["hash"]):
            raise CommandError("Restored, but the audit chain head differs from the archive's.")
        bad = evidence_verify_all()
        if bad:
            raise CommandError(f"Restored, but {len(bad)} evidence file(s) fail their hash: {bad}")
        self.stdout.write(
            f"Restored {archive}: audit chain intact ({chain.count} events, head "
            f"{chain.head_hash}); {report.evidence_files} evidence files match their SHA-256; "
            f"{report.derived_files} previews."
        )
