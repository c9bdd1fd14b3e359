"""/api/v1/commitments/: thin views, as for claims. Visibility from the selectors (not
visible answers 404), writes through the services, JSON shapes from serializers."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.permissions import is_secretariat
from core.api.idempotency import idempotent
from core.api.pagination import KeysetPagination
from core.api.schema import IDEMPOTENCY_HEADER, errors
from verification.api import EventSerializer, event_json

from ..action_reports.selectors import commitment_action_reports
from ..action_reports.serializers import action_report_json
from ..common.api import ACTION_ERRORS, filtered
from ..common.selectors import timeline
from . import services
from .filters import CommitmentFilter
from .models import Commitment
from .selectors import (
    commitment_or_404,
    commitment_visible_to,
    milestones_with_progress,
)
from .serializers import (
    CommitmentDetailSerializer,
    CommitmentSerializer,
    CommitmentWriteSerializer,
    commitment_json,
)


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

    may_write = is_secretariat

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
        queryset = filtered(CommitmentFilter, request, commitment_visible_to(request.user))
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
