from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Organisations and users")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import permissions  # noqa: F401  (registers the rules)
        from .models import Party
        from .selectors import party_codes_forget

        for signal in (post_save, post_delete):
            signal.connect(party_codes_forget, sender=Party, dispatch_uid="party_codes_forget")
