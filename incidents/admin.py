from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import ChangeRecordingAdmin

from .models import Category, Evidence, Incident
from .services import category_new_version


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = [
            "code",
            "label",
            "description",
            "agreement_clause",
            "assignment_hours",
            "reply_hours",
            "findings_days",
            "same_event_hours",
            "same_event_km",
        ]

    def clean_code(self):
        code = self.cleaned_data["code"]
        if self.instance.pk is None and Category.objects.filter(code=code).exists():
            raise forms.ValidationError(
                "A category with this code exists; change it to add a new version."
            )
        return code


@admin.register(Category)
class CategoryAdmin(ChangeRecordingAdmin):
    """Saving a changed category adds a new version; claims filed under the old one keep it."""

    list_display = [
        "code",
        "version",
        "is_current",
        "label",
        "agreement_clause",
        "assignment_hours",
        "reply_hours",
        "findings_days",
    ]
    form = CategoryForm
    list_filter = ["is_current"]
    search_fields = ["code", "label"]
    readonly_fields = ["version", "is_current", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [*self.readonly_fields, "code"]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.is_current)

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        new = category_new_version(category=Category.objects.get(pk=obj.pk), **changes)
        obj.pk, obj.version, obj.is_current = new.pk, new.version, True

    def has_delete_permission(self, request, obj=None):
        return False


class EvidenceInline(admin.TabularInline):
    model = Evidence
    fields = [
        "original_name",
        "sha256",
        "size",
        "content_type",
        "visibility",
        "uploaded_by",
        "uploaded_at",
    ]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Incident)
class IncidentAdmin(admin.ModelAdmin):
    """Read-only: claims change only through the workflow, never by hand in the admin."""

    list_display = [
        "reference",
        "status",
        "overdue_flag",
        "reporting_party",
        "accused_party",
        "category",
        "occurred_at",
        "province",
    ]
    list_filter = ["status", "reporting_party", "accused_party", "category"]
    search_fields = ["reference", "place_name", "narrative"]
    date_hierarchy = "occurred_at"
    list_select_related = ["reporting_party", "accused_party", "category"]
    inlines = [EvidenceInline]

    @admin.display(boolean=True, description=_("Overdue"))
    def overdue_flag(self, obj):
        return obj.overdue

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
