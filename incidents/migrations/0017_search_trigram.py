"""`search=` reads narratives and place names through trigram indexes on PostgreSQL.

The filter is Django's `icontains`, which PostgreSQL receives as
`UPPER(column::text) LIKE UPPER('%words%')`: a GIN index of `UPPER(column)` trigrams
(pg_trgm) serves that pattern, where a b-tree cannot, so a search reads the few matching
rows instead of every narrative. pg_trgm is a trusted extension: the database's owner
may create it. SQLite keeps its plain scan."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = {
    "incident_narrative_trgm": "narrative",
    "incident_place_name_trgm": "place_name",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON incidents_incident"
            f" USING gin (UPPER({column}) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0016_appeals")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
