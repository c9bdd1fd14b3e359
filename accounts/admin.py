from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import CoChair, Party, SecondFactorPolicy, SingleSignOnMapping, User


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "min_latitude",
        "max_latitude",
        "min_longitude",
        "max_longitude",
    ]
    search_fields = ["code", "name"]


@admin.register(CoChair)
class CoChairAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "role", "party", "cochair", "is_active", "last_login"]
    list_filter = ["role", "party", "cochair", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Role in the mechanism", {"fields": ("role", "party", "cochair")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Role in the mechanism", {"fields": ("role", "party", "cochair")}),
    )
    # Who may grant what: only a superuser hands out superuser or staff rights, or
    # individual permissions; the secretariat manages people and their roles.
    PRIVILEGED_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in self.PRIVILEGED_FIELDS if f not in fields]
        return fields


@admin.register(SecondFactorPolicy)
class SecondFactorPolicyAdmin(admin.ModelAdmin):
    list_display = ["role", "rule"]
    list_editable = ["rule"]


@admin.register(SingleSignOnMapping)
class SingleSignOnMappingAdmin(admin.ModelAdmin):
    """Which OpenID Connect identities may sign in, and into which organisation and role."""

    list_display = ["provider_id", "email_domain", "role", "party", "cochair"]
    list_filter = ["provider_id", "role"]
    search_fields = ["email_domain"]
