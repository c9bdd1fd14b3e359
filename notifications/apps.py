from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """In-app notifications and their emails, for every record type alike."""

    name = "notifications"
    verbose_name = "Notifications"
