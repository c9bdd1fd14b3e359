"""Filters of the action report list, for the API."""

import django_filters

from accounts.models import Party
from core.filters import FilterSet
from verification.statuses import Status

from .models import ActionReport


class ActionReportFilter(FilterSet):
    commitment = django_filters.CharFilter(field_name="commitment__reference", max_length=24)
    party = django_filters.ModelChoiceFilter(queryset=Party.objects.all(), to_field_name="code")
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)

    class Meta:
        model = ActionReport
        fields = []
