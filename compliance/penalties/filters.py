"""The penalty list's filters, for the API and the browser."""

import django_filters

from accounts.models import Party

from ..common.filters import OptionalDateFilter
from .models import PenaltyCase, PenaltyStatus


class PenaltyFilter(django_filters.FilterSet):
    party = django_filters.ModelChoiceFilter(queryset=Party.objects.all(), to_field_name="code")
    status = django_filters.MultipleChoiceFilter(choices=PenaltyStatus.choices)
    measure = django_filters.CharFilter(field_name="measure__code", max_length=40)
    opened_after = OptionalDateFilter(field_name="opened_at", lookup_expr="date__gte")
    opened_before = OptionalDateFilter(field_name="opened_at", lookup_expr="date__lte")

    class Meta:
        model = PenaltyCase
        fields = []
