"""Filter parts the compliance lists share."""

import django_filters
from drf_spectacular.utils import extend_schema_field


@extend_schema_field(
    {
        # Empty, like every filter left blank, means no limit.
        "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "maxLength": 0}],
        "description": "ISO 8601 date; empty for no limit",
    }
)
class OptionalDateFilter(django_filters.DateFilter):
    pass
