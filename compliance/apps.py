from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    name = "compliance"
    verbose_name = _("Compliance")

    def ready(self):
        from core.reference_data import register as register_reference_data
        from incidents.demo import register_extension
        from mediators.agenda import register_item_counter, register_section
        from notifications.messages import register_labels
        from notifications.subjects import register as register_subject_page
        from verification.review import register_queue_section
        from verification.sweep import register_step

        # Importing each permissions module registers its rules.
        from .action_reports import permissions as action_report_permissions  # noqa: F401
        from .action_reports.services import ACTION_REPORT, register_action_reports
        from .agenda.sweep import place_on_agenda
        from .agenda.views import meeting_agenda_section, queue_section
        from .commitments import permissions as commitment_permissions  # noqa: F401
        from .commitments.services import COMMITMENT
        from .commitments.sweep import COMMITMENTS_MISSED, MILESTONES_MISSED
        from .common import permissions as admin_permissions  # noqa: F401
        from .common.log_visibility import register_log_visibility
        from .common.narratives import register_narratives
        from .demo import seed_compliance
        from .home import agenda_entry_count, register_home_sections
        from .penalties import permissions as penalty_permissions  # noqa: F401
        from .penalties.models import PENALTY_CASE, PenaltyDecisionChoice, PenaltyStatus
        from .penalties.sweep import APPEAL_WINDOW_CLOSED
        from .penalties.views import queue_section as penalty_queue_section
        from .records.exports import register_report_exports
        from .reference_data import reference_data_load
        from .referrals import permissions as referral_permissions  # noqa: F401
        from .referrals.services import REFERRAL
        from .referrals.sweep import NO_RESPONSE, NOT_ACKNOWLEDGED

        register_reference_data(reference_data_load)
        register_action_reports()
        register_narratives()
        register_report_exports()
        # In this order, in the sweep's transaction: the agenda takes what the kinds flag.
        for step in (
            MILESTONES_MISSED,
            COMMITMENTS_MISSED,
            NOT_ACKNOWLEDGED,
            NO_RESPONSE,
            APPEAL_WINDOW_CLOSED,
            place_on_agenda,
        ):
            register_step(step)
        register_extension(seed_compliance)
        register_section(meeting_agenda_section)
        register_item_counter(agenda_entry_count)
        register_home_sections()
        register_queue_section(queue_section)
        register_queue_section(penalty_queue_section)
        register_log_visibility()
        for subject_type, url_name in (
            (ACTION_REPORT, "action-report-detail"),
            (COMMITMENT, "commitment-detail"),
            (PENALTY_CASE, "penalty-detail"),
            (REFERRAL, "referral-detail"),
        ):
            register_subject_page(subject_type, url_name)
        register_labels("penalty_status", PenaltyStatus.choices)
        register_labels("penalty_decision", PenaltyDecisionChoice.choices)
