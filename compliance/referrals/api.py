"""/api/v1/referrals/: thin views, as for claims. Visibility from the selectors (not
visible answers 404), writes through the services, JSON shapes from serializers."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.permissions import is_officer
from core.api.errors import ApiError
from core.api.idempotency import idempotent
from core.api.pagination import KeysetPagination
from core.api.permissions import require_may_act
from core.api.schema import IDEMPOTENCY_HEADER, errors
from evidence.api import EvidenceFileBase, EvidenceListBase
from translations.api import translations_json
from verification.api import EventSerializer, event_json

from ..action_reports.selectors import action_report_get_visible
from ..common.api import ACTION_ERRORS, filtered
from ..common.selectors import timeline
from . import services
from .filters import ReferralFilter
from .models import Referral, ReferralEvidence
from .selectors import referral_or_404, referral_visible_to
from .serializers import (
    ReferralDetailSerializer,
    ReferralRespondSerializer,
    ReferralSerializer,
    ReferralWriteSerializer,
    referral_json,
)

REFERRAL_EVIDENCE_FILE = "api:referral-evidence-file"


class ReferralListView(GenericAPIView):
    """GET: the referrals sent by or to the caller's party (all, for the mediators and the
    secretariat; none, for observers). POST: an officer refers to the other party."""

    may_write = is_officer

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
        queryset = filtered(
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

    @extend_schema(responses={200: ReferralDetailSerializer, **errors(401, 404, 429)})
    def get(self, request, reference):
        referral = referral_or_404(request, reference)
        return Response({**referral_json(referral), "translations": translations_json(referral)})


class ReferralAcknowledgeView(GenericAPIView):
    may_act = is_officer
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
        require_may_act(self, request)
        services.referral_acknowledge(actor=request.user, referral=referral)
        return Response(referral_json(referral_or_404(request, reference)))


class ReferralRespondView(GenericAPIView):
    may_act = is_officer
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
        require_may_act(self, request)
        serializer = ReferralRespondSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        report = None
        if data.get("action_report"):
            report = action_report_get_visible(user=request.user, reference=data["action_report"])
            if report is None:
                raise ApiError(
                    "VALIDATION_ERROR",
                    _("Invalid input."),
                    fields={"action_report": [_("No such action report.")]},
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


class ReferralEvidenceView(EvidenceListBase):
    """A referral's files, listed and added as every record's are. "Mediators only" files are
    listed to the other party by hash, never served to it."""

    queryset = ReferralEvidence.objects.none()
    evidence_model = ReferralEvidence
    file_url_name = REFERRAL_EVIDENCE_FILE
    lookup = staticmethod(referral_or_404)

    def add(self, request, subject, **kwargs):
        return services.referral_evidence_add(user=request.user, referral=subject, **kwargs)


class ReferralEvidenceFileView(EvidenceFileBase):
    queryset = ReferralEvidence.objects.none()
    evidence_model = ReferralEvidence
    lookup = staticmethod(referral_or_404)
