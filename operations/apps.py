from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations: backup, restore and lockdown")

    def ready(self):
        from audit.visibility import anyone_signed_in, register

        from .lockdown import permissions  # noqa: F401 (registers the rules)
        from .lockdown.services import SUBJECT

        # Everyone concerned is told of a switch: the trail shows it to them as well.
        register(SUBJECT, anyone_signed_in)
