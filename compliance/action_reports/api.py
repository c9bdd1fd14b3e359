"""/api/v1/action-reports/: thin views, as for claims. The review's endpoints are the
claims' own (verification.api) with the action report's lookup and answer."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.permissions import is_officer
from core.api.errors import ApiError
from core.api.fields import iso
from core.api.idempotency import idempotent
from core.api.pagination import KeysetPagination
from core.api.permissions import require_may_act
from core.api.schema import IDEMPOTENCY_HEADER, errors
from evidence.api import EvidenceFileBase, EvidenceListBase, evidence_json_list
from evidence.serializers import EvidenceSerializer
from incidents.serializers import RevisionSerializer
from translations.api import translations_json
from translations.serializers import TranslationSerializer
from verification import api as review_api
from verification import services as review
from verification.api import EventSerializer, WithdrawSerializer, event_json

from ..commitments.selectors import commitment_get_visible
from ..common.api import ACTION_ERRORS, filtered
from ..common.selectors import timeline
from . import services
from .filters import ActionReportFilter
from .models import ActionReport, ActionReportEvidence
from .selectors import action_report_or_404, action_report_visible_to
from .serializers import (
    ActionReportAmendSerializer,
    ActionReportContentSerializer,
    ActionReportSerializer,
    ActionReportWriteSerializer,
    action_report_json,
)

ACTION_EVIDENCE_FILE = "api:action-report-evidence-file"


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
    data["evidence"] = evidence_json_list(request, evidence, report.reference, ACTION_EVIDENCE_FILE)
    data["revisions"] = revisions_json(report.revisions.order_by("number"))
    data["translations"] = translations_json(report)
    return data


class ActionReportDetailSerializer(ActionReportSerializer):
    evidence = EvidenceSerializer(many=True)
    revisions = RevisionSerializer(many=True)
    translations = TranslationSerializer(
        many=True, help_text="Unofficial translations of the narrative"
    )


class ActionReportListView(GenericAPIView):
    """GET: the action reports the caller may see. POST: a draft by an officer of the
    obligated party, on one of its commitments (named by reference)."""

    may_write = is_officer

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
        queryset = filtered(
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
                _("Invalid input."),
                fields={"commitment": [_("No such commitment.")]},
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
    may_act = is_officer
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
        require_may_act(self, request)
        serializer = ActionReportContentSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, version = serializer.content()
        report = review.review_update_draft(
            actor=request.user, record=report, data=data, expected_version=version
        )
        return Response(_action_report_payload(request, report))


def _action_report_payload(request, report):
    return action_report_detail_json(request, action_report_or_404(request, report.reference))


class ActionReportReview:
    """The claims' workflow views (verification.api), on an action report: the same
    services decide; only the lookup and the answer's shape differ."""

    queryset = ActionReport.objects.none()
    lookup = staticmethod(action_report_or_404)
    payload = staticmethod(_action_report_payload)


class ActionReportSubmitView(ActionReportReview, review_api.SubmitView):
    @review_api.action_schema(None, ActionReportDetailSerializer)
    def post(self, request, reference):
        return review_api.ReviewAction.post(self, request, reference)


class ActionReportWithdrawView(ActionReportReview, review_api.WithdrawView):
    @review_api.action_schema(WithdrawSerializer, ActionReportDetailSerializer)
    def post(self, request, reference):
        return review_api.ReviewAction.post(self, request, reference)


class ActionReportAssignView(ActionReportReview, review_api.AssignView):
    @review_api.action_schema(review_api.AssignSerializer, ActionReportDetailSerializer)
    def post(self, request, reference):
        return review_api.ReviewAction.post(self, request, reference)


class ActionReportReplyView(ActionReportReview, review_api.ReplyView):
    """The other party contests (or accepts) the action report, within the reply window."""

    @review_api.action_schema(review_api.ReplySerializer, review_api.ReplyOutSerializer, 201)
    def post(self, request, reference):
        return review_api.ReviewAction.post(self, request, reference)


class ActionReportFindingView(ActionReportReview, review_api.FindingView):
    @review_api.action_schema(review_api.FindingSerializer, review_api.FindingOutSerializer, 201)
    def post(self, request, reference):
        return review_api.ReviewAction.post(self, request, reference)


class ActionReportAmendView(ActionReportReview, review_api.AmendView):
    """Correct a submitted action report with a reason: the claims' amendment."""

    amend_serializer = ActionReportAmendSerializer

    @review_api.action_schema(ActionReportAmendSerializer, ActionReportDetailSerializer)
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


class ActionReportEvidenceView(EvidenceListBase):
    """An action report's files, listed and added as every record's are."""

    queryset = ActionReportEvidence.objects.none()
    evidence_model = ActionReportEvidence
    file_url_name = ACTION_EVIDENCE_FILE
    lookup = staticmethod(action_report_or_404)

    def add(self, request, subject, **kwargs):
        return services.action_evidence_add(user=request.user, report=subject, **kwargs)


class ActionReportEvidenceFileView(EvidenceFileBase):
    queryset = ActionReportEvidence.objects.none()
    evidence_model = ActionReportEvidence
    lookup = staticmethod(action_report_or_404)
