# ruff: noqa: S608  (the SQL is built from this module's constants, never from input)
import django.db.models.deletion
from django.db import migrations, models

# The place tally is kept as the tally is (0006_incident_tally): on PostgreSQL inserts are
# counted once per statement from its transition table, an update only when it moves a
# claim between rows, deletes per row; on SQLite one trigger per row. Its pages keep room
# for updates in place, as the tally's do (0009_tally_room_for_updates).
TALLY = "incidents_incidentplacetally"
CLAIMS = "incidents_incident"
DIMENSIONS = (
    "reporting_party_id, accused_party_id, province, border_sector, status, submitted, week"
)
MOVES = ("status", "occurred_at", "reporting_party_id", "accused_party_id", "province", "border_sector")


POSTGRES_UP = """
ALTER TABLE incidents_incidentplacetally SET (fillfactor = 50,
    autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 2000);

CREATE FUNCTION incidents_place_tally_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO incidents_incidentplacetally (reporting_party_id, accused_party_id, province, border_sector, status, submitted, week, n)
    SELECT reporting_party_id, accused_party_id, province, border_sector, status,
           submitted_at IS NOT NULL, incidents_tally_week(occurred_at), count(*)
    FROM added GROUP BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT (reporting_party_id, accused_party_id, province, border_sector, status, submitted, week)
    DO UPDATE SET n = incidents_incidentplacetally.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE FUNCTION incidents_place_tally_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO incidents_incidentplacetally (reporting_party_id, accused_party_id, province, border_sector, status, submitted, week, n)
        VALUES (OLD.reporting_party_id, OLD.accused_party_id, OLD.province, OLD.border_sector,
                OLD.status, OLD.submitted_at IS NOT NULL, incidents_tally_week(OLD.occurred_at), -1)
        ON CONFLICT (reporting_party_id, accused_party_id, province, border_sector, status, submitted, week)
        DO UPDATE SET n = incidents_incidentplacetally.n - 1;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO incidents_incidentplacetally (reporting_party_id, accused_party_id, province, border_sector, status, submitted, week, n)
        VALUES (NEW.reporting_party_id, NEW.accused_party_id, NEW.province, NEW.border_sector,
                NEW.status, NEW.submitted_at IS NOT NULL, incidents_tally_week(NEW.occurred_at), +1)
        ON CONFLICT (reporting_party_id, accused_party_id, province, border_sector, status, submitted, week)
        DO UPDATE SET n = incidents_incidentplacetally.n + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER incidents_place_tally_insert AFTER INSERT ON incidents_incident
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_place_tally_inserted();
CREATE TRIGGER incidents_place_tally_update AFTER UPDATE ON incidents_incident FOR EACH ROW
    WHEN ((OLD.submitted_at IS NULL) IS DISTINCT FROM (NEW.submitted_at IS NULL)
          OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.occurred_at IS DISTINCT FROM NEW.occurred_at
          OR OLD.reporting_party_id IS DISTINCT FROM NEW.reporting_party_id
          OR OLD.accused_party_id IS DISTINCT FROM NEW.accused_party_id
          OR OLD.province IS DISTINCT FROM NEW.province
          OR OLD.border_sector IS DISTINCT FROM NEW.border_sector)
    EXECUTE FUNCTION incidents_place_tally_moved();
CREATE TRIGGER incidents_place_tally_delete AFTER DELETE ON incidents_incident
    FOR EACH ROW EXECUTE FUNCTION incidents_place_tally_moved();

INSERT INTO incidents_incidentplacetally (reporting_party_id, accused_party_id, province, border_sector, status, submitted, week, n)
SELECT reporting_party_id, accused_party_id, province, border_sector, status,
       submitted_at IS NOT NULL, incidents_tally_week(occurred_at), count(*)
FROM incidents_incident GROUP BY 1, 2, 3, 4, 5, 6, 7;
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS incidents_place_tally_delete ON {CLAIMS};
DROP TRIGGER IF EXISTS incidents_place_tally_update ON {CLAIMS};
DROP TRIGGER IF EXISTS incidents_place_tally_insert ON {CLAIMS};
DROP FUNCTION IF EXISTS incidents_place_tally_moved();
DROP FUNCTION IF EXISTS incidents_place_tally_inserted();
"""

# SQLite stores datetimes as UTC text; date(x, 'weekday 0', '-6 days') is that week's Monday.
SQLITE_WEEK = "date({}.occurred_at, 'weekday 0', '-6 days')"


def _sqlite_row(row: str, sign: str) -> str:
    return (
        f"INSERT INTO {TALLY} ({DIMENSIONS}, n) VALUES ("  # nosec B608  # constants only
        f"{row}.reporting_party_id, {row}.accused_party_id, {row}.province, "
        f"{row}.border_sector, {row}.status, {row}.submitted_at IS NOT NULL, "
        f"{SQLITE_WEEK.format(row)}, {sign}1) "
        f"ON CONFLICT ({DIMENSIONS}) DO UPDATE SET n = n {sign} 1;"
    )


SQLITE_UP = [
    f"CREATE TRIGGER incidents_place_tally_insert AFTER INSERT ON {CLAIMS} "
    f"BEGIN {_sqlite_row('NEW', '+')} END;",
    f"CREATE TRIGGER incidents_place_tally_update AFTER UPDATE ON {CLAIMS} "
    "WHEN (OLD.submitted_at IS NULL) IS NOT (NEW.submitted_at IS NULL) OR "
    + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in MOVES)
    + f" BEGIN {_sqlite_row('OLD', '-')} {_sqlite_row('NEW', '+')} END;",
    f"CREATE TRIGGER incidents_place_tally_delete AFTER DELETE ON {CLAIMS} "
    f"BEGIN {_sqlite_row('OLD', '-')} END;",
    f"INSERT INTO {TALLY} ({DIMENSIONS}, n) "  # nosec B608  # this module's constants
    "SELECT reporting_party_id, accused_party_id, province, border_sector, status, "
    f"submitted_at IS NOT NULL, {SQLITE_WEEK.format(CLAIMS)}, count(*) "
    f"FROM {CLAIMS} GROUP BY 1, 2, 3, 4, 5, 6, 7;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS incidents_place_tally_insert;",
    "DROP TRIGGER IF EXISTS incidents_place_tally_update;",
    "DROP TRIGGER IF EXISTS incidents_place_tally_delete;",
]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def remove(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0007_language_names'),
        ('incidents', '0022_overdue_by_occurrence'),
    ]

    operations = [
        migrations.CreateModel(
            name='IncidentPlaceTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('province', models.CharField(max_length=100, verbose_name='province')),
                ('border_sector', models.CharField(max_length=100, verbose_name='border sector')),
                ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Submitted'), ('under_review', 'Under review'), ('disputed', 'Disputed (differing views)'), ('verified', 'Verified'), ('not_verified', 'Not verified'), ('inconclusive', 'Inconclusive'), ('withdrawn', 'Withdrawn')], max_length=16, verbose_name='status')),
                ('submitted', models.BooleanField(verbose_name='submitted')),
                ('week', models.DateField(help_text='Monday (UTC) of the week the claimed event occurred', verbose_name='week')),
                ('n', models.BigIntegerField(default=0, verbose_name='n')),
                ('accused_party', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.party', verbose_name='accused party')),
                ('reporting_party', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='accounts.party', verbose_name='reporting party')),
            ],
            options={
                'verbose_name': 'incident place tally',
                'verbose_name_plural': 'incident place tallies',
                'constraints': [models.UniqueConstraint(fields=('reporting_party', 'accused_party', 'province', 'border_sector', 'status', 'submitted', 'week'), name='incident_place_tally_dimensions')],
            },
        ),
        migrations.RunPython(install, remove),
    ]
