from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Claims"

    def ready(self):
        from audit.visibility import register as register_event_visibility
        from core.reference_data import register as register_reference_data
        from notifications.subjects import register as register_subject_page
        from verification.selectors import review_event_visible_to

        from . import permissions  # noqa: F401  (registers the rules)
        from .demo import register_extension
        from .demo_evidence import seed_evidence
        from .exports import register_claim_exports
        from .home import register_home_sections
        from .reference_data import reference_data_load
        from .review import register_claims
        from .services import SUBJECT_TYPE

        register_reference_data(reference_data_load)
        register_claims()
        register_claim_exports()
        register_home_sections()
        register_extension(seed_evidence)
        register_event_visibility(SUBJECT_TYPE, review_event_visible_to)
        register_subject_page(SUBJECT_TYPE, "claim-detail")
