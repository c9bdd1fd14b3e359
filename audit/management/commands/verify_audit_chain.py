from django.core.management.base import BaseCommand, CommandError

from audit.services import audit_verify_chain


class Command(BaseCommand):
    help = "Recompute the audit chain; exit 1 naming the first broken event."

    def handle(self, *args, **options):
        report = audit_verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain BROKEN at event #{report.broken_sequence}: {report.problem} "
                f"({report.count} events read)."
            )
        self.stdout.write(f"Audit chain intact: {report.count} events, head {report.head_hash}")
