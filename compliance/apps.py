from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = "Compliance"

    def ready(self):
        from incidents.demo import register_extension
        from mediators.agenda import register_section
        from verification.review import register_queue_section
        from verification.sweep import register_step

        # Importing each permissions module registers its rules.
        from .action_reports import permissions as action_report_permissions  # noqa: F401
        from .action_reports.services import register_action_reports
        from .agenda.sweep import compliance_sweep
        from .agenda.views import meeting_agenda_section, queue_section
        from .commitments import permissions as commitment_permissions  # noqa: F401
        from .common import permissions as admin_permissions  # noqa: F401
        from .common.log_visibility import register_log_visibility
        from .demo import seed_compliance
        from .penalties import permissions as penalty_permissions  # noqa: F401
        from .referrals import permissions as referral_permissions  # noqa: F401

        register_action_reports()
        register_step(compliance_sweep)
        register_extension(seed_compliance)
        register_section(meeting_agenda_section)
        register_queue_section(queue_section)
        register_log_visibility()
