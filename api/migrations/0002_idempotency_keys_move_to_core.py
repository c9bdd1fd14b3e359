# The model now lives in core (same table); only Django's state forgets it here.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_idempotency_keys"),
        ("core", "0001_idempotency_keys"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="IdempotencyKey")],
        ),
    ]
