"""The tally's rows are few and each is updated on every claim that joins or leaves it.
With full pages PostgreSQL writes each update as a new row version in another page, with
new index entries, and the table grows by one version per claim written until a vacuum
(a million claims seeded left 9,546 live rows in 43 MB, and the dashboard's scan of
them took 13 ms). Half-empty pages let the update stay in its page (a HOT update, no
index entry), and the page is pruned the next time it is read, vacuum or not."""

from django.db import migrations

TALLY = "incidents_incidenttally"


def room_for_updates(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TALLY} SET (fillfactor = 50,"
        " autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000)"
    )
    # Rewrite the pages already there so that they have the room too (a few thousand
    # rows: the claims' writes wait for it a moment).
    schema_editor.execute(f"VACUUM FULL {TALLY}")


def full_pages(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"ALTER TABLE {TALLY} RESET (fillfactor,"
        " autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)"
    )


class Migration(migrations.Migration):
    # VACUUM cannot run inside a transaction.
    atomic = False

    dependencies = [("incidents", "0008_records_indexes")]

    operations = [migrations.RunPython(room_for_updates, full_pages)]
