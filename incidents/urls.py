from django.urls import path

from . import views

urlpatterns = [
    path("", views.claim_list, name="claim-list"),
    path("new/", views.claim_create, name="claim-create"),
    path("<str:reference>/", views.claim_detail, name="claim-detail"),
    path("<str:reference>/edit/", views.claim_edit, name="claim-edit"),
    path("<str:reference>/evidence/", views.evidence_create, name="evidence-create"),
    path(
        "<str:reference>/evidence/<int:evidence_id>/",
        views.evidence_download,
        name="evidence-download",
    ),
]
