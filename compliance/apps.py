from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self):
        from incidents.demo import register_extension
        from mediators.agenda import register_section
        from verification.review import register_queue_section
        from verification.sweep import register_step

        from . import permissions  # noqa: F401  (registers the rules)
        from .demo import seed_compliance
        from .services import register_action_reports
        from .sweep import compliance_sweep
        from .views import meeting_agenda_section, queue_section

        register_action_reports()
        register_step(compliance_sweep)
        register_extension(seed_compliance)
        register_section(meeting_agenda_section)
        register_queue_section(queue_section)
