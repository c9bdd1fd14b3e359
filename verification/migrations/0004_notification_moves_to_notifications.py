# The model now lives in the notifications app (same table); only Django's state forgets it here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("verification", "0003_claim_review_tables_to_incidents"),
        ("notifications", "0001_notifications_move_from_verification"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
        ),
    ]
