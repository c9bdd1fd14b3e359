"""Filters of the referral list, for the API."""

import django_filters

from accounts.models import Party
from core.filters import FilterSet

from .models import Referral, ReferralStatus


class ReferralFilter(FilterSet):
    from_party = django_filters.ModelChoiceFilter(
        queryset=Party.objects.all(), to_field_name="code"
    )
    to_party = django_filters.ModelChoiceFilter(queryset=Party.objects.all(), to_field_name="code")
    status = django_filters.MultipleChoiceFilter(choices=ReferralStatus.choices)
    urgency = django_filters.CharFilter(field_name="urgency__code", max_length=20)

    class Meta:
        model = Referral
        fields = []
