from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from core.errors import ServiceError

from .models import EvidenceCheckSettings
from .services import CHECK_FIELDS, evidence_checks_update


@admin.register(EvidenceCheckSettings)
class EvidenceCheckSettingsAdmin(admin.ModelAdmin):
    """The one row of thresholds: changed, never added or deleted, and each change saved
    through evidence_checks_update so that it is audited like the secretariat's page."""

    fields = list(CHECK_FIELDS)
    list_display = ["__str__", "updated_at"]

    def has_add_permission(self, request):
        return not EvidenceCheckSettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        try:
            evidence_checks_update(
                actor=request.user, data={k: form.cleaned_data[k] for k in CHECK_FIELDS}
            )
        except ServiceError as exc:
            if exc.code == "PERMISSION_DENIED":
                raise PermissionDenied(exc.detail) from exc
            messages.error(request, exc.detail)
