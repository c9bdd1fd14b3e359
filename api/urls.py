"""/api/: version 1 of the REST API, its OpenAPI schema and the Swagger UI. Each record
type's endpoints come from core.api.routes.record_routes."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts import api as tokens
from audit import api as log
from compliance.action_reports import api as action_reports
from compliance.commitments import api as commitments
from compliance.penalties import api as penalties
from compliance.records import api as records
from compliance.referrals import api as referrals
from core.api.errors import api_not_found
from core.api.routes import record_routes
from core.exports import api as exports
from evidence.api import evidence_file_views
from incidents import api as incidents
from incidents import review_api as claim_review
from incidents.appeals import api as appeals
from incidents.denials import api as denials
from incidents.links import api as claim_links
from mediators import api as mediators
from translations.api import translation_routes

REFERENCE = r"(?P<reference>[A-Z]{3}-[0-9]{4}-[0-9]{5,})"
OTHER = r"(?P<other>[A-Z]{3}-[0-9]{4}-[0-9]{5,})"
COMMITMENT = r"(?P<reference>CMT-[A-Z]{3}-[0-9]{4}-[0-9]{4,})"
ACTION_REPORT = r"(?P<reference>ACT-[A-Z]{3}-[0-9]{4}-[0-9]{4,})"
REFERRAL = r"(?P<reference>REF-[A-Z]{3}-[0-9]{4}-[0-9]{4,})"
PENALTY = r"(?P<reference>PEN-[A-Z]{3}-[0-9]{4}-[0-9]{4,})"
ACCESS_DENIAL = r"(?P<reference>DEN-[A-Z]{3}-[0-9]{4}-[0-9]{4,})"

v1 = [
    path("auth/token/", tokens.TokenView.as_view(), name="token"),
    path("tokens/", tokens.TokenListView.as_view(), name="token-list"),
    path("tokens/<uuid:token_id>/", tokens.TokenDetailView.as_view(), name="token-detail"),
    path("log/heads/", log.HeadListView.as_view(), name="log-heads"),
    path("log/head/", log.AppendHeadView.as_view(), name="log-head"),
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
    path("exports/<uuid:job_id>/", exports.ExportJobView.as_view(), name="export-detail"),
    path(
        "exports/<uuid:job_id>/download/",
        exports.ExportDownloadView.as_view(),
        name="export-download",
    ),
    path("incidents/", incidents.IncidentListView.as_view(), name="incident-list"),
    path("incidents/export.csv", incidents.ExportCSVView.as_view(), name="incident-export-csv"),
    path(
        "incidents/export.geojson",
        incidents.ExportGeoJSONView.as_view(),
        name="incident-export-geojson",
    ),
    *record_routes(
        "incidents",
        REFERENCE,
        "incident",
        detail=incidents.IncidentDetailView,
        evidence=(incidents.EvidenceListView, incidents.EvidenceFileView),
        evidence_files=evidence_file_views(incidents.EvidenceListView),
        actions={
            "submit": claim_review.SubmitView,
            "withdraw": claim_review.WithdrawView,
            "assign": claim_review.AssignView,
            "reply": claim_review.ReplyView,
            "findings": claim_review.FindingView,
            "amend": claim_review.AmendView,
            "review": claim_review.ReviewView,
            "events": claim_review.EventListView,
        },
    ),
    re_path(
        rf"^incidents/{REFERENCE}/links/$",
        claim_links.ClaimLinkListView.as_view(),
        name="incident-links",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/links/{OTHER}/$",
        claim_links.ClaimLinkDetailView.as_view(),
        name="incident-link-detail",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/suggestions/$",
        claim_links.SuggestionListView.as_view(),
        name="incident-suggestions",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/suggestions/{OTHER}/dismiss/$",
        claim_links.SuggestionDismissView.as_view(),
        name="incident-suggestion-dismiss",
    ),
    path("access-denials/", denials.AccessDenialListView.as_view(), name="access-denial-list"),
    *record_routes(
        "access-denials",
        ACCESS_DENIAL,
        "access-denial",
        detail=denials.AccessDenialDetailView,
        evidence=(denials.AccessDenialEvidenceView, denials.AccessDenialEvidenceFileView),
        evidence_files=evidence_file_views(denials.AccessDenialEvidenceView),
        actions={"grant-access": denials.AccessGrantView},
    ),
    path("appeals/", appeals.AppealListView.as_view(), name="appeal-list"),
    re_path(
        rf"^incidents/{REFERENCE}/appeal/$", appeals.AppealView.as_view(), name="incident-appeal"
    ),
    re_path(
        rf"^incidents/{REFERENCE}/appeal/evidence/$",
        appeals.AppealEvidenceView.as_view(),
        name="appeal-evidence",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/appeal/evidence/(?P<evidence_id>[0-9]{{1,18}})/$",
        appeals.AppealEvidenceFileView.as_view(),
        name="appeal-evidence-file",
    ),
    re_path(
        rf"^incidents/{REFERENCE}/appeal/evidence/(?P<evidence_id>[0-9]{{1,18}})/preview/$",
        evidence_file_views(appeals.AppealEvidenceView)["preview"].as_view(),
        name="appeal-evidence-preview",
    ),
    path("commitments/", commitments.CommitmentListView.as_view(), name="commitment-list"),
    *record_routes(
        "commitments",
        COMMITMENT,
        "commitment",
        detail=commitments.CommitmentDetailView,
        actions={"events": commitments.CommitmentEventListView},
    ),
    path(
        "action-reports/", action_reports.ActionReportListView.as_view(), name="action-report-list"
    ),
    *record_routes(
        "action-reports",
        ACTION_REPORT,
        "action-report",
        detail=action_reports.ActionReportDetailView,
        evidence=(
            action_reports.ActionReportEvidenceView,
            action_reports.ActionReportEvidenceFileView,
        ),
        evidence_files=evidence_file_views(action_reports.ActionReportEvidenceView),
        actions={
            "submit": action_reports.ActionReportSubmitView,
            "withdraw": action_reports.ActionReportWithdrawView,
            "assign": action_reports.ActionReportAssignView,
            "reply": action_reports.ActionReportReplyView,
            "findings": action_reports.ActionReportFindingView,
            "amend": action_reports.ActionReportAmendView,
            "review": action_reports.ActionReportReviewView,
            "events": action_reports.ActionReportEventListView,
        },
    ),
    path("referrals/", referrals.ReferralListView.as_view(), name="referral-list"),
    *record_routes(
        "referrals",
        REFERRAL,
        "referral",
        detail=referrals.ReferralDetailView,
        evidence=(referrals.ReferralEvidenceView, referrals.ReferralEvidenceFileView),
        evidence_files=evidence_file_views(referrals.ReferralEvidenceView),
        actions={
            "acknowledge": referrals.ReferralAcknowledgeView,
            "respond": referrals.ReferralRespondView,
            "events": referrals.ReferralEventListView,
        },
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
    *record_routes(
        "penalties",
        PENALTY,
        "penalty",
        detail=penalties.PenaltyDetailView,
        actions={
            "approve": penalties.PenaltyApproveView,
            "reject": penalties.PenaltyRejectView,
            "appeal": penalties.PenaltyAppealView,
            "decide": penalties.PenaltyDecideView,
            "withdraw": penalties.PenaltyWithdrawView,
            "events": penalties.PenaltyEventListView,
        },
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
    # Unofficial translations of each record's narrative (translations.api).
    *translation_routes("incidents", REFERENCE, "incident"),
    *translation_routes("action-reports", ACTION_REPORT, "action_report"),
    *translation_routes("referrals", REFERRAL, "referral"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file of its own
    # (/api/docs/?script=): the Content-Security-Policy allows no inline script.
    # GET and HEAD only: the page is HTML, so OPTIONS has no template to answer with.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema",
            template_name="api/swagger_ui.html",
            http_method_names=["get", "head"],
        ),
        name="docs",
    ),
    # Last: any other path under /api/ answers the JSON 404, whatever the method.
    re_path(r"^", api_not_found),
]
