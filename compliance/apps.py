from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self):
        from verification.sweep import register_step

        from . import permissions  # noqa: F401  (registers the rules)
        from .sweep import compliance_sweep

        register_step(compliance_sweep)
