from django.contrib import admin

from core.admin import ChangeRecordingAdmin

from .models import (
    ActionReport,
    AgendaEntry,
    Commitment,
    CommitmentKind,
    Milestone,
    PenaltyCase,
    PenaltyDecision,
    PenaltyGround,
    PenaltyMeasure,
    Referral,
    Urgency,
)


@admin.register(CommitmentKind)
class CommitmentKindAdmin(ChangeRecordingAdmin):
    list_display = ["code", "label", "is_active"]
    list_filter = ["is_active"]


@admin.register(PenaltyMeasure)
class PenaltyMeasureAdmin(ChangeRecordingAdmin):
    list_display = ["code", "label", "appeal_days", "is_active"]
    list_filter = ["is_active"]


@admin.register(Urgency)
class UrgencyAdmin(ChangeRecordingAdmin):
    list_display = ["code", "label", "rank", "acknowledge_hours", "action_hours"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records change only through the services (and their audit events)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["reference", "party", "kind", "target_quantity", "unit", "due_date"]
    list_filter = ["party", "kind"]
    search_fields = ["reference", "description"]
    inlines = [MilestoneInline]


@admin.register(ActionReport)
class ActionReportAdmin(ReadOnlyAdmin):
    list_display = ["reference", "commitment", "party", "status", "action_date", "quantity"]
    list_filter = ["status", "party"]
    search_fields = ["reference"]


@admin.register(Referral)
class ReferralAdmin(ReadOnlyAdmin):
    list_display = ["reference", "from_party", "to_party", "urgency", "status", "sent_at"]
    list_filter = ["status", "urgency"]
    search_fields = ["reference", "subject"]


@admin.register(AgendaEntry)
class AgendaEntryAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "reason", "commitment", "referral", "added_at"]


class PenaltyGroundInline(admin.TabularInline):
    model = PenaltyGround
    extra = 0
    fields = ["incident", "commitment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PenaltyDecisionInline(PenaltyGroundInline):
    model = PenaltyDecision
    fields = ["cochair", "decision", "reason", "decided_by", "decided_at"]
    readonly_fields = fields


@admin.register(PenaltyCase)
class PenaltyCaseAdmin(ReadOnlyAdmin):
    list_display = ["reference", "party", "measure", "status", "opened_at", "appeal_due_at"]
    list_filter = ["status", "party", "measure"]
    search_fields = ["reference", "rationale"]
    inlines = [PenaltyGroundInline, PenaltyDecisionInline]
