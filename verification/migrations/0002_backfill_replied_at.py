from django.db import migrations
from django.db.models import OuterRef, Subquery


def backfill(apps, schema_editor):
    Incident = apps.get_model("incidents", "Incident")
    Reply = apps.get_model("verification", "Reply")
    filed = Reply.objects.filter(incident=OuterRef("pk")).values("filed_at")[:1]
    Incident.objects.filter(replied_at__isnull=True, pk__in=Reply.objects.values("incident")).update(
        replied_at=Subquery(filed)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0004_add_replied_at"),
        ("verification", "0001_review_findings_notifications"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
