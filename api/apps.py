from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The web API's shared plumbing: errors, pagination, idempotent retries, tokens.

    It knows nothing of claims: each domain app keeps its own `api.py` and serializers,
    and this app never imports them.
    """

    name = "api"
    verbose_name = "API"
