from django.apps import AppConfig


class MediatorsConfig(AppConfig):
    name = "mediators"
    verbose_name = "Review meetings"

    def ready(self):
        from verification.sweep import register_step

        from .home import register_home_sections
        from .services import agenda_escalate

        register_step(agenda_escalate)
        register_home_sections()
