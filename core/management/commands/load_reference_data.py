from django.core.management.base import BaseCommand

from core.reference_data import reference_data_load


class Command(BaseCommand):
    help = (
        "Load the parties, co-chairs, taxonomy (with its deadlines), commitment kinds, "
        "urgencies and penalty measures: what is missing is created, nothing is changed, "
        "and no user is made. Safe to run again."
    )

    def handle(self, *args, **options):
        created = reference_data_load()
        if not any(created.values()):
            self.stdout.write("Nothing to create: the reference data is complete.")
            return
        self.stdout.write(
            "Created: " + ", ".join(f"{n} {kind}" for kind, n in created.items() if n) + "."
        )
