from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared floor: error codes, the transition engine, reference sequences, loaders,
    the API's plumbing and the browser's form and action helpers.

    It depends on no domain app; every app above may use it.
    """

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from .languages import register_languages

        register_languages()
