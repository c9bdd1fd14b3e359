from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.admin import ChangeRecordingAdmin

from .models import CoChair, Party, SecondFactorPolicy, SingleSignOnMapping, User


@admin.register(Party)
class PartyAdmin(ChangeRecordingAdmin):
    list_display = [
        "code",
        "name",
        "min_latitude",
        "max_latitude",
        "min_longitude",
        "max_longitude",
        "time_zone",
    ]
    search_fields = ["code", "name"]


@admin.register(CoChair)
class CoChairAdmin(ChangeRecordingAdmin):
    list_display = ["code", "name", "time_zone"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(ChangeRecordingAdmin, BaseUserAdmin):
    list_display = ["username", "role", "party", "cochair", "is_active", "last_login"]
    list_filter = ["role", "party", "cochair", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Role in the mechanism"), {"fields": ("role", "party", "cochair")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role in the mechanism"), {"fields": ("role", "party", "cochair")}),
    )
    # Who may grant what: only a superuser hands out superuser or staff rights, or
    # individual permissions; the secretariat manages people and their roles.
    PRIVILEGED_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += [f for f in self.PRIVILEGED_FIELDS if f not in fields]
        return fields

    def user_change_password(self, request, id, form_url=""):
        # The new password and its audit event commit together (the event names the
        # change, never the hash).
        with transaction.atomic():
            return super().user_change_password(request, id, form_url)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ChangeRecordingAdmin, BaseGroupAdmin):
    """Django's groups, as roles of permissions: their changes go on the trail too."""


@admin.register(SecondFactorPolicy)
class SecondFactorPolicyAdmin(ChangeRecordingAdmin):
    list_display = ["role", "rule"]
    list_editable = ["rule"]


@admin.register(SingleSignOnMapping)
class SingleSignOnMappingAdmin(ChangeRecordingAdmin):
    """Which OpenID Connect identities may sign in, and into which organisation and role."""

    list_display = ["provider_id", "email_domain", "role", "party", "cochair"]
    list_filter = ["provider_id", "role"]
    search_fields = ["email_domain"]
