from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MechanismAdminSite(admin.AdminSite):
    """Only the secretariat (and superusers) reach the admin."""

    site_header = _("Ceasefire Verification Mechanism — secretariat")
    site_title = _("Mechanism admin")

    def has_permission(self, request):
        from accounts.permissions import can_use_admin

        return request.user.is_active and can_use_admin(request.user)

    def login(self, request, extra_context=None):
        """One way in for everyone: the site's sign-in, with its second factor and
        lockout; the admin's own password form would skip the second step."""
        if request.user.is_authenticated:
            return super().login(request, extra_context)
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
