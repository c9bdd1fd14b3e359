from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    """Evidence files for every record type alike: stored under random names with their
    SHA-256, the type read from the bytes, never edited; one download rule and one
    integrity check."""

    name = "evidence"
    verbose_name = _("Evidence")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the rules)
