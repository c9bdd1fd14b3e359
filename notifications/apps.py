from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """In-app notifications and their emails, for every record type alike."""

    name = "notifications"
    verbose_name = _("Notifications")
