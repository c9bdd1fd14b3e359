# ruff: noqa: S608  (the SQL is built from this module's constants, never from input)
import django.db.models.deletion
from django.db import migrations, models

DIMENSIONS = "reporting_party_id, accused_party_id, category_id, status, submitted, week"
TALLY = "incidents_incidenttally"
CLAIMS = "incidents_incident"

# PostgreSQL: inserts are counted once per statement from its transition table (a COPY of
# ten thousand claims is one grouped upsert); an update is counted only when it moves a
# claim between tallies (the sweep's flag updates never fire it); deletes per row.
POSTGRES_UP = """
CREATE FUNCTION incidents_tally_week(ts timestamptz) RETURNS date
    LANGUAGE sql IMMUTABLE AS $$ SELECT date_trunc('week', ts AT TIME ZONE 'UTC')::date $$;

CREATE FUNCTION incidents_tally_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO incidents_incidenttally (reporting_party_id, accused_party_id, category_id, status, submitted, week, n)
    SELECT reporting_party_id, accused_party_id, category_id, status,
           submitted_at IS NOT NULL, incidents_tally_week(occurred_at), count(*)
    FROM added GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (reporting_party_id, accused_party_id, category_id, status, submitted, week) DO UPDATE SET n = incidents_incidenttally.n + EXCLUDED.n;
    RETURN NULL;
END $$;

CREATE FUNCTION incidents_tally_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO incidents_incidenttally (reporting_party_id, accused_party_id, category_id, status, submitted, week, n)
        VALUES (OLD.reporting_party_id, OLD.accused_party_id, OLD.category_id, OLD.status,
                OLD.submitted_at IS NOT NULL, incidents_tally_week(OLD.occurred_at), -1)
        ON CONFLICT (reporting_party_id, accused_party_id, category_id, status, submitted, week) DO UPDATE SET n = incidents_incidenttally.n - 1;
    END IF;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO incidents_incidenttally (reporting_party_id, accused_party_id, category_id, status, submitted, week, n)
        VALUES (NEW.reporting_party_id, NEW.accused_party_id, NEW.category_id, NEW.status,
                NEW.submitted_at IS NOT NULL, incidents_tally_week(NEW.occurred_at), 1)
        ON CONFLICT (reporting_party_id, accused_party_id, category_id, status, submitted, week) DO UPDATE SET n = incidents_incidenttally.n + 1;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER incidents_tally_insert AFTER INSERT ON incidents_incident
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_tally_inserted();
CREATE TRIGGER incidents_tally_update AFTER UPDATE ON incidents_incident FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status
          OR (OLD.submitted_at IS NULL) IS DISTINCT FROM (NEW.submitted_at IS NULL)
          OR OLD.occurred_at IS DISTINCT FROM NEW.occurred_at
          OR OLD.category_id IS DISTINCT FROM NEW.category_id
          OR OLD.reporting_party_id IS DISTINCT FROM NEW.reporting_party_id
          OR OLD.accused_party_id IS DISTINCT FROM NEW.accused_party_id)
    EXECUTE FUNCTION incidents_tally_moved();
CREATE TRIGGER incidents_tally_delete AFTER DELETE ON incidents_incident
    FOR EACH ROW EXECUTE FUNCTION incidents_tally_moved();

INSERT INTO incidents_incidenttally (reporting_party_id, accused_party_id, category_id, status, submitted, week, n)
SELECT reporting_party_id, accused_party_id, category_id, status,
       submitted_at IS NOT NULL, incidents_tally_week(occurred_at), count(*)
FROM incidents_incident GROUP BY 1, 2, 3, 4, 5, 6;
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS incidents_tally_delete ON {CLAIMS};
DROP TRIGGER IF EXISTS incidents_tally_update ON {CLAIMS};
DROP TRIGGER IF EXISTS incidents_tally_insert ON {CLAIMS};
DROP FUNCTION IF EXISTS incidents_tally_moved();
DROP FUNCTION IF EXISTS incidents_tally_inserted();
DROP FUNCTION IF EXISTS incidents_tally_week(timestamptz);
"""

# SQLite stores datetimes as UTC text; date(x, 'weekday 0', '-6 days') is that week's Monday.
SQLITE_WEEK = "date({}.occurred_at, 'weekday 0', '-6 days')"


def _sqlite_count(row: str, sign: str) -> str:
    return (
        f"INSERT INTO {TALLY} ({DIMENSIONS}, n) VALUES ("  # nosec B608  # constants only
        f"{row}.reporting_party_id, {row}.accused_party_id, {row}.category_id, {row}.status, "
        f"{row}.submitted_at IS NOT NULL, {SQLITE_WEEK.format(row)}, {sign}1) "
        f"ON CONFLICT ({DIMENSIONS}) DO UPDATE SET n = n {sign} 1;"
    )


SQLITE_UP = [
    f"CREATE TRIGGER incidents_tally_insert AFTER INSERT ON {CLAIMS} "
    f"BEGIN {_sqlite_count('NEW', '+')} END;",
    f"CREATE TRIGGER incidents_tally_update AFTER UPDATE ON {CLAIMS} "
    "WHEN OLD.status IS NOT NEW.status "
    "OR (OLD.submitted_at IS NULL) IS NOT (NEW.submitted_at IS NULL) "
    "OR OLD.occurred_at IS NOT NEW.occurred_at OR OLD.category_id IS NOT NEW.category_id "
    "OR OLD.reporting_party_id IS NOT NEW.reporting_party_id "
    "OR OLD.accused_party_id IS NOT NEW.accused_party_id "
    f"BEGIN {_sqlite_count('OLD', '-')} {_sqlite_count('NEW', '+')} END;",
    f"CREATE TRIGGER incidents_tally_delete AFTER DELETE ON {CLAIMS} "
    f"BEGIN {_sqlite_count('OLD', '-')} END;",
    f"INSERT INTO {TALLY} ({DIMENSIONS}, n) "  # nosec B608  # this module's constants
    "SELECT reporting_party_id, accused_party_id, category_id, status, "
    f"submitted_at IS NOT NULL, {SQLITE_WEEK.format(CLAIMS)}, count(*) "
    f"FROM {CLAIMS} GROUP BY 1, 2, 3, 4, 5, 6;",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS incidents_tally_insert;",
    "DROP TRIGGER IF EXISTS incidents_tally_update;",
    "DROP TRIGGER IF EXISTS incidents_tally_delete;",
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
        ("accounts", "0001_organisations_and_users"),
        ("incidents", "0005_sweep_partial_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="IncidentTally",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("draft", "Draft"),
                            ("submitted", "Submitted"),
                            ("under_review", "Under review"),
                            ("disputed", "Disputed (differing views)"),
                            ("verified", "Verified"),
                            ("not_verified", "Not verified"),
                            ("inconclusive", "Inconclusive"),
                            ("withdrawn", "Withdrawn"),
                        ],
                        max_length=16,
                    ),
                ),
                ("submitted", models.BooleanField()),
                (
                    "week",
                    models.DateField(
                        help_text="Monday (UTC) of the week the claimed event occurred"
                    ),
                ),
                ("n", models.BigIntegerField(default=0)),
                (
                    "accused_party",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.party",
                    ),
                ),
                (
                    "category",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="incidents.category",
                    ),
                ),
                (
                    "reporting_party",
                    models.ForeignKey(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="accounts.party",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=(
                            "reporting_party",
                            "accused_party",
                            "category",
                            "status",
                            "submitted",
                            "week",
                        ),
                        name="incident_tally_dimensions",
                    )
                ],
            },
        ),
        migrations.RunPython(install, remove),
    ]
