from django.core.management.base import BaseCommand, CommandError

from audit.heads import log_verify_heads
from audit.services import audit_verify_chain


class Command(BaseCommand):
    help = (
        "Recompute the audit chain, then the transparency log's root at every signed tree "
        "head ever stored (and each head's signature), and at the chain head's size the root "
        "each append signed; exit 1 naming the first mismatch."
    )

    def handle(self, *args, **options):
        report = audit_verify_chain()
        if not report.ok:
            raise CommandError(
                f"Audit chain BROKEN at event #{report.broken_sequence}: {report.problem} "
                f"({report.count} events read)."
            )
        heads = log_verify_heads()
        if not heads.ok and heads.head_id is None:
            raise CommandError(
                f"Transparency log BROKEN at the chain head: {heads.problem} "
                f"({heads.checked} signed tree heads verified before it). An event was "
                "appended, or the head moved, without the signing key."
            )
        if not heads.ok:
            raise CommandError(
                f"Transparency log BROKEN at signed head #{heads.head_id}: {heads.problem} "
                f"({heads.checked} earlier heads verified)."
            )
        self.stdout.write(f"Audit chain intact: {report.count} events, head {report.head_hash}")
        if heads.checked:
            self.stdout.write(
                f"Transparency log intact: {heads.checked} signed tree heads verified."
            )
