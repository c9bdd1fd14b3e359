"""Answers to OPTIONS: the view's name, description, renderers and parsers, and the
fields of its input where the view declares one serializer for it."""

from rest_framework.metadata import SimpleMetadata


class ApiMetadata(SimpleMetadata):
    """DRF's SimpleMetadata asks every view for `get_serializer()`; ours parse their bodies
    with a serializer per method or per action, and many declare none on the view, so
    OPTIONS must not depend on it: the OpenAPI schema at /api/schema/ documents inputs."""

    def determine_actions(self, request, view):
        if getattr(view, "serializer_class", None) is None and not _declares_serializer(view):
            return {}
        try:
            return super().determine_actions(request, view)
        except AssertionError:  # get_serializer_class() without a serializer_class
            return {}


def _declares_serializer(view) -> bool:
    own = type(view).__dict__
    return "get_serializer_class" in own or "get_serializer" in own
