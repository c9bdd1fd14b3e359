from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit trail")

    def ready(self):
        from core.changes import change_recorder_register
        from notifications.messages import register_labels

        from . import permissions  # noqa: F401  (registers the rules)
        from .changes import change_event_record, register_change_visibility
        from .heads import SUBJECT_TYPE as LOG
        from .models import SignedTreeHead
        from .publication import SUBJECT_TYPE as CHAIN
        from .visibility import anyone_signed_in, register

        # What was published to everyone is no secret from anyone signed in.
        register(CHAIN, anyone_signed_in)
        register(LOG, anyone_signed_in)
        # Changes made by hand to people and reference data (core.changes) go on the chain.
        change_recorder_register(change_event_record)
        register_change_visibility()
        checks.register(check_log_signing_key)
        register_labels("signed_head_reason", SignedTreeHead.Reason.choices)


def check_log_signing_key(app_configs=None, **kwargs):
    """A configured signing key that cannot be read fails `check` (and so migrate and
    runserver) rather than the first publication."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    from .signing import public_keys

    if not (settings.LOG_SIGNING_KEY or settings.LOG_SIGNING_KEY_FILE):
        return []
    try:
        public_keys()
    except (ImproperlyConfigured, OSError) as exc:
        return [checks.Error(str(exc), id="audit.E001")]
    return []
