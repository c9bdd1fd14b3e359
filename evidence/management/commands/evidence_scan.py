"""Run the evidence checks again: every file of every kind, or those uploaded since a
time. Idempotent: the same bytes give the same analysis and no new match pairs."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_datetime

from evidence.analysis import evidence_analyse
from evidence.selectors import evidence_check_settings
from evidence.services import evidence_models


class Command(BaseCommand):
    help = (
        "Recompute hashes, matches, embedded time and place and previews of evidence files "
        "(each new file is still compared with every file held)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--since", help="Only files uploaded at or after this ISO time.")

    def handle(self, *args, since=None, **options):
        after = None
        if since:
            after = parse_datetime(since)
            if after is None:
                raise CommandError("--since takes an ISO 8601 time, e.g. 2025-11-20T00:00:00Z.")
        count = 0
        checks = evidence_check_settings()  # once for the whole scan
        for model in evidence_models():
            rows = model.objects.order_by("pk")
            if after is not None:
                rows = rows.filter(uploaded_at__gte=after)
            for evidence in rows.iterator(chunk_size=200):
                evidence_analyse(evidence=evidence, checks=checks)
                count += 1
        self.stdout.write(f"Checked {count} evidence files.")
