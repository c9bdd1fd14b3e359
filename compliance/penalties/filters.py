"""The penalty list's filters, for the API and the browser."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from core.filters import FilterSet

from ..common.filters import OptionalDateFilter
from .models import PenaltyCase, PenaltyStatus


class PenaltyFilter(FilterSet):
    party = django_filters.ModelChoiceFilter(
        label=_("Party"), queryset=Party.objects.all(), to_field_name="code"
    )
    status = django_filters.MultipleChoiceFilter(choices=PenaltyStatus.choices)
    measure = django_filters.CharFilter(
        label=_("Measure code"), field_name="measure__code", max_length=40
    )
    opened_after = OptionalDateFilter(
        label=_("Opened at date is greater than or equal to"),
        field_name="opened_at",
        lookup_expr="date__gte",
    )
    opened_before = OptionalDateFilter(
        label=_("Opened at date is less than or equal to"),
        field_name="opened_at",
        lookup_expr="date__lte",
    )

    class Meta:
        model = PenaltyCase
        fields = []
