from django.urls import path

from .action_reports import views as action_reports
from .agenda import views as agenda
from .commitments import views as commitments
from .penalties import views as penalties
from .records import views as records
from .referrals import views as referrals

urlpatterns = [
    path("commitments/", commitments.commitment_list, name="commitment-list"),
    path("commitments/new/", commitments.commitment_create, name="commitment-create"),
    path("commitments/<str:reference>/", commitments.commitment_detail, name="commitment-detail"),
    path(
        "commitments/<str:reference>/report/",
        action_reports.action_report_create,
        name="action-report-create",
    ),
    path(
        "action-reports/<str:reference>/",
        action_reports.action_report_detail,
        name="action-report-detail",
    ),
    path(
        "action-reports/<str:reference>/edit/",
        action_reports.action_report_edit,
        name="action-report-edit",
    ),
    path(
        "action-reports/<str:reference>/amend/",
        action_reports.action_report_amend,
        name="action-report-amend",
    ),
    path(
        "action-reports/<str:reference>/assign/",
        action_reports.action_report_assign,
        name="action-report-assign",
    ),
    path(
        "action-reports/<str:reference>/evidence/",
        action_reports.action_report_evidence,
        name="action-report-evidence",
    ),
    path(
        "action-reports/<str:reference>/submit/",
        action_reports.action_report_submit,
        name="action-report-submit",
    ),
    path(
        "action-reports/<str:reference>/reply/",
        action_reports.action_report_reply,
        name="action-report-reply",
    ),
    path(
        "action-reports/<str:reference>/finding/",
        action_reports.action_report_finding,
        name="action-report-finding",
    ),
    path(
        "action-reports/<str:reference>/withdraw/",
        action_reports.action_report_withdraw,
        name="action-report-withdraw",
    ),
    path(
        "action-reports/<str:reference>/evidence/<int:evidence_id>/",
        action_reports.action_evidence_download,
        name="action-evidence-download",
    ),
    path(
        "action-reports/<str:reference>/evidence/<int:evidence_id>/preview/",
        action_reports.action_evidence_preview,
        name="action-evidence-preview",
    ),
    path(
        "action-reports/<str:reference>/evidence/<int:evidence_id>/graphic/",
        action_reports.action_evidence_graphic,
        name="action-evidence-graphic",
    ),
    path("agenda/<int:entry_id>/decide/", agenda.agenda_entry_decide, name="agenda-entry-decide"),
    path("records/", records.records_page, name="records"),
    path("reports/implementation/", records.report_page, name="implementation-report"),
    path(
        "reports/implementation/download/",
        records.report_download,
        name="implementation-report-download",
    ),
    path("referrals/", referrals.referral_list, name="referral-list"),
    path("referrals/new/", referrals.referral_create, name="referral-create"),
    path("referrals/<str:reference>/", referrals.referral_detail, name="referral-detail"),
    path(
        "referrals/<str:reference>/acknowledge/",
        referrals.referral_acknowledge,
        name="referral-acknowledge",
    ),
    path("referrals/<str:reference>/respond/", referrals.referral_respond, name="referral-respond"),
    path(
        "referrals/<str:reference>/evidence/", referrals.referral_evidence, name="referral-evidence"
    ),
    path(
        "referrals/<str:reference>/evidence/<int:evidence_id>/",
        referrals.referral_evidence_download,
        name="referral-evidence-download",
    ),
    path(
        "referrals/<str:reference>/evidence/<int:evidence_id>/preview/",
        referrals.referral_evidence_preview,
        name="referral-evidence-preview",
    ),
    path(
        "referrals/<str:reference>/evidence/<int:evidence_id>/graphic/",
        referrals.referral_evidence_graphic,
        name="referral-evidence-graphic",
    ),
    path("penalties/", penalties.penalty_list_view, name="penalty-list"),
    path("penalties/new/", penalties.penalty_create_view, name="penalty-create"),
    path("penalties/<str:reference>/", penalties.penalty_detail_view, name="penalty-detail"),
    path(
        "penalties/<str:reference>/decision/",
        penalties.penalty_decide_view,
        name="penalty-decision",
    ),
    path("penalties/<str:reference>/appeal/", penalties.penalty_appeal_view, name="penalty-appeal"),
    path(
        "penalties/<str:reference>/meeting-decision/",
        penalties.penalty_meeting_decision_view,
        name="penalty-meeting-decision",
    ),
    path(
        "penalties/<str:reference>/withdraw/",
        penalties.penalty_withdraw_view,
        name="penalty-withdraw",
    ),
]
