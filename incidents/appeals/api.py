"""/api/v1/appeals/ and /api/v1/incidents/<ref>/appeal/: the appeal of a claim's final
finding, its new evidence, and every appeal the caller may see.

Thin views: visibility from .selectors (not visible answers 404; an observer reads an
undecided appeal without its grounds, and not its evidence), writes through .services.
"""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.permissions import is_officer
from core.api.fields import iso
from core.api.idempotency import idempotent
from core.api.pagination import KeysetPagination
from core.api.permissions import require_may_act
from core.api.schema import IDEMPOTENCY_HEADER, errors
from core.filters import FilterSet
from evidence.api import EvidenceFileBase, EvidenceListBase

from ..selectors import claim_or_404
from .models import APPEAL_STATUS_CHOICES, Appeal, AppealEvidence
from .selectors import (
    appeal_evidence_visible,
    appeal_grounds_visible,
    appeal_or_404,
    appeals_visible_to,
)
from .services import appeal_evidence_add, appeal_file


def appeal_json(appeal: Appeal, *, user) -> dict:
    """One appeal as `user` may read it: `grounds` is null for an observer until the
    meeting has decided the appeal."""
    incident = appeal.incident
    return {
        "reference": incident.reference,
        "claim_status": incident.status,
        "party": appeal.party.code,
        "appealed_outcome": appeal.appealed_outcome,
        "status": appeal.status,
        "grounds": appeal.grounds if appeal_grounds_visible(user, appeal) else None,
        "filed_at": iso(appeal.filed_at),
        "appeal_due_at": iso(appeal.incident.closed_at + appeal.incident.category.appeal_window),
        "meeting": appeal.meeting or None,
        "minutes": appeal.minutes or None,
        "decided_at": iso(appeal.decided_at),
    }


class AppealSerializer(serializers.Serializer):
    """The appeal as every read returns it (documentation of `appeal_json`)."""

    reference = serializers.CharField(help_text="The appealed claim's reference")
    claim_status = serializers.CharField(help_text="The claim's status now")
    party = serializers.CharField(help_text="The appealing party's code")
    appealed_outcome = serializers.CharField(help_text="The final finding appealed")
    status = serializers.ChoiceField(choices=APPEAL_STATUS_CHOICES)
    grounds = serializers.CharField(
        allow_null=True, help_text="Null for observers until the appeal is decided"
    )
    filed_at = serializers.DateTimeField()
    appeal_due_at = serializers.DateTimeField(help_text="When the appeal window closed")
    meeting = serializers.CharField(allow_null=True, help_text="The meeting that decided it")
    minutes = serializers.CharField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)


class AppealWriteSerializer(serializers.Serializer):
    grounds = serializers.CharField(max_length=20000)


class AppealFilter(FilterSet):
    status = django_filters.MultipleChoiceFilter(choices=APPEAL_STATUS_CHOICES, distinct=False)

    class Meta:
        model = Appeal
        fields = []


def _appeal_rows(queryset):
    return queryset.select_related("incident__category", "party")


class AppealListView(GenericAPIView):
    """GET: the appeals of the claims the caller may see, newest first, a page at a time."""

    queryset = Appeal.objects.none()
    filterset_class = AppealFilter
    pagination_class = KeysetPagination
    ordering_choices = ["-filed_at", "filed_at"]
    default_ordering = "-filed_at"

    @extend_schema(
        operation_id="appeals_list",
        responses={200: AppealSerializer(many=True), **errors(400, 401, 429)},
    )
    def get(self, request):
        filterset = AppealFilter(request.query_params, queryset=appeals_visible_to(request.user))
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        rows = self.paginate_queryset(_appeal_rows(filterset.qs))
        return self.get_paginated_response([appeal_json(a, user=request.user) for a in rows])


class AppealView(GenericAPIView):
    """GET: the claim's appeal. POST: the party found against appeals the final finding
    (once, within the category's appeal window)."""

    may_act = is_officer
    queryset = Appeal.objects.none()

    @extend_schema(
        operation_id="incidents_appeal_retrieve",
        responses={200: AppealSerializer, **errors(401, 404, 429)},
    )
    def get(self, request, reference):
        return Response(appeal_json(appeal_or_404(request, reference), user=request.user))

    @extend_schema(
        operation_id="incidents_appeal_create",
        request=AppealWriteSerializer,
        responses={
            201: AppealSerializer,
            **errors(400, 401, 403, 404, 409, 415, 429),
        },
        parameters=[IDEMPOTENCY_HEADER],
        description="Refusals: APPEAL_NOT_YOUR_PARTY (403), APPEAL_NOT_APPEALABLE, "
        "APPEAL_ALREADY_FILED, APPEAL_WINDOW_CLOSED (409), VALIDATION_ERROR (400).",
    )
    @idempotent
    def post(self, request, reference):
        incident = claim_or_404(request, reference)
        require_may_act(self, request)
        serializer = AppealWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        appeal = appeal_file(
            actor=request.user, incident=incident, grounds=serializer.validated_data["grounds"]
        )
        appeal = _appeal_rows(Appeal.objects.filter(pk=appeal.pk)).get()
        return Response(appeal_json(appeal, user=request.user), status=status.HTTP_201_CREATED)


def appeal_with_evidence_or_404(request, reference) -> Appeal:
    """The appeal, when the caller may also see its evidence (observers: once decided)."""
    appeal = appeal_or_404(request, reference)
    if not appeal_grounds_visible(request.user, appeal):
        raise NotFound(_("No such appeal."))
    return appeal


class AppealEvidenceView(EvidenceListBase):
    """The appeal's new files; the appealing party adds them while the appeal is pending."""

    queryset = AppealEvidence.objects.none()
    evidence_model = AppealEvidence
    file_url_name = "api:appeal-evidence-file"
    lookup = staticmethod(appeal_with_evidence_or_404)

    def evidence_of(self, subject):
        return appeal_evidence_visible(user=self.request.user, appeal=subject)

    def add(self, request, subject, **kwargs):
        return appeal_evidence_add(user=request.user, appeal=subject, **kwargs)


class AppealEvidenceFileView(EvidenceFileBase):
    queryset = AppealEvidence.objects.none()
    evidence_model = AppealEvidence
    lookup = staticmethod(appeal_with_evidence_or_404)
