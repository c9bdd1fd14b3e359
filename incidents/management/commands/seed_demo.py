import time

from django.core.management.base import BaseCommand, no_translations
from django.db import transaction

from accounts.services import second_factor_policy_relax_for_demo
from incidents.demo import EXTENSIONS, seed_claims, seed_reference_data, seed_users
from incidents.models import Incident
from incidents.tally import tally_compact
from verification.demo import settle


class Command(BaseCommand):
    help = (
        "Load the reference data (as load_reference_data does) and create one demo user "
        "per role with a shared password (idempotent); "
        "with --claims N, add N synthetic claims in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", required=True, help="Password for every demo user.")
        parser.add_argument("--claims", type=int, default=0, help="Synthetic claims to add.")
        parser.add_argument(
            "--min-claims",
            type=int,
            default=0,
            help="Add synthetic claims only up to this many in all (for `make run`: idempotent).",
        )
        parser.add_argument("--seed", type=int, default=2025, help="Random seed for claims.")
        parser.add_argument(
            "--no-settle",
            action="store_true",
            help=(
                "Skip the last step (reviewers named, waiting records assigned, one sweep), "
                "for the bench's million claims, whose states need not agree."
            ),
        )

    # The listing is in English whatever language a previous request left active (the demo
    # users' own languages among them): the rest of the command's output is English too.
    @no_translations
    def handle(self, *args, password, claims, seed, min_claims, no_settle, **options):
        if min_claims:
            claims = max(claims, min_claims - Incident.objects.count())
        with transaction.atomic():
            created = seed_reference_data()
            users = seed_users(password=password)
            second_factor_policy_relax_for_demo()
        self.stdout.write(
            "Reference data: " + ", ".join(f"{n} new {kind}" for kind, n in created.items())
        )
        self.stdout.write(
            "A demo only: a production install runs load_reference_data, which makes no "
            "user, and invites its people (invite), each choosing a password."
        )
        self.stdout.write(f"Demo users (password: {password}):")
        for user in users:
            org = user.organisation.name if user.organisation else "-"
            self.stdout.write(f"  {user.username:<14} {user.get_role_display():<20} {org}")
        self.stdout.write(
            "Second factor: offered to every role, required of none (the demo's policy; "
            "a production install requires it of the secretariat and mediator reviewers)."
        )
        if claims:
            started = time.monotonic()
            made = seed_claims(count=claims, seed=seed, log=self.stdout.write)
            self.stdout.write(f"Added {made} claims in {time.monotonic() - started:.1f} s.")
            if tally_compact():
                self.stdout.write("Tallies rewritten without the load's superseded rows.")
        for extend in EXTENSIONS:
            extend(claims=claims, seed=seed, log=self.stdout.write)
        if not no_settle:
            settle(log=self.stdout.write)
