from django.core.management.base import BaseCommand, CommandError

from evidence.services import evidence_models, evidence_verify_all


class Command(BaseCommand):
    help = "Hash every stored evidence file; exit 1 naming each one that fails its SHA-256."

    def handle(self, *args, **options):
        failures = evidence_verify_all()
        if failures:
            raise CommandError(
                f"{len(failures)} evidence file(s) fail their SHA-256: {', '.join(failures)}"
            )
        count = sum(model.objects.count() for model in evidence_models())
        self.stdout.write(f"Evidence intact: {count} files match their SHA-256.")
