from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0021_language_names'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(models.Q(('assignment_overdue_at__isnull', False), ('reply_overdue_at__isnull', False), ('findings_overdue_at__isnull', False), _connector='OR'), ('status__in', ['submitted', 'under_review', 'disputed'])), fields=['occurred_at'], include=('findings_due_at', 'id', 'reporting_party', 'accused_party', 'status', 'submitted_at'), name='incident_overdue_occurred'),
        ),
    ]
