"""The review's actions on any reviewed record, each a POST: submit, withdraw, assign,
reply, findings, amend; and the record's review and audit timeline.

Each view finds the record through the caller's visibility (404 otherwise), parses the
body, and calls the one service for that action; the service decides the rest. The views
here know no record type: each app subclasses them with its `lookup` (load and check
visibility, 404 otherwise), `payload` (the record's JSON) and its own response schema
(incidents.review_api for claims, compliance.api for action reports).
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api.fields import iso
from core.api.idempotency import idempotent
from core.api.schema import IDEMPOTENCY_HEADER, errors

from . import services
from .models import ReplyPosition
from .selectors import (
    assignments_active,
    findings_open_at,
    findings_visible_to,
    incident_timeline,
    reply_for,
)
from .statuses import Grade, Intent, Outcome

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
    intent = serializers.ChoiceField(
        choices=Intent.choices,
        required=False,
        allow_blank=True,
        help_text="Required when the outcome is verified (deliberate, accidental, undetermined); left out otherwise",
    )
    reasoning = serializers.CharField(max_length=20000)


class ReplyOutSerializer(serializers.Serializer):
    position = serializers.ChoiceField(choices=ReplyPosition.choices)
    narrative = serializers.CharField()
    filed_at = serializers.DateTimeField()


class FindingOutSerializer(serializers.Serializer):
    cochair = serializers.CharField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    grade = serializers.ChoiceField(choices=Grade.choices)
    intent = serializers.ChoiceField(
        choices=Intent.choices, allow_null=True, help_text="null unless the outcome is verified"
    )
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
    findings_open_at = serializers.DateTimeField(
        allow_null=True,
        read_only=True,
        help_text=(
            "From when a co-chair's finding (or a meeting's decision) can be recorded: when "
            "the answering party replied, else when its reply window closes; before then "
            "findings are refused with REPLY_PENDING. null before reviewers are assigned"
        ),
    )
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
        "intent": finding.intent or None,
        "reasoning": finding.reasoning,
        "recorded_at": iso(finding.recorded_at),
    }


class ReviewAction(GenericAPIView):
    """POST on a visible record; the body through `input_serializer`, then `act`.

    Subclasses set `queryset` (the record's model), `lookup` (request, reference) ->
    record, raising 404 when not visible, and `payload` (request, record) -> JSON."""

    input_serializer = EmptySerializer
    success_status = status.HTTP_200_OK
    pagination_class = None
    # Who may take the action, tested on the record before its body is read (the
    # service's own guard, with the same codes): a caller who may not act is refused
    # whatever it sent.
    who = staticmethod(services.require_reporting_officer)

    @staticmethod
    def lookup(request, reference):
        raise NotImplementedError

    @staticmethod
    def payload(request, record):
        raise NotImplementedError

    def act(self, request, record, data):
        raise NotImplementedError

    @idempotent
    def post(self, request, reference):
        record = self.lookup(request, reference)
        self.who(request.user, record)
        serializer = self.input_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        body = self.act(request, record, serializer.validated_data)
        return Response(body, status=self.success_status)


def action_schema(request, response, code=200, description=None):
    return extend_schema(
        request=request,
        responses={code: response, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
        description=description,
    )


FINDING_DESCRIPTION = (
    "Record the caller's co-chair's finding. The answering party's right of reply comes "
    "first: while its reply window is open and no reply is filed, the finding is refused "
    "with 409 REPLY_PENDING (the review's `findings_open_at` says from when it can be "
    "recorded). `intent` is required when the outcome is `verified` and must be left out "
    "otherwise (400 VALIDATION_ERROR naming the field)."
)


class SubmitView(ReviewAction):
    def act(self, request, record, data):
        return self.payload(request, services.review_submit(actor=request.user, record=record))


class WithdrawView(ReviewAction):
    input_serializer = WithdrawSerializer

    def act(self, request, record, data):
        record = services.review_withdraw(
            actor=request.user, record=record, reason=data.get("reason", "")
        )
        return self.payload(request, record)


class AssignView(ReviewAction):
    input_serializer = AssignSerializer
    who = staticmethod(services.require_secretariat)

    def act(self, request, record, data):
        record = services.review_assign(
            actor=request.user, record=record, reviewer_usernames=data.get("reviewers") or []
        )
        return self.payload(request, record)


class ReplyView(ReviewAction):
    input_serializer = ReplySerializer
    who = staticmethod(services.require_answering_officer)
    success_status = status.HTTP_201_CREATED

    @action_schema(ReplySerializer, ReplyOutSerializer, 201)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, record, data):
        reply = services.review_reply(
            actor=request.user,
            record=record,
            position=data["position"],
            narrative=data["narrative"],
        )
        return reply_json(reply)


class FindingView(ReviewAction):
    input_serializer = FindingSerializer
    who = staticmethod(services.require_reviewer)
    success_status = status.HTTP_201_CREATED

    @action_schema(FindingSerializer, FindingOutSerializer, 201, FINDING_DESCRIPTION)
    def post(self, request, reference):
        return super().post(request, reference)

    def act(self, request, record, data):
        finding = services.review_record_finding(
            actor=request.user,
            record=record,
            outcome=data["outcome"],
            grade=data["grade"],
            reasoning=data["reasoning"],
            intent=data.get("intent", ""),
        )
        return finding_json(finding)


class AmendView(ReviewAction):
    """Correct a submitted record with a reason; `amend_serializer` reads its content
    (`content()` -> (fields, expected version))."""

    amend_serializer = None

    @idempotent
    def post(self, request, reference):
        record = self.lookup(request, reference)
        self.who(request.user, record)
        serializer = self.amend_serializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        content, version = serializer.content()
        # A missing reason is refused by the service, after it has checked who may amend.
        record = services.review_amend(
            actor=request.user,
            record=record,
            data=content,
            reason=serializer.validated_data.get("reason", ""),
            expected_version=version,
        )
        return Response(self.payload(request, record))


class ReviewView(GenericAPIView):
    """A record's assignments, reply and findings, as the caller may see them."""

    pagination_class = None
    lookup = staticmethod(ReviewAction.lookup)

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
                "findings_open_at": iso(findings_open_at(incident)),
                "findings": [
                    finding_json(f)
                    for f in findings_visible_to(user=request.user, incident=incident)
                ],
            }
        )


class EventListView(GenericAPIView):
    """A record's audit timeline, as the caller may read it."""

    pagination_class = None
    lookup = staticmethod(ReviewAction.lookup)

    @extend_schema(responses={200: EventSerializer(many=True), **errors(401, 404, 429)})
    def get(self, request, reference):
        incident = self.lookup(request, reference)
        return Response([event_json(e) for e in incident_timeline(incident, user=request.user)])
