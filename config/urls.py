from allauth.account import views as allauth_views
from django.contrib import admin
from django.urls import include, path
from django.views import defaults

from accounts import views as account_views
from core.api.errors import json_or_html
from core.exports import views as export_views
from core.geo.views import geo_locate
from evidence.views import evidence_checks, viewer_setting

from . import health, views
from .observability import metrics

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    # --- Accounts (django-allauth): the old names and addresses, then allauth's own ---
    path("accounts/login/", allauth_views.login, name="login"),
    path("accounts/logout/", allauth_views.logout, name="logout"),
    path("accounts/password/", allauth_views.password_change, name="password_change"),
    path("accounts/sign-in-policy/", account_views.sign_in_policy, name="sign-in-policy"),
    path("accounts/sessions/<int:pk>/end/", account_views.session_end, name="usersession-end"),
    path("accounts/", include("allauth.urls")),
    # --- end of accounts ---
    path("", include("operations.invitations.urls")),
    path("account/evidence/", viewer_setting, name="evidence-setting"),
    # --- API tokens ---
    path("account/tokens/", account_views.api_tokens, name="api-tokens"),
    path("account/preferences/", account_views.preferences, name="preferences"),
    path("i18n/setlang/", account_views.language_set, name="set_language"),
    path(
        "account/tokens/<uuid:token_id>/revoke/",
        account_views.api_token_revoke,
        name="api-token-revoke",
    ),
    # --- end API tokens ---
    path("evidence/checks/", evidence_checks, name="evidence-checks"),
    path("claims/", include("incidents.urls")),
    path("access-denials/", include("incidents.denials.urls")),
    path("exports/<uuid:job_id>/", export_views.export_page, name="export-page"),
    path(
        "exports/<uuid:job_id>/download/",
        export_views.export_download,
        name="export-download",
    ),
    path("maps/locate/", geo_locate, name="geo-locate"),
    path("meetings/", include("mediators.urls")),
    path("compliance/", include("compliance.urls")),
    path("", include("verification.urls")),
    path("", include("translations.urls")),
    path("", include("notifications.urls")),
    path("", include("operations.lockdown.urls")),
    # Changes made by hand to people and reference data, from the audit trail.
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
    path("api/", include(("api.urls", "api"), namespace="api")),
]

handler404 = json_or_html(defaults.page_not_found, "NOT_FOUND", "Not found.", 404)
handler500 = json_or_html(defaults.server_error, "SERVER_ERROR", "Server error.", 500)
