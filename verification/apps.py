from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Verification")

    def ready(self):
        from notifications.messages import register_labels

        from . import permissions  # noqa: F401  (registers the rules)
        from .statuses import Status

        register_labels("review_status", Status.choices)
