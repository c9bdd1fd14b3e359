"""/api/v1/commitments/, action-reports/ and referrals/.

Thin views, as for claims: visibility from the selectors (not visible answers 404),
writes through the services, JSON shapes from serializers. Lists are filtered and
paginated by cursor with a fixed number of queries per page.
"""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api.errors import ApiError
from core.api.fields import iso
from core.api.idempotency import idempotent
from core.api.pagination import KeysetPagination
from core.api.schema import IDEMPOTENCY_HEADER, errors
from evidence.api import evidence_json
from evidence.serializers import EvidenceSerializer
from incidents import api as incidents_api
from incidents.serializers import RevisionSerializer
from verification import api as review_api
from verification import services as review
from verification.api import EventSerializer, WithdrawSerializer, event_json

from . import services
from .filters import ActionReportFilter, CommitmentFilter, ReferralFilter
from .models import ActionReport, ActionReportEvidence, Commitment, Referral, ReferralEvidence
from .selectors import (
    action_report_get_visible,
    action_report_visible_to,
    commitment_action_reports,
    commitment_get_visible,
    commitment_visible_to,
    milestones_with_progress,
    referral_get_visible,
    referral_visible_to,
    timeline,
)
from .serializers import (
    ActionReportAmendSerializer,
    ActionReportContentSerializer,
    ActionReportSerializer,
    ActionReportWriteSerializer,
    CommitmentDetailSerializer,
    CommitmentSerializer,
    CommitmentWriteSerializer,
    ReferralRespondSerializer,
    ReferralSerializer,
    ReferralWriteSerializer,
    action_report_json,
    commitment_json,
    referral_json,
)

ACTION_ERRORS = errors(400, 401, 403, 404, 409, 415, 429)


def commitment_or_404(request, reference: str) -> Commitment:
    commitment = commitment_get_visible(user=request.user, reference=reference)
    if commitment is None:
        raise NotFound("No such commitment.")
    return commitment


def action_report_or_404(request, reference: str) -> ActionReport:
    report = action_report_get_visible(user=request.user, reference=reference)
    if report is None:
        raise NotFound("No such action report.")
    return report


def referral_or_404(request, reference: str) -> Referral:
    referral = referral_get_visible(user=request.user, reference=reference)
    if referral is None:
        raise NotFound("No such referral.")
    return referral


def _filtered(filterset_class, request, queryset):
    filterset = filterset_class(request.query_params, queryset=queryset)
    if not filterset.is_valid():
        raise ValidationError(filterset.errors)
    return filterset.qs


# --- commitments ----------------------------------------------------------------------------


def commitment_detail_json(request, commitment: Commitment) -> dict:
    data = commitment_json(commitment)
    data["milestones"] = [
        {"due_date": m["due_date"].isoformat(), "quantity": m["quantity"], "state": m["state"]}
        for m in milestones_with_progress(commitment)
    ]
    reports = commitment_action_reports(user=request.user, commitment=commitment)
    data["action_reports"] = [
        action_report_json(r) for r in reports.select_related("commitment", "party")
    ]
    return data


class CommitmentListView(GenericAPIView):
    """GET: commitments with their verified progress and derived status, filtered.
    POST: the secretariat records a commitment agreed at a session, with milestones."""

    queryset = Commitment.objects.none()
    filterset_class = CommitmentFilter
    pagination_class = KeysetPagination
    ordering_choices = ["-created_at", "created_at"]
    default_ordering = "-created_at"

    @extend_schema(
        operation_id="commitments_list",
        responses={200: CommitmentSerializer(many=True), **errors(400, 401, 429)},
    )
    def get(self, request):
        queryset = _filtered(CommitmentFilter, request, commitment_visible_to(request.user))
        rows = self.paginate_queryset(queryset)
        return self.get_paginated_response([commitment_json(c) for c in rows])

    @extend_schema(
        operation_id="commitments_create",
        request=CommitmentWriteSerializer,
        responses={201: CommitmentDetailSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request):
        serializer = CommitmentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, milestones = serializer.content()
        created = services.commitment_create(actor=request.user, data=data, milestones=milestones)
        commitment = commitment_or_404(request, created.reference)
        return Response(
            commitment_detail_json(request, commitment),
            status=status.HTTP_201_CREATED,
            headers={
                "Location": request.build_absolute_uri(
                    reverse("api:commitment-detail", args=[commitment.reference])
                )
            },
        )


class CommitmentDetailView(GenericAPIView):
    queryset = Commitment.objects.none()
    pagination_class = None

    @extend_schema(responses={200: CommitmentDetailSerializer, **errors(401, 404, 429)})
    def get(self, request, reference):
        return Response(commitment_detail_json(request, commitment_or_404(request, reference)))


class CommitmentEventListView(GenericAPIView):
    queryset = Commitment.objects.none()
    pagination_class = None

    @extend_schema(responses={200: EventSerializer(many=True), **errors(401, 404, 429)})
    def get(self, request, reference):
        commitment = commitment_or_404(request, reference)
        return Response(
            [event_json(e) for e in timeline(services.COMMITMENT, commitment, user=request.user)]
        )


# --- action reports -------------------------------------------------------------------------


ACTION_EVIDENCE_FILE = "api:action-report-evidence-file"
REFERRAL_EVIDENCE_FILE = "api:referral-evidence-file"


def revisions_json(revisions) -> list[dict]:
    return [
        {
            "number": r.number,
            "changed_fields": r.changed_fields,
            "previous_content": r.previous_content,
            "reason": r.reason,
            "amended_at": iso(r.amended_at),
        }
        for r in revisions
    ]


def action_report_detail_json(request, report: ActionReport) -> dict:
    data = action_report_json(report)
    evidence = ActionReportEvidence.objects.filter(action_report=report).select_related(
        "uploaded_by__party"
    )
    data["evidence"] = [
        evidence_json(request, e, report.reference, ACTION_EVIDENCE_FILE) for e in evidence
    ]
    data["revisions"] = revisions_json(report.revisions.order_by("number"))
    return data


class ActionReportDetailSerializer(ActionReportSerializer):
    evidence = EvidenceSerializer(many=True)
    revisions = RevisionSerializer(many=True)


class ActionReportListView(GenericAPIView):
    """GET: the action reports the caller may see. POST: a draft by an officer of the
    obligated party, on one of its commitments (named by reference)."""

    queryset = ActionReport.objects.none()
    filterset_class = ActionReportFilter
    pagination_class = KeysetPagination
    ordering_choices = ["-created_at", "created_at", "-updated_at", "updated_at"]
    default_ordering = "-created_at"

    @extend_schema(
        operation_id="action_reports_list",
        responses={200: ActionReportSerializer(many=True), **errors(400, 401, 429)},
    )
    def get(self, request):
        queryset = _filtered(
            ActionReportFilter,
            request,
            action_report_visible_to(request.user).select_related("commitment", "party"),
        )
        rows = self.paginate_queryset(queryset)
        return self.get_paginated_response([action_report_json(r) for r in rows])

    @extend_schema(
        operation_id="action_reports_create",
        request=ActionReportWriteSerializer,
        responses={201: ActionReportDetailSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request):
        serializer = ActionReportWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        commitment = commitment_get_visible(user=request.user, reference=data.pop("commitment"))
        if commitment is None:
            raise ApiError(
                "VALIDATION_ERROR",
                "Invalid input.",
                fields={"commitment": ["No such commitment."]},
            )
        report = services.action_report_create_draft(
            actor=request.user, commitment=commitment, data=data
        )
        report = action_report_or_404(request, report.reference)
        return Response(
            action_report_detail_json(request, report),
            status=status.HTTP_201_CREATED,
            headers={
                "Location": request.build_absolute_uri(
                    reverse("api:action-report-detail", args=[report.reference])
                )
            },
        )


class ActionReportDetailView(GenericAPIView):
    queryset = ActionReport.objects.none()
    pagination_class = None

    @extend_schema(responses={200: ActionReportDetailSerializer, **errors(401, 404, 429)})
    def get(self, request, reference):
        report = action_report_or_404(request, reference)
        return Response(action_report_detail_json(request, report))

    @extend_schema(
        request=ActionReportContentSerializer,
        responses={200: ActionReportDetailSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
    )
    def patch(self, request, reference):
        """Edit a draft of the caller's own party: the claims' draft edit, with `version`."""
        report = action_report_or_404(request, reference)
        serializer = ActionReportContentSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, version = serializer.content()
        report = review.claim_update_draft(
            actor=request.user, incident=report, data=data, expected_version=version
        )
        return Response(_action_report_payload(request, report))


def _action_report_payload(request, report):
    return action_report_detail_json(request, action_report_or_404(request, report.reference))


def _action_schema(request_serializer, response, code=200):
    return extend_schema(
        request=request_serializer,
        responses={code: response, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )


class ActionReportReview:
    """The claims' workflow views (verification.api), on an action report: the same
    services decide; only the lookup and the answer's shape differ."""

    queryset = ActionReport.objects.none()
    lookup = staticmethod(action_report_or_404)
    payload = staticmethod(_action_report_payload)


class ActionReportSubmitView(ActionReportReview, review_api.SubmitView):
    @_action_schema(None, ActionReportDetailSerializer)
    def post(self, request, reference):
        return review_api.ClaimAction.post(self, request, reference)


class ActionReportWithdrawView(ActionReportReview, review_api.WithdrawView):
    @_action_schema(WithdrawSerializer, ActionReportDetailSerializer)
    def post(self, request, reference):
        return review_api.ClaimAction.post(self, request, reference)


class ActionReportAssignView(ActionReportReview, review_api.AssignView):
    @_action_schema(review_api.AssignSerializer, ActionReportDetailSerializer)
    def post(self, request, reference):
        return review_api.ClaimAction.post(self, request, reference)


class ActionReportReplyView(ActionReportReview, review_api.ReplyView):
    """The other party contests (or accepts) the action report, within the reply window."""

    @_action_schema(review_api.ReplySerializer, review_api.ReplyOutSerializer, 201)
    def post(self, request, reference):
        return review_api.ClaimAction.post(self, request, reference)


class ActionReportFindingView(ActionReportReview, review_api.FindingView):
    @_action_schema(review_api.FindingSerializer, review_api.FindingOutSerializer, 201)
    def post(self, request, reference):
        return review_api.ClaimAction.post(self, request, reference)


class ActionReportAmendView(ActionReportReview, review_api.AmendView):
    """Correct a submitted action report with a reason: the claims' amendment."""

    amend_serializer = ActionReportAmendSerializer

    @_action_schema(ActionReportAmendSerializer, ActionReportDetailSerializer)
    def post(self, request, reference):
        return review_api.AmendView.post(self, request, reference)


class ActionReportReviewView(ActionReportReview, review_api.ReviewView):
    @extend_schema(responses={200: review_api.ReviewSerializer, **errors(401, 404, 429)})
    def get(self, request, reference):
        return super().get(request, reference)


class ActionReportEventListView(GenericAPIView):
    queryset = ActionReport.objects.none()
    pagination_class = None

    @extend_schema(responses={200: EventSerializer(many=True), **errors(401, 404, 429)})
    def get(self, request, reference):
        report = action_report_or_404(request, reference)
        return Response(
            [event_json(e) for e in timeline(services.ACTION_REPORT, report, user=request.user)]
        )


class ActionReportEvidenceView(incidents_api.EvidenceListView):
    """An action report's files: the claims' evidence endpoint with its own lookup."""

    queryset = ActionReportEvidence.objects.none()
    evidence_model = ActionReportEvidence
    file_url_name = ACTION_EVIDENCE_FILE
    lookup = staticmethod(action_report_or_404)

    def add(self, request, subject, **kwargs):
        return services.action_evidence_add(user=request.user, report=subject, **kwargs)


class ActionReportEvidenceFileView(incidents_api.EvidenceFileView):
    queryset = ActionReportEvidence.objects.none()
    evidence_model = ActionReportEvidence
    lookup = staticmethod(action_report_or_404)


# --- referrals ------------------------------------------------------------------------------


class ReferralListView(GenericAPIView):
    """GET: the referrals sent by or to the caller's party (all, for the mediators and the
    secretariat; none, for observers). POST: an officer refers to the other party."""

    queryset = Referral.objects.none()
    filterset_class = ReferralFilter
    pagination_class = KeysetPagination
    ordering_choices = ["-sent_at", "sent_at", "acknowledge_due_at", "action_due_at"]
    default_ordering = "-sent_at"

    @extend_schema(
        operation_id="referrals_list",
        responses={200: ReferralSerializer(many=True), **errors(400, 401, 429)},
    )
    def get(self, request):
        queryset = _filtered(
            ReferralFilter,
            request,
            referral_visible_to(request.user).select_related(
                "from_party", "to_party", "urgency", "response_action_report"
            ),
        )
        rows = self.paginate_queryset(queryset)
        return self.get_paginated_response([referral_json(r) for r in rows])

    @extend_schema(
        operation_id="referrals_create",
        request=ReferralWriteSerializer,
        responses={201: ReferralSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request):
        serializer = ReferralWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        referral = services.referral_create(actor=request.user, data=serializer.validated_data)
        referral = referral_or_404(request, referral.reference)
        return Response(
            referral_json(referral),
            status=status.HTTP_201_CREATED,
            headers={
                "Location": request.build_absolute_uri(
                    reverse("api:referral-detail", args=[referral.reference])
                )
            },
        )


class ReferralDetailView(GenericAPIView):
    queryset = Referral.objects.none()
    pagination_class = None

    @extend_schema(responses={200: ReferralSerializer, **errors(401, 404, 429)})
    def get(self, request, reference):
        return Response(referral_json(referral_or_404(request, reference)))


class ReferralAcknowledgeView(GenericAPIView):
    queryset = Referral.objects.none()
    pagination_class = None

    @extend_schema(
        request=None,
        responses={200: ReferralSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request, reference):
        referral = referral_or_404(request, reference)
        services.referral_acknowledge(actor=request.user, referral=referral)
        return Response(referral_json(referral_or_404(request, reference)))


class ReferralRespondView(GenericAPIView):
    queryset = Referral.objects.none()
    pagination_class = None

    @extend_schema(
        request=ReferralRespondSerializer,
        responses={200: ReferralSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request, reference):
        referral = referral_or_404(request, reference)
        serializer = ReferralRespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = None
        if data.get("action_report"):
            report = action_report_get_visible(user=request.user, reference=data["action_report"])
            if report is None:
                raise ApiError(
                    "VALIDATION_ERROR",
                    "Invalid input.",
                    fields={"action_report": ["No such action report."]},
                )
        services.referral_respond(
            actor=request.user,
            referral=referral,
            action_report=report,
            answer=data.get("answer", ""),
        )
        return Response(referral_json(referral_or_404(request, reference)))


class ReferralEventListView(GenericAPIView):
    queryset = Referral.objects.none()
    pagination_class = None

    @extend_schema(responses={200: EventSerializer(many=True), **errors(401, 404, 429)})
    def get(self, request, reference):
        referral = referral_or_404(request, reference)
        return Response(
            [event_json(e) for e in timeline(services.REFERRAL, referral, user=request.user)]
        )


class ReferralEvidenceView(incidents_api.EvidenceListView):
    """A referral's files: the claims' evidence endpoint. "Mediators only" files are
    listed to the other party by hash, never served to it."""

    queryset = ReferralEvidence.objects.none()
    evidence_model = ReferralEvidence
    file_url_name = REFERRAL_EVIDENCE_FILE
    lookup = staticmethod(referral_or_404)

    def add(self, request, subject, **kwargs):
        return services.referral_evidence_add(user=request.user, referral=subject, **kwargs)


class ReferralEvidenceFileView(incidents_api.EvidenceFileView):
    queryset = ReferralEvidence.objects.none()
    evidence_model = ReferralEvidence
    lookup = staticmethod(referral_or_404)
