"""/api/: version 1 of the REST API, its OpenAPI schema and the Swagger UI."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from audit import api as log
from compliance.action_reports import api as action_reports
from compliance.commitments import api as commitments
from compliance.penalties import api as penalties
from compliance.records import api as records
from compliance.referrals import api as referrals
from core.api.views import TokenView
from incidents import api as incidents
from incidents import review_api as claim_review
from mediators import api as mediators

REFERENCE = r"(?P<reference>[A-Z]{3}-[0-9]{4}-[0-9]{5,})"
COMMITMENT = r"(?P<reference>CMT-[A-Z]{3}-[0-9]{4}-[0-9]{4,})"
ACTION_REPORT = r"(?P<reference>ACT-[A-Z]{3}-[0-9]{4}-[0-9]{4,})"
REFERRAL = r"(?P<reference>REF-[A-Z]{3}-[0-9]{4}-[0-9]{4,})"
PENALTY = r"(?P<reference>PEN-[A-Z]{3}-[0-9]{4}-[0-9]{4,})"

v1 = [
    path("auth/token/", TokenView.as_view(), name="token"),
    path("log/heads/", log.HeadListView.as_view(), name="log-heads"),
    path("log/key/", log.KeyView.as_view(), name="log-key"),
    re_path(
        r"^log/events/(?P<sequence>[0-9]{1,18})/proof/$",
        log.InclusionProofView.as_view(),
        name="log-event-proof",
    ),
    path("log/consistency/", log.ConsistencyProofView.as_view(), name="log-consistency"),
    path("parties/", incidents.PartyListView.as_view(), name="parties"),
    path("categories/", incidents.CategoryListView.as_view(), name="categories"),
    re_path(
        r"^parties/(?P<code>[A-Z]{3})/record/$",
        records.PartyRecordView.as_view(),
        name="party-record",
    ),
    path(
        "reports/implementation/",
        records.ImplementationReportView.as_view(),
        name="implementation-report",
    ),
    path("incidents/", incidents.IncidentListView.as_view(), name="incident-list"),
    path("incidents/export.csv", incidents.ExportCSVView.as_view(), name="incident-export-csv"),
    path(
        "incidents/export.geojson",
        incidents.ExportGeoJSONView.as_view(),
        name="incident-export-geojson",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/$", incidents.IncidentDetailView.as_view(), name="incident-detail"
    ),
    re_path(
        rf"^incidents/{REFERENCE}/evidence/$",
        incidents.EvidenceListView.as_view(),
        name="incident-evidence",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/evidence/(?P<evidence_id>[0-9]{{1,18}})/$",
        incidents.EvidenceFileView.as_view(),
        name="incident-evidence-file",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/submit/$",
        claim_review.SubmitView.as_view(),
        name="incident-submit",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/withdraw/$",
        claim_review.WithdrawView.as_view(),
        name="incident-withdraw",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/assign/$",
        claim_review.AssignView.as_view(),
        name="incident-assign",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/reply/$", claim_review.ReplyView.as_view(), name="incident-reply"
    ),
    re_path(
        rf"^incidents/{REFERENCE}/findings/$",
        claim_review.FindingView.as_view(),
        name="incident-findings",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/amend/$", claim_review.AmendView.as_view(), name="incident-amend"
    ),
    re_path(
        rf"^incidents/{REFERENCE}/review/$",
        claim_review.ReviewView.as_view(),
        name="incident-review",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/events/$",
        claim_review.EventListView.as_view(),
        name="incident-events",
    ),
    path("commitments/", commitments.CommitmentListView.as_view(), name="commitment-list"),
    re_path(
        rf"^commitments/{COMMITMENT}/$",
        commitments.CommitmentDetailView.as_view(),
        name="commitment-detail",
    ),
    re_path(
        rf"^commitments/{COMMITMENT}/events/$",
        commitments.CommitmentEventListView.as_view(),
        name="commitment-events",
    ),
    path(
        "action-reports/", action_reports.ActionReportListView.as_view(), name="action-report-list"
    ),
    re_path(
        rf"^action-reports/{ACTION_REPORT}/$",
        action_reports.ActionReportDetailView.as_view(),
        name="action-report-detail",
    ),
    re_path(
        rf"^action-reports/{ACTION_REPORT}/submit/$",
        action_reports.ActionReportSubmitView.as_view(),
        name="action-report-submit",
    ),
    re_path(
        rf"^action-reports/{ACTION_REPORT}/withdraw/$",
        action_reports.ActionReportWithdrawView.as_view(),
        name="action-report-withdraw",
    ),
    re_path(
        rf"^action-reports/{ACTION_REPORT}/assign/$",
        action_reports.ActionReportAssignView.as_view(),
        name="action-report-assign",
    ),
    re_path(
        rf"^action-reports/{ACTION_REPORT}/reply/$",
        action_reports.ActionReportReplyView.as_view(),
        name="action-report-reply",
    ),
    re_path(
        rf"^action-reports/{ACTION_REPORT}/findings/$",
        action_reports.ActionReportFindingView.as_view(),
        name="action-report-findings",
    ),
    re_path(
        rf"^action-reports/{ACTION_REPORT}/amend/$",
        action_reports.ActionReportAmendView.as_view(),
        name="action-report-amend",
    ),
    re_path(
        rf"^action-reports/{ACTION_REPORT}/review/$",
        action_reports.ActionReportReviewView.as_view(),
        name="action-report-review",
    ),
    re_path(
        rf"^action-reports/{ACTION_REPORT}/evidence/$",
        action_reports.ActionReportEvidenceView.as_view(),
        name="action-report-evidence",
    ),
    re_path(
        rf"^action-reports/{ACTION_REPORT}/evidence/(?P<evidence_id>[0-9]{{1,18}})/$",
        action_reports.ActionReportEvidenceFileView.as_view(),
        name="action-report-evidence-file",
    ),
    re_path(
        rf"^action-reports/{ACTION_REPORT}/events/$",
        action_reports.ActionReportEventListView.as_view(),
        name="action-report-events",
    ),
    path("referrals/", referrals.ReferralListView.as_view(), name="referral-list"),
    re_path(
        rf"^referrals/{REFERRAL}/$", referrals.ReferralDetailView.as_view(), name="referral-detail"
    ),
    re_path(
        rf"^referrals/{REFERRAL}/acknowledge/$",
        referrals.ReferralAcknowledgeView.as_view(),
        name="referral-acknowledge",
    ),
    re_path(
        rf"^referrals/{REFERRAL}/respond/$",
        referrals.ReferralRespondView.as_view(),
        name="referral-respond",
    ),
    re_path(
        rf"^referrals/{REFERRAL}/evidence/$",
        referrals.ReferralEvidenceView.as_view(),
        name="referral-evidence",
    ),
    re_path(
        rf"^referrals/{REFERRAL}/evidence/(?P<evidence_id>[0-9]{{1,18}})/$",
        referrals.ReferralEvidenceFileView.as_view(),
        name="referral-evidence-file",
    ),
    re_path(
        rf"^referrals/{REFERRAL}/events/$",
        referrals.ReferralEventListView.as_view(),
        name="referral-events",
    ),
    path(
        "penalty-measures/",
        penalties.PenaltyMeasureListView.as_view(),
        name="penalty-measure-list",
    ),
    re_path(
        r"^penalty-measures/(?P<code>[-a-zA-Z0-9_]{1,40})/$",
        penalties.PenaltyMeasureDetailView.as_view(),
        name="penalty-measure-detail",
    ),
    path("penalties/", penalties.PenaltyListView.as_view(), name="penalty-list"),
    re_path(
        rf"^penalties/{PENALTY}/$", penalties.PenaltyDetailView.as_view(), name="penalty-detail"
    ),
    re_path(
        rf"^penalties/{PENALTY}/approve/$",
        penalties.PenaltyApproveView.as_view(),
        name="penalty-approve",
    ),
    re_path(
        rf"^penalties/{PENALTY}/reject/$",
        penalties.PenaltyRejectView.as_view(),
        name="penalty-reject",
    ),
    re_path(
        rf"^penalties/{PENALTY}/appeal/$",
        penalties.PenaltyAppealView.as_view(),
        name="penalty-appeal",
    ),
    re_path(
        rf"^penalties/{PENALTY}/decide/$",
        penalties.PenaltyDecideView.as_view(),
        name="penalty-decide",
    ),
    re_path(
        rf"^penalties/{PENALTY}/withdraw/$",
        penalties.PenaltyWithdrawView.as_view(),
        name="penalty-withdraw",
    ),
    re_path(
        rf"^penalties/{PENALTY}/events/$",
        penalties.PenaltyEventListView.as_view(),
        name="penalty-events",
    ),
    path("meetings/", mediators.MeetingsView.as_view(), name="meeting-list"),
    path(
        "meetings/<int:meeting_id>/", mediators.MeetingDetailView.as_view(), name="meeting-detail"
    ),
    path(
        "meetings/<int:meeting_id>/refresh/",
        mediators.MeetingRefreshView.as_view(),
        name="meeting-refresh",
    ),
    path(
        "meetings/<int:meeting_id>/close/",
        mediators.MeetingCloseView.as_view(),
        name="meeting-close",
    ),
    path(
        "meetings/<int:meeting_id>/agenda/<int:item_id>/decision/",
        mediators.AgendaDecisionView.as_view(),
        name="meeting-decision",
    ),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own
    # (/api/docs/?script=): the Content-Security-Policy allows no inline script.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]
