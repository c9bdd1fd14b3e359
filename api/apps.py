from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API's wiring on the top floor: the routes of every domain's endpoints.

    Its one table (idempotency keys) belongs to `core` now; the app keeps the migrations
    that created it, so existing databases keep their rows.
    """

    name = "api"
    verbose_name = "API"
