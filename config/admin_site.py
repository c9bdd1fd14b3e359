from django.contrib import admin


class MechanismAdminSite(admin.AdminSite):
    """Only the secretariat (and superusers) reach the admin."""

    site_header = "Ceasefire Verification Mechanism — secretariat"
    site_title = "Mechanism admin"

    def has_permission(self, request):
        from accounts.permissions import can_use_admin

        return request.user.is_active and can_use_admin(request.user)
