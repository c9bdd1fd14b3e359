from django.apps import AppConfig


class MediatorsConfig(AppConfig):
    name = "mediators"
    verbose_name = "Review meetings"

    def ready(self):
        from verification.sweep import register_step

        from .services import agenda_escalate

        register_step(agenda_escalate)
