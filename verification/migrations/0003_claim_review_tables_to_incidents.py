from django.db import migrations


class Migration(migrations.Migration):
    """Assignment, Finding and Reply now belong to incidents (its 0010); only Django's
    state forgets them here. The tables, their rows and constraints stay as they are."""

    dependencies = [
        ("verification", "0002_backfill_replied_at"),
        ("incidents", "0010_claim_review_tables"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Assignment"),
                migrations.DeleteModel(name="Finding"),
                migrations.DeleteModel(name="Reply"),
            ],
        ),
    ]
