from datetime import UTC

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from verification.sweep import run_sweep


class Command(BaseCommand):
    help = "Flag every claim whose deadline has passed (the same sweep as the beat job)."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report, change nothing.")
        parser.add_argument("--as-of", help="Evaluate deadlines at this ISO-8601 time.")

    def handle(self, *args, dry_run, as_of, **options):
        when = None
        if as_of:
            try:
                when = parse_datetime(as_of)
            except ValueError:
                when = None
            if when is None:
                raise CommandError(f"--as-of: not an ISO-8601 date-time: {as_of!r}")
            if timezone.is_naive(when):
                when = when.replace(tzinfo=UTC)
        report = run_sweep(as_of=when, dry_run=dry_run)
        if report.paused:
            self.stdout.write("Sweep paused: the mechanism is locked down; nothing flagged.")
            return
        verb = "would flag" if dry_run else "flagged"
        self.stdout.write(f"Sweep as of {report.as_of.isoformat()}: {verb} {report.total}.")
        for kind, refs in report.flagged.items():
            shown = ", ".join(refs[:20]) + (f", ... (+{len(refs) - 20})" if len(refs) > 20 else "")
            self.stdout.write(f"  {kind}: {len(refs)}{(' — ' + shown) if refs else ''}")
        if not dry_run:
            self.stdout.write(f"  notifications queued: {report.notifications}")
