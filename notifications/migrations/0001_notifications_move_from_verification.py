# Notifications move from verification to their own app: state only, the table and its rows stay.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("verification", "0002_backfill_replied_at"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=40)),
                        ("title", models.CharField(max_length=200)),
                        ("body", models.TextField(blank=True)),
                        ("subject_type", models.CharField(blank=True, max_length=32)),
                        ("subject_ref", models.CharField(blank=True, max_length=40)),
                        ("created_at", models.DateTimeField()),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        ("email_sent_at", models.DateTimeField(blank=True, null=True)),
                        ("email_attempts", models.PositiveSmallIntegerField(default=0)),
                        ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="notifications", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "db_table": "verification_notification",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(fields=["user", "read_at"], name="notification_unread"),
                            models.Index(condition=models.Q(("email_sent_at__isnull", True)), fields=["created_at"], name="notification_email_pending"),
                        ],
                    },
                ),
            ],
        ),
    ]
