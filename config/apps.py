from django.contrib.admin.apps import AdminConfig


class MechanismAdminConfig(AdminConfig):
    default_site = "config.admin_site.MechanismAdminSite"
