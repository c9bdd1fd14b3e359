import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import evidence.models


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0002_seed_kinds_and_urgencies"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ActionReportRevision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("number", models.PositiveIntegerField()),
                ("previous_content", models.JSONField()),
                ("changed_fields", models.JSONField(default=list)),
                ("reason", models.TextField(max_length=2000)),
                ("amended_at", models.DateTimeField(auto_now_add=True)),
                (
                    "action_report",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="revisions",
                        to="compliance.actionreport",
                    ),
                ),
                (
                    "amended_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "ordering": ["action_report", "number"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("action_report", "number"), name="action_revision_number_unique"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("reason", ""), _negated=True),
                        name="action_revision_has_reason",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="ReferralEvidence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "stored_name",
                    models.CharField(
                        default=evidence.models.random_name,
                        editable=False,
                        max_length=64,
                        unique=True,
                    ),
                ),
                (
                    "file",
                    models.FileField(max_length=200, upload_to=evidence.models.evidence_path),
                ),
                ("original_name", models.CharField(max_length=255)),
                ("description", models.CharField(blank=True, max_length=500)),
                ("sha256", models.CharField(max_length=64)),
                ("size", models.PositiveBigIntegerField()),
                ("content_type", models.CharField(max_length=100)),
                (
                    "visibility",
                    models.CharField(
                        choices=[
                            ("parties", "Both parties and the mediators"),
                            ("mediators_only", "Mediators only"),
                        ],
                        default="parties",
                        max_length=16,
                    ),
                ),
                ("uploaded_at", models.DateTimeField(auto_now_add=True)),
                (
                    "referral",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evidence",
                        to="compliance.referral",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name_plural": "referral evidence",
                "ordering": ["uploaded_at", "id"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("sha256__regex", "^[0-9a-f]{64}$")),
                        name="referral_evidence_sha256_hex",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("visibility__in", ["parties", "mediators_only"])),
                        name="referral_evidence_visibility_valid",
                    ),
                ],
            },
        ),
    ]
