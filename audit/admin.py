from django.contrib import admin

from .models import AuditEvent, ChainHeadPublication


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["sequence", "occurred_at", "action", "subject_ref", "actor", "to_status"]
    list_filter = ["action", "subject_type"]
    search_fields = ["subject_ref"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ChainHeadPublication)
class ChainHeadPublicationAdmin(admin.ModelAdmin):
    list_display = ["day", "sequence", "hash", "chain_intact", "recipients", "published_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
