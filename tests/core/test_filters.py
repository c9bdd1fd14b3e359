"""core.filters.FilterSet: each instance filters with its own copies, and the form class
built once per language is the one django-filter would build for that language."""

import django_filters
import pytest
from django.conf import settings
from django.http import QueryDict
from django.utils import translation

from accounts.models import Party
from core.filters import FilterSet
from incidents.filters import IncidentFilter
from incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_each_instance_filters_with_its_own_copies():
    first = IncidentFilter(QueryDict("province=Kunar"), queryset=Incident.objects.all())
    second = IncidentFilter(QueryDict("province=Khost"), queryset=Incident.objects.all())

    for name, filter_ in first.filters.items():
        assert filter_ is not second.filters[name]
        assert filter_ is not IncidentFilter.base_filters[name]
        assert filter_.extra is not IncidentFilter.base_filters[name].extra
        assert filter_.parent is first
        assert second.filters[name].parent is second
    assert first.form.is_valid() and second.form.is_valid()
    assert first.form.cleaned_data["province"] == "Kunar"
    assert second.form.cleaned_data["province"] == "Khost"
    assert first.form.fields["province"] is not second.form.fields["province"]


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_the_form_class_is_built_once_per_language_as_django_filter_builds_it(language):
    with translation.override("en"):
        IncidentFilter(queryset=Incident.objects.all()).get_form_class()  # another language's
    with translation.override(language):
        form_class = IncidentFilter(queryset=Incident.objects.all()).get_form_class()
        again = IncidentFilter(queryset=Incident.objects.all()).get_form_class()
        # django-filter's own, from filters none of the above built a field on.
        fresh = django_filters.FilterSet.get_form_class(
            IncidentFilter(queryset=Incident.objects.all())
        )

    assert again is form_class
    assert list(form_class.base_fields) == list(fresh.base_fields)
    for name, field in fresh.base_fields.items():
        assert form_class.base_fields[name] is not field
        assert str(form_class.base_fields[name].label) == str(field.label), name


def test_the_cached_form_class_differs_by_language():
    with translation.override("en"):
        english = IncidentFilter(queryset=Incident.objects.all()).get_form_class()
    with translation.override("tr"):
        turkish = IncidentFilter(queryset=Incident.objects.all()).get_form_class()

    assert english is not turkish
    # A label django-filter writes from the model's verbose name, in the active language.
    assert str(english.base_fields["province"].label) != str(turkish.base_fields["province"].label)


class ByRequest(FilterSet):
    party = django_filters.ModelChoiceFilter(
        queryset=lambda request: Party.objects.all(), to_field_name="code"
    )

    class Meta:
        model = Incident
        fields = []


def test_a_queryset_by_request_builds_its_form_class_each_time():
    assert (
        ByRequest(queryset=Incident.objects.all()).get_form_class()
        is not ByRequest(queryset=Incident.objects.all()).get_form_class()
    )


def test_a_filter_by_method_calls_its_own_instance():
    filterset = IncidentFilter(QueryDict("search=Kunar"), queryset=Incident.objects.all())

    assert filterset.filters["search"].filter.f is filterset.filters["search"]
    assert filterset.filters["search"].parent is filterset
    assert filterset.is_valid()
    assert "Kunar" in str(filterset.qs.query)


def test_a_field_built_on_a_declared_filter_is_not_shared():
    # drf-spectacular builds `base_filters[name].field` for the schema, with no model and
    # so no label; a copy sharing it lost the label in every language.
    IncidentFilter.base_filters["status"].field  # noqa: B018  # builds and keeps it
    try:
        with translation.override("tr"):
            filterset = IncidentFilter(queryset=Incident.objects.all())
            label = filterset.filters["status"].field.label
        assert filterset.filters["status"].field is not IncidentFilter.base_filters["status"].field
        assert label is not None
    finally:
        del IncidentFilter.base_filters["status"]._field
