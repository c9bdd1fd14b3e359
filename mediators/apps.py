from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediatorsConfig(AppConfig):
    name = "mediators"
    verbose_name = _("Review meetings")

    def ready(self):
        from incidents.appeals.services import register_filed_hook
        from incidents.demo import register_extension
        from verification.sweep import register_step

        from .appeals import appeal_place_on_agenda
        from .demo import seed_appeals
        from .home import register_home_sections
        from .services import agenda_escalate

        register_step(agenda_escalate)
        register_filed_hook(appeal_place_on_agenda)
        register_extension(seed_appeals)
        register_home_sections()
