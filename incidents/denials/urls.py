from django.urls import path

from . import views

urlpatterns = [
    path("", views.access_denial_list, name="access-denial-list"),
    path("new/<str:reference>/", views.access_denial_create, name="access-denial-create"),
    path("<str:reference>/", views.access_denial_detail, name="access-denial-detail"),
    path("<str:reference>/grant/", views.access_denial_grant, name="access-denial-grant"),
    path("<str:reference>/evidence/", views.access_denial_evidence, name="access-denial-evidence"),
    path(
        "<str:reference>/evidence/<int:evidence_id>/",
        views.access_denial_evidence_download,
        name="access-denial-evidence-download",
    ),
    path(
        "<str:reference>/evidence/<int:evidence_id>/preview/",
        views.access_denial_evidence_preview,
        name="access-denial-evidence-preview",
    ),
    path(
        "<str:reference>/evidence/<int:evidence_id>/graphic/",
        views.access_denial_evidence_graphic,
        name="access-denial-evidence-graphic",
    ),
]
