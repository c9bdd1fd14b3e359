"""Parts the compliance API views share."""

from rest_framework.exceptions import ValidationError

from core.api.schema import errors

ACTION_ERRORS = errors(400, 401, 403, 404, 409, 415, 429)


def filtered(filterset_class, request, queryset):
    filterset = filterset_class(request.query_params, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs
