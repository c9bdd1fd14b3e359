"""Covering indexes for the dashboard and the lists under a province or border-sector
filter: the counts read the index alone, and the newest claims come in its order."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_second_factor_policy'),
        ('incidents', '0017_search_trigram'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(django.db.models.functions.text.Upper('province'), models.OrderBy(models.F('occurred_at'), descending=True), models.OrderBy(models.F('id'), descending=True), include=('reporting_party', 'accused_party', 'status', 'submitted_at', 'province'), name='incident_province_newest'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(django.db.models.functions.text.Upper('border_sector'), models.OrderBy(models.F('occurred_at'), descending=True), models.OrderBy(models.F('id'), descending=True), include=('reporting_party', 'accused_party', 'status', 'submitted_at', 'border_sector'), name='incident_sector_newest'),
        ),
    ]
