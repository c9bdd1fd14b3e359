from django.core.management.base import BaseCommand, CommandError

from incidents.models import Evidence
from incidents.services import evidence_verify_all


class Command(BaseCommand):
    help = "Hash every stored evidence file; exit 1 naming each one that fails its SHA-256."

    def handle(self, *args, **options):
        failures = evidence_verify_all()
        if failures:
            raise CommandError(
                f"{len(failures)} evidence file(s) fail their SHA-256: {', '.join(failures)}"
            )
        self.stdout.write(f"Evidence intact: {Evidence.objects.count()} files match their SHA-256.")
