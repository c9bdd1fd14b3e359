from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Write the database, every evidence file and its preview into one .tar.gz archive, "
        "reading the files from the configured storage (disk or S3 bucket)."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", type=Path, help="Path of the archive to write.")

    def handle(self, *args, output, **options):
        try:
            manifest = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        head = manifest["audit_head"] or {"sequence": 0, "hash": "-"}
        self.stdout.write(
            f"Backup written to {output}: {manifest['vendor']} database, "
            f"{len(manifest['evidence'])} evidence files, {len(manifest['derived'])} previews, "
            f"audit head #{head['sequence']} "
            f"{head['hash']}"
        )
