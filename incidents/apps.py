from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Claims"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
        from .review import register_claims

        register_claims()
