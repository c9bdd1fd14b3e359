from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared floor: error codes, the transition engine, reference sequences, loaders,
    the API's plumbing and the browser's form and action helpers.

    It depends on no domain app; every app above may use it.
    """

    name = "core"
    verbose_name = "Core"

    def ready(self):
        from .languages import register_languages

        register_languages()
