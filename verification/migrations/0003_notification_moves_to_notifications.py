# The model now lives in the notifications app (same table); only Django's state forgets it here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("verification", "0002_backfill_replied_at"),
        ("notifications", "0001_notifications_move_from_verification"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
        ),
    ]
