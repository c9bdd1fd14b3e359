"""Filters of the compliance lists: one FilterSet per list, for the API and the browser."""

import django_filters
from drf_spectacular.utils import extend_schema_field

from accounts.models import Party
from incidents.models import Status

from .models import ActionReport, Commitment, CommitmentStatus, Referral, ReferralStatus


@extend_schema_field(
    {
        # Empty, like every filter left blank, means no limit.
        "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}],
        "description": "ISO 8601 date; empty for no limit",
    }
)
class OptionalDateFilter(django_filters.DateFilter):
    pass


class CommitmentFilter(django_filters.FilterSet):
    party = django_filters.ModelChoiceFilter(queryset=Party.objects.all(), to_field_name="code")
    kind = django_filters.CharFilter(field_name="kind__code", max_length=40)
    # `status` is the derived annotation (selectors.commitment_annotate).
    status = django_filters.MultipleChoiceFilter(choices=CommitmentStatus.choices)
    due_after = OptionalDateFilter(field_name="due_date", lookup_expr="gte")
    due_before = OptionalDateFilter(field_name="due_date", lookup_expr="lte")

    class Meta:
        model = Commitment
        fields = []


class ActionReportFilter(django_filters.FilterSet):
    commitment = django_filters.CharFilter(field_name="commitment__reference", max_length=24)
    party = django_filters.ModelChoiceFilter(queryset=Party.objects.all(), to_field_name="code")
    status = django_filters.MultipleChoiceFilter(choices=Status.choices)

    class Meta:
        model = ActionReport
        fields = []


class ReferralFilter(django_filters.FilterSet):
    from_party = django_filters.ModelChoiceFilter(
        queryset=Party.objects.all(), to_field_name="code"
    )
    to_party = django_filters.ModelChoiceFilter(queryset=Party.objects.all(), to_field_name="code")
    status = django_filters.MultipleChoiceFilter(choices=ReferralStatus.choices)
    urgency = django_filters.CharFilter(field_name="urgency__code", max_length=20)

    class Meta:
        model = Referral
        fields = []
