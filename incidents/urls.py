from django.urls import path

from . import views

urlpatterns = [
    path("", views.claim_list, name="claim-list"),
    path("new/", views.claim_create, name="claim-create"),
    path("<str:reference>/edit/", views.claim_edit, name="claim-edit"),
    path(
        "<str:reference>/evidence/<int:evidence_id>/",
        views.evidence_download,
        name="evidence-download",
    ),
]
