from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Organisations and users"

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
