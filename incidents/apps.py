from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = _("Claims")

    def ready(self):
        from audit.visibility import register as register_event_visibility
        from core.reference_data import register as register_reference_data
        from notifications.messages import register_labels
        from notifications.subjects import register as register_subject_page
        from verification.review import register_queue_section
        from verification.selectors import review_event_visible_to

        from . import permissions  # noqa: F401  (registers the rules)
        from .appeals import permissions as appeal_permissions  # noqa: F401
        from .appeals.models import Appeal, AppealStatus
        from .appeals.selectors import appeal_event_visible_to
        from .demo import register_extension
        from .demo_evidence import seed_evidence
        from .demo_narratives import seed_narratives
        from .denials import permissions as denial_permissions  # noqa: F401
        from .denials.demo import seed_access_denials
        from .denials.selectors import access_denial_event_visible_to
        from .exports import register_claim_exports
        from .home import register_home_sections
        from .links.demo import seed_links
        from .links.views import queue_section as links_queue_section
        from .narrative import register_claim_narratives
        from .reference_data import reference_data_load
        from .review import register_claims
        from .services import SUBJECT_TYPE

        register_reference_data(reference_data_load)
        register_claims()
        register_claim_narratives()
        register_claim_exports()
        register_home_sections()
        register_extension(seed_evidence)
        register_extension(seed_links)
        register_extension(seed_access_denials)
        register_extension(seed_narratives)
        register_queue_section(links_queue_section)
        register_event_visibility(SUBJECT_TYPE, review_event_visible_to)
        register_event_visibility("access_denial", access_denial_event_visible_to)
        register_subject_page(SUBJECT_TYPE, "claim-detail")
        register_event_visibility(Appeal.subject_type, appeal_event_visible_to)
        register_labels("appeal_status", AppealStatus.choices)
