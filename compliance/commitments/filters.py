"""Filters of the commitment list, for the API and the browser."""

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Party
from core.filters import FilterSet

from ..common.filters import OptionalDateFilter
from .models import Commitment, CommitmentStatus


class CommitmentFilter(FilterSet):
    party = django_filters.ModelChoiceFilter(
        label=_("Party"), queryset=Party.objects.all(), to_field_name="code"
    )
    kind = django_filters.CharFilter(label=_("Kind code"), field_name="kind__code", max_length=40)
    # `status` is the derived annotation (commitments.selectors.commitment_annotate).
    status = django_filters.MultipleChoiceFilter(choices=CommitmentStatus.choices)
    due_after = OptionalDateFilter(
        label=_("Due date is greater than or equal to"), field_name="due_date", lookup_expr="gte"
    )
    due_before = OptionalDateFilter(
        label=_("Due date is less than or equal to"), field_name="due_date", lookup_expr="lte"
    )

    class Meta:
        model = Commitment
        fields = []
