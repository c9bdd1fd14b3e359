"""/api/v1/penalty-measures/ and /api/v1/penalties/.

Thin views, as for the other compliance records: visibility from the one selector (not
visible answers 404), writes through the services, the one error shape, cursor pages."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.permissions import is_officer, is_reviewer, is_secretariat
from core.api.errors import ApiError
from core.api.idempotency import idempotent
from core.api.pagination import KeysetPagination
from core.api.permissions import require_may_act
from core.api.schema import IDEMPOTENCY_HEADER, errors
from mediators.models import ReviewMeeting
from verification.api import EventSerializer, event_json

from . import appeals, measures, services
from .filters import PenaltyFilter
from .models import PenaltyCase, PenaltyMeasure
from .selectors import (
    penalty_decisions,
    penalty_grounds,
    penalty_list,
    penalty_measures,
    penalty_or_404,
    penalty_timeline,
)
from .serializers import (
    PenaltyAppealSerializer,
    PenaltyDecisionSerializer,
    PenaltyDetailSerializer,
    PenaltyMeasureSerializer,
    PenaltyMeasureUpdateSerializer,
    PenaltyMeetingDecisionSerializer,
    PenaltySerializer,
    PenaltyWithdrawSerializer,
    PenaltyWriteSerializer,
    measure_json,
    penalty_detail_json,
    penalty_json,
)

ACTION_ERRORS = errors(400, 401, 403, 404, 409, 415, 429)


def detail_payload(request, reference: str) -> dict:
    case = penalty_or_404(request, reference)
    return penalty_detail_json(
        case, grounds=penalty_grounds(case), decisions=penalty_decisions(case, user=request.user)
    )


# --- measures -------------------------------------------------------------------------------


class PenaltyMeasureListView(GenericAPIView):
    """GET: the catalogue of measures (everyone signed in). POST: the secretariat adds one."""

    may_write = is_secretariat

    pagination_class = None
    queryset = PenaltyMeasure.objects.none()

    @extend_schema(
        operation_id="penalty_measures_list",
        responses={200: PenaltyMeasureSerializer(many=True), **errors(401, 429)},
    )
    def get(self, request):
        return Response([measure_json(m) for m in penalty_measures()])

    @extend_schema(
        operation_id="penalty_measures_create",
        request=PenaltyMeasureSerializer,
        responses={201: PenaltyMeasureSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request):
        serializer = PenaltyMeasureSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        measure = measures.penalty_measure_create(
            actor=request.user, data=dict(serializer.validated_data)
        )
        return Response(measure_json(measure), status=status.HTTP_201_CREATED)


class PenaltyMeasureDetailView(GenericAPIView):
    may_write = is_secretariat
    pagination_class = None
    queryset = PenaltyMeasure.objects.none()

    def _measure(self, code):
        measure = PenaltyMeasure.objects.filter(code=code).first()
        if measure is None:
            raise NotFound(_("No such penalty measure."))
        return measure

    @extend_schema(responses={200: PenaltyMeasureSerializer, **errors(401, 404, 429)})
    def get(self, request, code):
        return Response(measure_json(self._measure(code)))

    @extend_schema(
        request=PenaltyMeasureUpdateSerializer,
        responses={200: PenaltyMeasureSerializer, **ACTION_ERRORS},
    )
    def patch(self, request, code):
        measure = self._measure(code)
        serializer = PenaltyMeasureUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        measure = measures.penalty_measure_update(
            actor=request.user, measure=measure, data=dict(serializer.validated_data)
        )
        return Response(measure_json(measure))


# --- cases ----------------------------------------------------------------------------------


class PenaltyListView(GenericAPIView):
    """GET: the penalty cases the caller may see, filtered. POST: the secretariat or a
    co-chair's reviewer proposes a measure against a party, on linked grounds."""

    may_write = is_secretariat | is_reviewer

    queryset = PenaltyCase.objects.none()
    filterset_class = PenaltyFilter
    pagination_class = KeysetPagination
    ordering_choices = ["-opened_at", "opened_at"]
    default_ordering = "-opened_at"

    @extend_schema(
        operation_id="penalties_list",
        responses={200: PenaltySerializer(many=True), **errors(400, 401, 429)},
    )
    def get(self, request):
        filterset = PenaltyFilter(request.query_params, queryset=penalty_list(user=request.user))
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        rows = self.paginate_queryset(filterset.qs)
        return self.get_paginated_response([penalty_json(c) for c in rows])

    @extend_schema(
        operation_id="penalties_create",
        request=PenaltyWriteSerializer,
        responses={201: PenaltyDetailSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request):
        serializer = PenaltyWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = services.penalty_open(
            actor=request.user,
            party=data["party"],
            measure=data["measure"],
            rationale=data["rationale"],
            claims=data.get("claims", []),
            commitments=data.get("commitments", []),
        )
        return Response(
            detail_payload(request, case.reference),
            status=status.HTTP_201_CREATED,
            headers={
                "Location": request.build_absolute_uri(
                    reverse("api:penalty-detail", args=[case.reference])
                )
            },
        )


class PenaltyDetailView(GenericAPIView):
    queryset = PenaltyCase.objects.none()
    pagination_class = None

    @extend_schema(responses={200: PenaltyDetailSerializer, **errors(401, 404, 429)})
    def get(self, request, reference):
        return Response(detail_payload(request, reference))


class PenaltyAction(GenericAPIView):
    """POST one transition: look the case up as the caller sees it (404 otherwise), parse
    the body, call the service, answer with the case as it now is."""

    queryset = PenaltyCase.objects.none()
    pagination_class = None
    serializer_class = None

    def act(self, request, case, data):  # pragma: no cover - each action defines it
        raise NotImplementedError

    @idempotent
    def post(self, request, reference):
        case = penalty_or_404(request, reference)
        require_may_act(self, request)
        serializer = self.serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.act(request, case, dict(serializer.validated_data))
        return Response(detail_payload(request, reference))


def _action_schema(serializer):
    return extend_schema(
        request=serializer,
        responses={200: PenaltyDetailSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )


class PenaltyApproveView(PenaltyAction):
    """The caller's co-chair approves (one of the two keys)."""

    may_act = is_reviewer

    serializer_class = PenaltyDecisionSerializer

    @_action_schema(PenaltyDecisionSerializer)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, case, data):
        services.penalty_record_decision(actor=request.user, case=case, decision="approve", **data)


class PenaltyRejectView(PenaltyAction):
    """The caller's co-chair rejects."""

    may_act = is_reviewer

    serializer_class = PenaltyDecisionSerializer

    @_action_schema(PenaltyDecisionSerializer)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, case, data):
        services.penalty_record_decision(actor=request.user, case=case, decision="reject", **data)


class PenaltyAppealView(PenaltyAction):
    """The penalised party appeals, once, within the window."""

    may_act = is_officer

    serializer_class = PenaltyAppealSerializer

    @_action_schema(PenaltyAppealSerializer)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, case, data):
        appeals.penalty_appeal(actor=request.user, case=case, **data)


class PenaltyDecideView(PenaltyAction):
    """The secretariat records a review meeting's decision on a split or appealed case."""

    may_act = is_secretariat

    serializer_class = PenaltyMeetingDecisionSerializer

    @_action_schema(PenaltyMeetingDecisionSerializer)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, case, data):
        meeting = ReviewMeeting.objects.filter(pk=data.pop("meeting")).first()
        if meeting is None:
            raise ApiError(
                "VALIDATION_ERROR", _("Invalid input."), fields={"meeting": [_("No such meeting.")]}
            )
        appeals.penalty_decide_at_meeting(actor=request.user, case=case, meeting=meeting, **data)


class PenaltyWithdrawView(PenaltyAction):
    """Whoever opened the case, or the secretariat, withdraws it before it takes effect."""

    may_act = is_secretariat | is_reviewer

    serializer_class = PenaltyWithdrawSerializer

    @_action_schema(PenaltyWithdrawSerializer)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, case, data):
        services.penalty_withdraw(actor=request.user, case=case, **data)


class PenaltyEventListView(GenericAPIView):
    queryset = PenaltyCase.objects.none()
    pagination_class = None

    @extend_schema(responses={200: EventSerializer(many=True), **errors(401, 404, 429)})
    def get(self, request, reference):
        case = penalty_or_404(request, reference)
        return Response([event_json(e) for e in penalty_timeline(case, user=request.user)])
