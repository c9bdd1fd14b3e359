"""Workflow actions on a claim, each a POST: submit, withdraw, assign, reply, findings,
amend; and the claim's review record and audit timeline.

Each view finds the claim through the caller's visibility (404 otherwise), parses the
body, and calls the one service for that action; the service decides the rest.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from api.idempotency import idempotent
from incidents.api import IDEMPOTENCY_HEADER, claim_or_404, errors, incident_detail_payload
from incidents.models import Incident
from incidents.serializers import AmendSerializer, IncidentDetailSerializer, iso

from . import services
from .models import ReplyPosition
from .selectors import assignments_active, findings_visible_to, incident_timeline, reply_for
from .statuses import Grade, Outcome

ACTION_ERRORS = errors(400, 401, 403, 404, 409, 415, 429)


class EmptySerializer(serializers.Serializer):
    pass


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class AssignSerializer(serializers.Serializer):
    reviewers = serializers.ListField(
        child=serializers.CharField(max_length=150),
        required=False,
        max_length=10,
        help_text="Usernames, at most one per co-chair; co-chairs left out are chosen by least load",
    )


class ReplySerializer(serializers.Serializer):
    position = serializers.ChoiceField(choices=ReplyPosition.choices)
    narrative = serializers.CharField(max_length=20000)


class FindingSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    grade = serializers.ChoiceField(choices=Grade.choices)
    reasoning = serializers.CharField(max_length=20000)


class ReplyOutSerializer(serializers.Serializer):
    position = serializers.ChoiceField(choices=ReplyPosition.choices)
    narrative = serializers.CharField()
    filed_at = serializers.DateTimeField()


class FindingOutSerializer(serializers.Serializer):
    cochair = serializers.CharField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    grade = serializers.ChoiceField(choices=Grade.choices)
    reasoning = serializers.CharField()
    recorded_at = serializers.DateTimeField()


class AssignmentOutSerializer(serializers.Serializer):
    cochair = serializers.CharField()
    reviewer = serializers.CharField()
    assigned_at = serializers.DateTimeField()


class ReviewSerializer(serializers.Serializer):
    assignments = AssignmentOutSerializer(many=True)
    reply = ReplyOutSerializer(allow_null=True)
    no_reply_received = serializers.BooleanField()
    findings = FindingOutSerializer(many=True)


class EventSerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    occurred_at = serializers.DateTimeField()
    action = serializers.CharField()
    actor = serializers.CharField(allow_null=True, help_text="null for the system (the sweep)")
    actor_role = serializers.CharField(allow_null=True)
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField(allow_blank=True)
    payload = serializers.DictField()
    prev_hash = serializers.CharField(
        allow_null=True, help_text="null while it links to a withheld event"
    )
    hash = serializers.CharField(allow_null=True, help_text="null while the event is withheld")
    withheld = serializers.BooleanField(
        help_text=(
            "true for a co-chair's finding event the caller may not yet read: which co-chair "
            "recorded first stays unsaid until both findings are in"
        )
    )


def event_json(e) -> dict:
    return {
        "sequence": e.sequence,
        "occurred_at": iso(e.occurred_at),
        "action": e.action,
        "actor": e.actor.username if e.actor and not e.withheld else None,
        "actor_role": e.actor.role if e.actor else None,
        "from_status": e.from_status,
        "to_status": e.to_status,
        "payload": {} if e.withheld else e.payload,
        "prev_hash": None if e.prev_withheld else e.prev_hash,
        "hash": None if e.withheld else e.hash,
        "withheld": e.withheld,
    }


def reply_json(reply) -> dict:
    return {
        "position": reply.position,
        "narrative": reply.narrative,
        "filed_at": iso(reply.filed_at),
    }


def finding_json(finding) -> dict:
    return {
        "cochair": finding.cochair.code,
        "outcome": finding.outcome,
        "grade": finding.grade,
        "reasoning": finding.reasoning,
        "recorded_at": iso(finding.recorded_at),
    }


class ClaimAction(GenericAPIView):
    """POST on a visible claim; the body through `input_serializer`, then `act`.

    `lookup` finds the record (404 when not visible) and `payload` shapes the answer:
    other reviewable records (action reports) reuse these views with their own."""

    queryset = Incident.objects.none()
    input_serializer = EmptySerializer
    success_status = status.HTTP_200_OK
    pagination_class = None
    lookup = staticmethod(claim_or_404)
    payload = staticmethod(incident_detail_payload)

    def act(self, request, incident, data):
        raise NotImplementedError

    @idempotent
    def post(self, request, reference):
        incident = self.lookup(request, reference)
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        body = self.act(request, incident, serializer.validated_data)
        return Response(body, status=self.success_status)


def _action_schema(request, response, code=200):
    return extend_schema(
        request=request,
        responses={code: response, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
    )


class SubmitView(ClaimAction):
    @_action_schema(None, IncidentDetailSerializer)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, incident, data):
        incident = services.claim_submit(actor=request.user, incident=incident)
        return self.payload(request, incident)


class WithdrawView(ClaimAction):
    input_serializer = WithdrawSerializer

    @_action_schema(WithdrawSerializer, IncidentDetailSerializer)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, incident, data):
        incident = services.claim_withdraw(
            actor=request.user, incident=incident, reason=data.get("reason", "")
        )
        return self.payload(request, incident)


class AssignView(ClaimAction):
    input_serializer = AssignSerializer

    @_action_schema(AssignSerializer, IncidentDetailSerializer)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, incident, data):
        incident = services.claim_assign(
            actor=request.user, incident=incident, reviewer_usernames=data.get("reviewers") or []
        )
        return self.payload(request, incident)


class ReplyView(ClaimAction):
    input_serializer = ReplySerializer
    success_status = status.HTTP_201_CREATED

    @_action_schema(ReplySerializer, ReplyOutSerializer, 201)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, incident, data):
        reply = services.claim_reply(
            actor=request.user,
            incident=incident,
            position=data["position"],
            narrative=data["narrative"],
        )
        return reply_json(reply)


class FindingView(ClaimAction):
    input_serializer = FindingSerializer
    success_status = status.HTTP_201_CREATED

    @_action_schema(FindingSerializer, FindingOutSerializer, 201)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, incident, data):
        finding = services.claim_record_finding(
            actor=request.user,
            incident=incident,
            outcome=data["outcome"],
            grade=data["grade"],
            reasoning=data["reasoning"],
        )
        return finding_json(finding)


class AmendView(ClaimAction):
    """Correct a submitted record with a reason; `amend_serializer` reads its content
    (action reports reuse this view with their own)."""

    amend_serializer = AmendSerializer

    @_action_schema(AmendSerializer, IncidentDetailSerializer)
    @idempotent
    def post(self, request, reference):
        incident = self.lookup(request, reference)
        serializer = self.amend_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        content, version = serializer.content()
        # A missing reason is refused by the service, after it has checked who may amend.
        incident = services.claim_amend(
            actor=request.user,
            incident=incident,
            data=content,
            reason=serializer.validated_data.get("reason", ""),
            expected_version=version,
        )
        return Response(self.payload(request, incident))


class ReviewView(GenericAPIView):
    pagination_class = None
    queryset = Incident.objects.none()
    lookup = staticmethod(claim_or_404)

    @extend_schema(responses={200: ReviewSerializer, **errors(401, 404, 429)})
    def get(self, request, reference):
        incident = self.lookup(request, reference)
        reply = reply_for(incident)
        return Response(
            {
                "assignments": [
                    {
                        "cochair": a.cochair.code,
                        "reviewer": a.reviewer.username,
                        "assigned_at": iso(a.assigned_at),
                    }
                    for a in assignments_active(incident)
                ],
                "reply": reply_json(reply) if reply else None,
                "no_reply_received": reply is None and incident.reply_overdue_at is not None,
                "findings": [
                    finding_json(f)
                    for f in findings_visible_to(user=request.user, incident=incident)
                ],
            }
        )


class EventListView(GenericAPIView):
    pagination_class = None
    queryset = Incident.objects.none()

    @extend_schema(responses={200: EventSerializer(many=True), **errors(401, 404, 429)})
    def get(self, request, reference):
        incident = claim_or_404(request, reference)
        return Response([event_json(e) for e in incident_timeline(incident, user=request.user)])
