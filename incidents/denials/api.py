"""/api/v1/access-denials/: thin views, as for claims. Visibility from the selectors (not
visible answers 404), writes through the services, JSON shapes from serializers."""

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api.errors import ApiError
from core.api.idempotency import idempotent
from core.api.pagination import KeysetPagination
from core.api.permissions import require_may_act
from core.api.schema import IDEMPOTENCY_HEADER, errors
from evidence.api import EvidenceFileBase, EvidenceListBase

from ..selectors import incident_get_visible
from . import services
from .filters import AccessDenialFilter
from .models import AccessDenial, AccessDenialEvidence
from .permissions import may_record_denials_by_role
from .selectors import RELATED, access_denial_or_404, access_denial_visible_to
from .serializers import (
    AccessDenialSerializer,
    AccessDenialWriteSerializer,
    AccessGrantSerializer,
    access_denial_json,
)

ACTION_ERRORS = errors(400, 401, 403, 404, 409, 415, 429)
EVIDENCE_FILE = "api:access-denial-evidence-file"


class AccessDenialListView(GenericAPIView):
    """GET: the denials on claims the caller sees, newest first. POST: a reviewer assigned
    to the claim, or the secretariat, records one (the claim's findings clock pauses)."""

    may_write = may_record_denials_by_role
    queryset = AccessDenial.objects.none()
    filterset_class = AccessDenialFilter
    pagination_class = KeysetPagination
    ordering_choices = ["-began_at", "began_at"]
    default_ordering = "-began_at"

    @extend_schema(
        operation_id="access_denials_list",
        responses={200: AccessDenialSerializer(many=True), **errors(400, 401, 429)},
    )
    def get(self, request):
        filterset = AccessDenialFilter(
            request.query_params,
            queryset=access_denial_visible_to(request.user).select_related(*RELATED),
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        rows = self.paginate_queryset(filterset.qs)
        return self.get_paginated_response([access_denial_json(d) for d in rows])

    @extend_schema(
        operation_id="access_denials_create",
        request=AccessDenialWriteSerializer,
        responses={201: AccessDenialSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
        description="Errors: PERMISSION_DENIED (not a reviewer assigned to the claim, nor "
        "the secretariat), CLAIM_NOT_IN_REVIEW, DENIAL_ALREADY_OPEN (409), VALIDATION_ERROR.",
    )
    @idempotent
    def post(self, request):
        serializer = AccessDenialWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        claim = incident_get_visible(user=request.user, reference=data.pop("claim"))
        if claim is None:
            raise ApiError(
                "VALIDATION_ERROR", _("Invalid input."), fields={"claim": [_("No such claim.")]}
            )
        denial = services.access_denial_record(actor=request.user, incident=claim, data=data)
        denial = access_denial_or_404(request, denial.reference)
        return Response(
            access_denial_json(denial),
            status=status.HTTP_201_CREATED,
            headers={
                "Location": request.build_absolute_uri(
                    reverse("api:access-denial-detail", args=[denial.reference])
                )
            },
        )


class AccessDenialDetailView(GenericAPIView):
    queryset = AccessDenial.objects.none()
    pagination_class = None

    @extend_schema(responses={200: AccessDenialSerializer, **errors(401, 404, 429)})
    def get(self, request, reference):
        return Response(access_denial_json(access_denial_or_404(request, reference)))


class AccessGrantView(GenericAPIView):
    """Access was granted: the denial ends and the claim's findings clock runs again (its
    deadline moved later by the pause) once no other denial on it is open."""

    may_act = may_record_denials_by_role
    queryset = AccessDenial.objects.none()
    pagination_class = None

    @extend_schema(
        operation_id="access_denials_grant_access",
        request=AccessGrantSerializer,
        responses={200: AccessDenialSerializer, **ACTION_ERRORS},
        parameters=[IDEMPOTENCY_HEADER],
        description="Errors: PERMISSION_DENIED, DENIAL_ALREADY_ENDED (409), VALIDATION_ERROR.",
    )
    @idempotent
    def post(self, request, reference):
        denial = access_denial_or_404(request, reference)
        require_may_act(self, request)
        serializer = AccessGrantSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.access_denial_grant(
            actor=request.user, denial=denial, ended_at=serializer.validated_data.get("ended_at")
        )
        return Response(access_denial_json(access_denial_or_404(request, reference)))


class AccessDenialEvidenceView(EvidenceListBase):
    """A denial's files (photographs of the closed post, a written refusal), listed and
    added as every record's are: by a reviewer assigned to the claim or the secretariat."""

    may_act = may_record_denials_by_role
    queryset = AccessDenialEvidence.objects.none()
    evidence_model = AccessDenialEvidence
    file_url_name = EVIDENCE_FILE
    lookup = staticmethod(access_denial_or_404)

    def add(self, request, subject, **kwargs):
        return services.access_denial_evidence_add(user=request.user, denial=subject, **kwargs)


class AccessDenialEvidenceFileView(EvidenceFileBase):
    queryset = AccessDenialEvidence.objects.none()
    evidence_model = AccessDenialEvidence
    lookup = staticmethod(access_denial_or_404)
