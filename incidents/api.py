"""/api/v1/incidents/, parties, categories, evidence and the exports.

Thin views: visibility from the selectors, writes through the services, the JSON shape
from serializers.incident_json. Not visible answers 404, whatever the reason.
"""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.models import CoChair, Party
from accounts.permissions import is_officer
from core.api.fields import iso, utc
from core.api.idempotency import idempotent
from core.api.pagination import KeysetPagination
from core.api.permissions import require_may_act
from core.api.schema import IDEMPOTENCY_HEADER, errors
from core.exports import export_is_large, export_job_start
from core.exports.api import ExportJobSerializer, export_accepted
from evidence.api import EvidenceFileBase, EvidenceListBase, evidence_json_list
from translations.api import translations_json

from .exports import CLAIMS_CSV, CLAIMS_GEOJSON, claim_export_response
from .filters import IncidentFilter
from .models import Category, Evidence, Incident
from .selectors import category_current, claim_or_404, incident_visible_to
from .serializers import (
    INCIDENT_VALUES,
    CategorySerializer,
    IncidentDetailSerializer,
    IncidentSerializer,
    IncidentWriteSerializer,
    OrganisationsSerializer,
    incident_json,
)
from .services import evidence_add, incident_create_draft, incident_update_draft


def incident_payload(incident: Incident) -> dict:
    row = Incident.objects.filter(pk=incident.pk).values(*INCIDENT_VALUES).get()
    return incident_json(row)


def incident_detail_payload(request, incident: Incident) -> dict:
    data = incident_payload(incident)
    evidence = Evidence.objects.filter(incident=incident).select_related("uploaded_by__party")
    data["evidence"] = evidence_json_list(request, evidence, incident.reference)
    data["revisions"] = [
        {
            "number": r.number,
            "changed_fields": r.changed_fields,
            "previous_content": r.previous_content,
            "reason": r.reason,
            "amended_at": iso(r.amended_at),
        }
        for r in incident.revisions.order_by("number")
    ]
    data["translations"] = translations_json(incident)
    return data


class FilteredIncidents:
    """The caller's visible claims through the shared filters; bad filters answer 400."""

    filterset_class = IncidentFilter
    queryset = Incident.objects.none()  # for the schema; reads go through filtered()

    def filtered(self, request):
        filterset = IncidentFilter(request.query_params, queryset=incident_visible_to(request.user))
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs


class IncidentListView(FilteredIncidents, GenericAPIView):
    """GET: the claims the caller may see, filtered, newest first, a page at a time.
    POST: file a new draft for the officer's own party."""

    may_write = is_officer

    pagination_class = KeysetPagination
    ordering_choices = [
        "-occurred_at",
        "occurred_at",
        "-created_at",
        "created_at",
        "-updated_at",
        "updated_at",
    ]
    default_ordering = "-occurred_at"

    def get_queryset(self):
        return incident_visible_to(self.request.user)

    @extend_schema(
        operation_id="incidents_list",
        responses={200: IncidentSerializer(many=True), **errors(400, 401, 429)},
    )
    def get(self, request):
        rows = self.paginate_queryset(self.filtered(request).values(*INCIDENT_VALUES))
        return self.get_paginated_response([incident_json(row, when=utc) for row in rows])

    @extend_schema(
        operation_id="incidents_create",
        request=IncidentWriteSerializer,
        responses={201: IncidentDetailSerializer, **errors(400, 401, 403, 409, 415, 429)},
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request):
        serializer = IncidentWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, _ = serializer.content()
        incident = incident_create_draft(officer=request.user, data=data)
        location = request.build_absolute_uri(
            reverse("api:incident-detail", args=[incident.reference])
        )
        return Response(
            incident_detail_payload(request, incident),
            status=status.HTTP_201_CREATED,
            headers={"Location": location},
        )


class IncidentDetailView(GenericAPIView):
    may_act = is_officer
    queryset = Incident.objects.none()
    serializer_class = IncidentDetailSerializer

    @extend_schema(responses={200: IncidentDetailSerializer, **errors(401, 404, 429)})
    def get(self, request, reference):
        return Response(incident_detail_payload(request, claim_or_404(request, reference)))

    @extend_schema(
        request=IncidentWriteSerializer,
        responses={200: IncidentDetailSerializer, **errors(400, 401, 403, 404, 409, 415, 429)},
    )
    def patch(self, request, reference):
        incident = claim_or_404(request, reference)
        require_may_act(self, request)
        serializer = IncidentWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data, version = serializer.content()
        incident = incident_update_draft(
            officer=request.user, incident=incident, data=data, expected_version=version
        )
        return Response(incident_detail_payload(request, incident))


# --- exports ----------------------------------------------------------------------------


class ExportView(FilteredIncidents, GenericAPIView):
    """Streams the filtered set, newest first, in constant memory (not paginated). Over
    EXPORT_ASYNC_THRESHOLD rows it starts an export job instead and answers 202 with the
    job's status URL (core.exports)."""

    pagination_class = None
    export_kind = ""

    def perform_content_negotiation(self, request, force=False):
        # The export ignores Accept; errors before streaming still answer in JSON.
        renderer = self.get_renderers()[0]
        return renderer, renderer.media_type

    def get(self, request):
        queryset = self.filtered(request)  # validate the filters before the first byte is sent
        if export_is_large(self.export_kind, user=request.user, parameters=request.query_params):
            job = export_job_start(
                requester=request.user, kind=self.export_kind, parameters=request.query_params
            )
            return export_accepted(request, job)
        return claim_export_response(self.export_kind, queryset)


ACCEPTED = {202: ExportJobSerializer}


class ExportCSVView(ExportView):
    export_kind = CLAIMS_CSV

    @extend_schema(
        operation_id="incidents_export_csv",
        filters=True,
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One row per claim"),
            **ACCEPTED,
            **errors(400, 401, 429),
        },
    )
    def get(self, request):
        return super().get(request)


class ExportGeoJSONView(ExportView):
    export_kind = CLAIMS_GEOJSON

    @extend_schema(
        operation_id="incidents_export_geojson",
        filters=True,
        responses={
            (200, "application/geo+json"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="A FeatureCollection of points"
            ),
            **ACCEPTED,
            **errors(400, 401, 429),
        },
    )
    def get(self, request):
        return super().get(request)


# --- reference data ---------------------------------------------------------------------


class PartyListView(GenericAPIView):
    pagination_class = None
    queryset = Party.objects.none()

    @extend_schema(responses={200: OrganisationsSerializer, **errors(401, 429)})
    def get(self, request):
        parties = [
            {
                "code": p.code,
                "name": p.name,
                "min_latitude": float(p.min_latitude),
                "max_latitude": float(p.max_latitude),
                "min_longitude": float(p.min_longitude),
                "max_longitude": float(p.max_longitude),
            }
            for p in Party.objects.order_by("code")
        ]
        cochairs = [{"code": c.code, "name": c.name} for c in CoChair.objects.order_by("code")]
        return Response({"parties": parties, "cochairs": cochairs})


class CategoryListView(GenericAPIView):
    pagination_class = None
    queryset = Category.objects.none()

    @extend_schema(responses={200: CategorySerializer(many=True), **errors(401, 429)})
    def get(self, request):
        fields = list(CategorySerializer().fields)
        return Response(list(category_current().values(*fields)))


# --- evidence ---------------------------------------------------------------------------


class EvidenceListView(EvidenceListBase):
    """A claim's files; action reports and referrals subclass the same base."""

    queryset = Evidence.objects.none()
    evidence_model = Evidence
    file_url_name = "api:incident-evidence-file"
    lookup = staticmethod(claim_or_404)

    def add(self, request, subject, **kwargs):
        return evidence_add(user=request.user, incident=subject, **kwargs)


class EvidenceFileView(EvidenceFileBase):
    queryset = Evidence.objects.none()
    evidence_model = Evidence
    lookup = staticmethod(claim_or_404)
