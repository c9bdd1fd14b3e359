from django.urls import path

from . import views

# The claim page and its actions: the page shows the review, so it lives with it.
claim_actions = [
    path("<str:reference>/", views.claim_detail, name="claim-detail"),
    path("<str:reference>/evidence/", views.evidence_create, name="evidence-create"),
    path("<str:reference>/submit/", views.claim_submit_confirm, name="claim-submit"),
    path("<str:reference>/withdraw/", views.claim_withdraw_view, name="claim-withdraw"),
    path("<str:reference>/amend/", views.claim_amend_view, name="claim-amend"),
    path("<str:reference>/reply/", views.claim_reply_view, name="claim-reply"),
    path("<str:reference>/finding/", views.claim_finding_view, name="claim-finding"),
    path("<str:reference>/assign/", views.claim_assign_view, name="claim-assign"),
]

urlpatterns = [
    path("queue/", views.queue, name="queue"),
    path("assignments/", views.assignment_overview, name="assignments"),
]
