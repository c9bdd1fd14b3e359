from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0023_place_tally'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='incident',
            name='incident_occurred',
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(fields=['-occurred_at', '-id'], include=('reporting_party', 'accused_party', 'status', 'submitted_at', 'latitude', 'longitude'), name='incident_occurred'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(fields=['latitude', 'longitude'], include=('occurred_at', 'reporting_party', 'accused_party', 'status', 'submitted_at'), name='incident_box'),
        ),
    ]
