from django.urls import path

from . import views
from .appeals import views as appeals
from .exports import CLAIMS_CSV, CLAIMS_GEOJSON
from .links import views as links

urlpatterns = [
    path("", views.claim_list, name="claim-list"),
    path("new/", views.claim_create, name="claim-create"),
    path("export.csv", views.claim_export, {"kind": CLAIMS_CSV}, name="claim-export"),
    path(
        "export.geojson",
        views.claim_export,
        {"kind": CLAIMS_GEOJSON},
        name="claim-export-geojson",
    ),
    path("<str:reference>/edit/", views.claim_edit, name="claim-edit"),
    path(
        "<str:reference>/evidence/<int:evidence_id>/",
        views.evidence_download,
        name="evidence-download",
    ),
    path(
        "<str:reference>/evidence/<int:evidence_id>/preview/",
        views.evidence_preview_page,
        name="evidence-preview",
    ),
    path(
        "<str:reference>/evidence/<int:evidence_id>/graphic/",
        views.evidence_graphic_page,
        name="evidence-graphic",
    ),
    # The claim's page and the review's actions on it.
    path("<str:reference>/", views.claim_detail, name="claim-detail"),
    path("<str:reference>/evidence/", views.evidence_create, name="evidence-create"),
    path("<str:reference>/submit/", views.claim_submit_confirm, name="claim-submit"),
    path("<str:reference>/withdraw/", views.claim_withdraw_view, name="claim-withdraw"),
    path("<str:reference>/amend/", views.claim_amend_view, name="claim-amend"),
    path("<str:reference>/reply/", views.claim_reply_view, name="claim-reply"),
    path("<str:reference>/finding/", views.claim_finding_view, name="claim-finding"),
    path("<str:reference>/assign/", views.claim_assign_view, name="claim-assign"),
    # Links between claims, and the claims of one event side by side.
    path("<str:reference>/links/", links.claim_link_view, name="claim-link"),
    path(
        "<str:reference>/links/<str:other>/remove/",
        links.claim_unlink_view,
        name="claim-unlink",
    ),
    path(
        "<str:reference>/suggestions/<str:other>/dismiss/",
        links.suggestion_dismiss_view,
        name="claim-suggestion-dismiss",
    ),
    path("<str:reference>/same-event/", links.claim_same_event, name="claim-same-event"),
    path("<str:reference>/appeal/", appeals.claim_appeal_view, name="claim-appeal"),
    path(
        "<str:reference>/appeal/evidence/<int:evidence_id>/",
        appeals.appeal_evidence_download,
        name="appeal-evidence-download",
    ),
    path(
        "<str:reference>/appeal/evidence/<int:evidence_id>/preview/",
        appeals.appeal_evidence_preview,
        name="appeal-evidence-preview",
    ),
    path(
        "<str:reference>/appeal/evidence/<int:evidence_id>/graphic/",
        appeals.appeal_evidence_graphic,
        name="appeal-evidence-graphic",
    ),
]
