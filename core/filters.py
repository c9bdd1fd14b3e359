"""The FilterSet every list filters through: django-filter's, without rebuilding the same
filters and form class for each request.

django-filter deep-copies a FilterSet's declared filters for each instance (every field,
widget, choice and queryset in them) and then builds a new form class from them; on the
claims API that was a fifth of a request's own time. Here each instance gets shallow copies
(the filter's own attributes, its `extra`, the only state it changes, and its
proxy to a method of the FilterSet, which must be the instance's), and the form
class is built once per FilterSet and language (its labels are translated when it is built)
and reused: a form instance still deep-copies its fields, so no request sees another's
values. A FilterSet with a filter whose queryset depends on the request builds its form
class each time, as django-filter does.
"""

import copy

import django_filters
from django.utils.translation import get_language

_FORM_CLASSES: dict[tuple[type, str | None], type] = {}


class _Filters(dict):
    """A FilterSet's declared filters; what django-filter's deep copy of them gives each
    instance is a shallow copy of each."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, base in self.items():
            filter_ = copy.copy(base)
            filter_.extra = dict(base.extra)
            # A field built on the declared filter itself (drf-spectacular reads
            # `base_filters[...].field` for the schema) has no model and so no label:
            # each copy builds its own, labelled in the language active then.
            filter_.__dict__.pop("_field", None)
            if base.method is not None:
                # A filter by method proxies to the method of its own FilterSet.
                filter_.method = base.method
            copies[name] = filter_
        return copies


class FilterSet(django_filters.FilterSet):
    @classmethod
    def get_filters(cls):
        return _Filters(super().get_filters())

    def get_form_class(self):
        if any(callable(getattr(f, "queryset", None)) for f in self.filters.values()):
            return super().get_form_class()
        key = (type(self), get_language())
        form_class = _FORM_CLASSES.get(key)
        if form_class is None:
            form_class = _FORM_CLASSES[key] = super().get_form_class()
        return form_class
