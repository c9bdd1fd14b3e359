"""Filters of the access-denial list, for the API and the page."""

import django_filters

from accounts.models import Party
from core.filters import FilterSet

from ..filters import UTCDateTimeFilter
from .models import AccessDenial


class AccessDenialFilter(FilterSet):
    party = django_filters.ModelChoiceFilter(
        field_name="denying_party", queryset=Party.objects.all(), to_field_name="code"
    )
    state = django_filters.ChoiceFilter(
        choices=[("open", "Access denied"), ("ended", "Access granted")], method="filter_state"
    )
    began_after = UTCDateTimeFilter(field_name="began_at", lookup_expr="gte")
    began_before = UTCDateTimeFilter(field_name="began_at", lookup_expr="lte")
    claim = django_filters.CharFilter(field_name="incident__reference", max_length=20)

    class Meta:
        model = AccessDenial
        fields = []

    def filter_state(self, queryset, name, value):
        return queryset.filter(ended_at__isnull=value == "open")
