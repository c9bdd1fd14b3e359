from django.core.management.base import BaseCommand, CommandError

from evidence.models import LocationStrip
from evidence.services import evidence_models, evidence_verify_all


class Command(BaseCommand):
    help = (
        "Hash every stored evidence file and copy without location; exit 1 naming each one "
        "that fails its SHA-256."
    )

    def handle(self, *args, **options):
        failures = evidence_verify_all()
        if failures:
            raise CommandError(
                f"{len(failures)} evidence file(s) fail their SHA-256: {', '.join(failures)}"
            )
        count = sum(
            model.objects.count()
            + model.objects.filter(location_strip=LocationStrip.STRIPPED).count()
            for model in evidence_models()
        )
        self.stdout.write(
            f"Evidence intact: {count} files match their SHA-256 (copies without location "
            "included)."
        )
