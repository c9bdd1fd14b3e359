"""The claim filters: one FilterSet for the API list, the exports and the browser's list."""

from datetime import UTC
from decimal import Decimal, InvalidOperation

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field

from accounts.models import Party
from accounts.selectors import party_code_exists
from core.filters import FilterSet
from verification.statuses import Status

from .links.selectors import has_counter_claim, linked_ids
from .models import AppealStatus, Incident


def parse_bbox(value: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """`min_lon,min_lat,max_lon,max_lat` in degrees; raises ValidationError otherwise."""
    parts = [p.strip() for p in (value or "").split(",")]
    if len(parts) != 4:
        raise ValidationError(_("Give four numbers: min_lon,min_lat,max_lon,max_lat."))
    try:
        min_lon, min_lat, max_lon, max_lat = (Decimal(p) for p in parts)
    except InvalidOperation as exc:
        raise ValidationError(_("Give four numbers: min_lon,min_lat,max_lon,max_lat.")) from exc
    if not all(n.is_finite() for n in (min_lon, min_lat, max_lon, max_lat)):
        raise ValidationError(_("Coordinates must be finite numbers."))
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise ValidationError(_("The box must lie on Earth, with min ≤ max on both axes."))
    return min_lon, min_lat, max_lon, max_lat


class BBoxField(django_filters.fields.forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return parse_bbox(value) if value else None


_NUMBER = r"\s*[-+]?[0-9]+(\.[0-9]+)?\s*"


@extend_schema_field(
    {
        "type": "string",
        # Empty, like every filter left blank, means no box.
        "pattern": rf"^(\s*|{_NUMBER}(,{_NUMBER}){{3}})$",
        "description": "min_lon,min_lat,max_lon,max_lat in degrees; the edges are inside; "
        "empty for no box",
        "example": "69.0,32.0,71.5,34.5",
    }
)
class BBoxFilter(django_filters.Filter):
    field_class = BBoxField

    def filter(self, qs, value):
        if not value:
            return qs
        min_lon, min_lat, max_lon, max_lat = value
        return qs.filter(
            longitude__gte=min_lon,
            longitude__lte=max_lon,
            latitude__gte=min_lat,
            latitude__lte=max_lat,
        )


class UTCDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 date and time, handed on in UTC. Python accepts offsets up to ±24 h
    and PostgreSQL only up to ±16 h, and an offset can push 9999-12-31 or 0001-01-01
    past either end of the calendar: in UTC the query never fails on either."""

    def to_python(self, value):
        value = super().to_python(value)
        if value is None:
            return None
        try:
            return value.astimezone(UTC)
        except OverflowError as exc:
            raise ValidationError(_("Give a date and time between the years 1 and 9999.")) from exc


@extend_schema_field(
    {
        # Empty, like every filter left blank, means no limit.
        "anyOf": [
            {"type": "string", "format": "date-time"},
            {"type": "string", "maxLength": 0},
        ],
        "description": "ISO 8601 date and time; empty for no limit",
    }
)
class UTCDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class StrictBooleanField(forms.NullBooleanField):
    """true or false (or 1 or 0); anything else is refused rather than read as "no
    filter", which would answer every claim to a client that mistyped the value."""

    def to_python(self, value):
        if value in (None, ""):
            return None
        if value in (True, "true", "True", "1"):
            return True
        if value in (False, "false", "False", "0"):
            return False
        raise ValidationError(_("Give true or false."))

    # The select widget would turn an unknown value into None before to_python sees it.
    widget = forms.TextInput


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class PartyCodeField(django_filters.fields.ModelChoiceField):
    """A party's code, rendered as the choice of parties, checked against the codes
    without reading the party (accounts.selectors.party_code_exists); cleans to the code."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        if not isinstance(value, str) or not party_code_exists(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return value


@extend_schema_field({"type": "string"})
class PartyFilter(django_filters.ModelChoiceFilter):
    """The claims of the party with this code: one join in the claims' own query."""

    field_class = PartyCodeField

    def __init__(self, field_name, **kwargs):
        super().__init__(
            field_name=f"{field_name}__code",
            # The relation's own label ("Reporting party"), not the code's.
            label=capfirst(Incident._meta.get_field(field_name).verbose_name),
            queryset=Party.objects.all(),
            to_field_name="code",
            **kwargs,
        )


class IncidentFilter(FilterSet):
    # One value per claim: no DISTINCT needed (the default would sort every match).
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, distinct=False)
    reporting_party = PartyFilter("reporting_party")
    accused_party = PartyFilter("accused_party")
    category = django_filters.CharFilter(field_name="category__code", max_length=40)
    occurred_after = UTCDateTimeFilter(field_name="occurred_at", lookup_expr="gte")
    occurred_before = UTCDateTimeFilter(field_name="occurred_at", lookup_expr="lte")
    province = django_filters.CharFilter(lookup_expr="iexact", max_length=100)
    border_sector = django_filters.CharFilter(lookup_expr="iexact", max_length=100)
    bbox = BBoxFilter()
    appeal_status = django_filters.MultipleChoiceFilter(
        choices=AppealStatus.choices,
        distinct=False,
        help_text=gettext_lazy("The final finding on appeal: none, pending, upheld, overturned"),
    )
    overdue = StrictBooleanFilter(
        method="filter_overdue",
        help_text=gettext_lazy("Open claims with a missed deadline (true or false)"),
    )
    search = django_filters.CharFilter(
        method="filter_search",
        max_length=200,
        help_text=gettext_lazy("Text in the narrative or place name"),
    )
    related_to = django_filters.CharFilter(
        method="filter_related_to",
        max_length=20,
        help_text=gettext_lazy(
            "Claims linked (same event or related) to the claim of this reference"
        ),
    )
    has_counter_claim = StrictBooleanFilter(
        method="filter_has_counter_claim",
        help_text=gettext_lazy(
            "Claims linked as the same event to a claim of the other party (true or false)"
        ),
    )

    class Meta:
        model = Incident
        fields = []

    def filter_overdue(self, qs, name, value):
        if value is None:
            return qs
        if value:
            return qs.overdue()
        return qs.exclude(pk__in=Incident.objects.overdue().values("pk"))

    # Both look through the claims the caller sees (the filterset's own queryset): a link
    # to a claim the caller cannot see is not there at all.
    def filter_related_to(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(linked_ids(queryset=self.queryset, reference=value))

    def filter_has_counter_claim(self, qs, name, value):
        if value is None:
            return qs
        linked = has_counter_claim(queryset=self.queryset)
        return qs.filter(linked if value else ~linked)

    def filter_search(self, qs, name, value):
        value = value.strip()
        if not value:
            return qs
        return qs.filter(Q(narrative__icontains=value) | Q(place_name__icontains=value))
