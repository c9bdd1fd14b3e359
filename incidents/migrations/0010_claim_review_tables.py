import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    """The claim's assignments, findings and reply move from verification to incidents in
    Django's state only: their tables keep their names (db_table), rows and constraints."""

    dependencies = [
        ("accounts", "0001_organisations_and_users"),
        ("incidents", "0009_tally_room_for_updates"),
        # The tables were created (and the replies backfilled) by verification's migrations.
        ("verification", "0002_backfill_replied_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Assignment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("assigned_at", models.DateTimeField()),
                        ("ended_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "assigned_by",
                            models.ForeignKey(
                                blank=True,
                                help_text="Empty when assigned automatically.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "cochair",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="assignments",
                                to="accounts.cochair",
                            ),
                        ),
                        (
                            "incident",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="assignments",
                                to="incidents.incident",
                            ),
                        ),
                        (
                            "reviewer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="assignments",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "verification_assignment",
                        "ordering": ["incident", "cochair"],
                        "indexes": [
                            models.Index(
                                fields=["reviewer", "ended_at"], name="assignment_reviewer_open"
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                condition=models.Q(("ended_at__isnull", True)),
                                fields=("incident", "cochair"),
                                name="assignment_one_active_per_cochair",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Finding",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "outcome",
                            models.CharField(
                                choices=[
                                    ("verified", "Verified"),
                                    ("not_verified", "Not verified"),
                                    ("inconclusive", "Inconclusive"),
                                ],
                                max_length=16,
                            ),
                        ),
                        (
                            "grade",
                            models.CharField(
                                choices=[
                                    ("confirmed", "Confirmed"),
                                    ("probable", "Probable"),
                                    ("possible", "Possible"),
                                ],
                                max_length=16,
                            ),
                        ),
                        ("reasoning", models.TextField(max_length=20000)),
                        ("recorded_at", models.DateTimeField()),
                        (
                            "cochair",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="findings",
                                to="accounts.cochair",
                            ),
                        ),
                        (
                            "incident",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="findings",
                                to="incidents.incident",
                            ),
                        ),
                        (
                            "reviewer",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "verification_finding",
                        "ordering": ["incident", "cochair"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("incident", "cochair"), name="finding_one_per_cochair"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("outcome__in", ["verified", "not_verified", "inconclusive"])
                                ),
                                name="finding_outcome_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("grade__in", ["confirmed", "probable", "possible"])
                                ),
                                name="finding_grade_valid",
                            ),
                            models.CheckConstraint(
                                condition=models.Q(("reasoning", ""), _negated=True),
                                name="finding_has_reasoning",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Reply",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "position",
                            models.CharField(
                                choices=[
                                    ("accepts", "Accepts"),
                                    ("denies", "Denies"),
                                    ("partially_accepts", "Partially accepts"),
                                ],
                                max_length=20,
                            ),
                        ),
                        ("narrative", models.TextField(max_length=20000)),
                        ("filed_at", models.DateTimeField()),
                        (
                            "filed_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "incident",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="reply",
                                to="incidents.incident",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name_plural": "replies",
                        "db_table": "verification_reply",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("position__in", ["accepts", "denies", "partially_accepts"])
                                ),
                                name="reply_position_valid",
                            )
                        ],
                    },
                ),
            ],
        ),
    ]
