from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import CoChair, Party, User


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
