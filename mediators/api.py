"""/api/v1/meetings/: review meetings, their generated agenda, and joint decisions.

The co-chairs' reviewers and the secretariat read meetings; only the secretariat
schedules them and records decisions (the services enforce it).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from accounts.permissions import is_secretariat
from core.api.fields import iso
from core.api.idempotency import idempotent
from core.api.pagination import KeysetPagination
from core.api.permissions import MayWrite, WriteScope, require_may_act
from core.api.schema import IDEMPOTENCY_HEADER, errors
from verification.permissions import can_view_meetings
from verification.statuses import Grade, Intent, Outcome

from . import services
from .models import AgendaItem, AgendaReason, MeetingStatus, ReviewMeeting
from .selectors import meeting_agenda, meeting_or_404


class SeesMeetings(BasePermission):
    message = _("Only the co-chairs' reviewers and the secretariat take part in review meetings.")

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated) and can_view_meetings(
            request.user
        )


class MeetingCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    scheduled_for = serializers.DateTimeField()
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CloseSerializer(serializers.Serializer):
    minutes = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class DecisionSerializer(serializers.Serializer):
    minutes = serializers.CharField(max_length=20000)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    grade = serializers.ChoiceField(choices=Grade.choices, required=False)
    intent = serializers.ChoiceField(
        choices=Intent.choices,
        required=False,
        allow_blank=True,
        help_text="Required when the outcome is verified (deliberate, accidental, undetermined); left out otherwise",
    )
    appeal_decision = serializers.ChoiceField(
        choices=["uphold", "overturn"],
        required=False,
        help_text="On an appeal item: uphold or overturn the claim's final finding",
    )


class AgendaItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    claim_status = serializers.CharField()
    reason = serializers.ChoiceField(choices=AgendaReason.choices)
    added_at = serializers.DateTimeField()
    decision_outcome = serializers.ChoiceField(choices=Outcome.choices, allow_null=True)
    decision_grade = serializers.ChoiceField(choices=Grade.choices, allow_null=True)
    decision_intent = serializers.ChoiceField(choices=Intent.choices, allow_null=True)
    minutes = serializers.CharField(allow_blank=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    moved_to = serializers.IntegerField(
        allow_null=True,
        help_text="The later meeting this item was deferred or carried over to, which decides it",
    )


class MeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    scheduled_for = serializers.DateTimeField()
    location = serializers.CharField(allow_blank=True)
    status = serializers.ChoiceField(choices=MeetingStatus.choices)
    minutes = serializers.CharField(allow_blank=True)


class MeetingDetailSerializer(MeetingSerializer):
    agenda = AgendaItemSerializer(many=True)


def meeting_json(meeting: ReviewMeeting) -> dict:
    return {
        "id": meeting.pk,
        "title": meeting.title,
        "scheduled_for": iso(meeting.scheduled_for),
        "location": meeting.location,
        "status": meeting.status,
        "minutes": meeting.minutes,
    }


def item_json(item: AgendaItem) -> dict:
    return {
        "id": item.pk,
        "reference": item.incident.reference,
        "claim_status": item.incident.status,
        "reason": item.reason,
        "added_at": iso(item.added_at),
        "decision_outcome": item.decision_outcome or None,
        "decision_grade": item.decision_grade or None,
        "decision_intent": item.decision_intent or None,
        "minutes": item.minutes,
        "decided_at": iso(item.decided_at),
        "moved_to": item.moved_to_id,
    }


def meeting_detail_json(meeting: ReviewMeeting) -> dict:
    return {**meeting_json(meeting), "agenda": [item_json(i) for i in meeting_agenda(meeting)]}


class MeetingsView(GenericAPIView):
    may_write = is_secretariat
    permission_classes = [WriteScope, SeesMeetings, MayWrite]
    queryset = ReviewMeeting.objects.none()
    pagination_class = KeysetPagination
    ordering_choices = ["-scheduled_for", "scheduled_for"]
    default_ordering = "-scheduled_for"

    @extend_schema(
        operation_id="meetings_list",
        responses={200: MeetingSerializer(many=True), **errors(400, 401, 403, 429)},
    )
    def get(self, request):
        meetings = self.paginate_queryset(ReviewMeeting.objects.order_by())
        return self.get_paginated_response([meeting_json(m) for m in meetings])

    @extend_schema(
        operation_id="meetings_create",
        request=MeetingCreateSerializer,
        responses={201: MeetingDetailSerializer, **errors(400, 401, 403, 415, 429)},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request):
        serializer = MeetingCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        meeting = services.meeting_schedule(
            actor=request.user,
            title=data["title"],
            scheduled_for=data["scheduled_for"],
            location=data.get("location", ""),
        )
        return Response(meeting_detail_json(meeting), status=status.HTTP_201_CREATED)


class MeetingDetailView(GenericAPIView):
    permission_classes = [WriteScope, SeesMeetings, MayWrite]
    queryset = ReviewMeeting.objects.none()

    @extend_schema(responses={200: MeetingDetailSerializer, **errors(401, 403, 404, 429)})
    def get(self, request, meeting_id):
        return Response(meeting_detail_json(meeting_or_404(request, meeting_id)))


class MeetingRefreshView(GenericAPIView):
    """Add to the agenda what has become due for review since it was generated."""

    may_act = is_secretariat

    permission_classes = [WriteScope, SeesMeetings, MayWrite]
    queryset = ReviewMeeting.objects.none()

    @extend_schema(
        request=None,
        responses={200: MeetingDetailSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request, meeting_id):
        meeting = meeting_or_404(request, meeting_id)
        require_may_act(self, request)
        services.meeting_refresh_agenda(actor=request.user, meeting=meeting)
        return Response(meeting_detail_json(meeting))


class MeetingCloseView(GenericAPIView):
    may_act = is_secretariat
    permission_classes = [WriteScope, SeesMeetings, MayWrite]
    queryset = ReviewMeeting.objects.none()

    @extend_schema(
        request=CloseSerializer,
        responses={200: MeetingDetailSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request, meeting_id):
        meeting = meeting_or_404(request, meeting_id)
        require_may_act(self, request)
        serializer = CloseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        meeting = services.meeting_close(
            actor=request.user,
            meeting=meeting,
            minutes=serializer.validated_data.get("minutes", ""),
        )
        return Response(meeting_detail_json(meeting))


class AgendaDecisionView(GenericAPIView):
    """The joint decision on one agenda item: minutes, and for a disputed claim the
    outcome and grade, which close it."""

    may_act = is_secretariat

    permission_classes = [WriteScope, SeesMeetings, MayWrite]
    queryset = ReviewMeeting.objects.none()

    @extend_schema(
        request=DecisionSerializer,
        responses={200: AgendaItemSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request, meeting_id, item_id):
        meeting = meeting_or_404(request, meeting_id)
        require_may_act(self, request)
        item = AgendaItem.objects.filter(meeting=meeting, pk=item_id).first()
        if item is None:
            raise NotFound(_("No such agenda item."))
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        item = services.agenda_item_decide(
            actor=request.user,
            item=item,
            minutes=data["minutes"],
            outcome=data.get("outcome", ""),
            grade=data.get("grade", ""),
            intent=data.get("intent", ""),
            appeal_decision=data.get("appeal_decision", ""),
        )
        item.refresh_from_db()
        return Response(item_json(AgendaItem.objects.select_related("incident").get(pk=item.pk)))
