from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = "Verification"

    def ready(self):
        from notifications.messages import register_labels

        from . import permissions  # noqa: F401  (registers the rules)
        from .statuses import Status

        register_labels("review_status", Status.choices)
