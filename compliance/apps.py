from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self):
        from incidents.demo import register_extension
        from verification.sweep import register_step

        from . import permissions  # noqa: F401  (registers the rules)
        from .demo import seed_compliance
        from .sweep import compliance_sweep

        register_step(compliance_sweep)
        register_extension(seed_compliance)
