"""Evidence in the API, for every record type alike: one JSON shape, one upload, one
download that re-checks the bytes. Each record type subclasses the two views with its
lookup (visible or 404), its evidence model and its add service."""

from django.conf import settings
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.permissions import is_officer
from core.api.errors import ApiError
from core.api.fields import iso
from core.api.idempotency import idempotent
from core.api.parsers import FormParser, MultiPartParser
from core.api.permissions import require_may_act
from core.api.schema import IDEMPOTENCY_HEADER, errors
from core.api.serializers import ErrorSerializer

from .filetypes import download_name
from .models import EvidenceBase, Visibility
from .selectors import evidence_download_allowed
from .serializers import EvidenceSerializer
from .services import evidence_open_verified


def evidence_json(
    request, evidence: EvidenceBase, reference: str, url_name: str = "api:incident-evidence-file"
) -> dict:
    """One file of a record the caller sees (found through its *_or_404), of any kind:
    claims', action reports' and referrals' evidence answer in this one shape."""
    allowed = evidence_download_allowed(user=request.user, evidence=evidence)
    return {
        "id": evidence.pk,
        "original_name": evidence.original_name if allowed else None,
        "description": evidence.description if allowed else "",
        "sha256": evidence.sha256,
        "size": evidence.size,
        "content_type": evidence.content_type,
        "visibility": evidence.visibility,
        "uploaded_by_party": evidence.uploaded_by.party.code
        if evidence.uploaded_by.party
        else None,
        "uploaded_at": iso(evidence.uploaded_at),
        "download_url": request.build_absolute_uri(reverse(url_name, args=[reference, evidence.pk]))
        if allowed
        else None,
    }


def evidence_file_response(*, user, evidence: EvidenceBase) -> FileResponse:
    """The file as an attachment, served only after its bytes are re-hashed against the
    recorded SHA-256 (EVIDENCE_INTEGRITY_FAILED otherwise). The caller has found the
    record through the caller's visibility and checked evidence_download_allowed."""
    verified = evidence_open_verified(user=user, evidence=evidence)
    response = FileResponse(
        verified,
        as_attachment=True,
        filename=download_name(evidence.original_name, evidence.content_type),
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Digest"] = f"sha-256={evidence.sha256}"
    response["Cache-Control"] = "private, no-store"
    return response


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, use_url=False)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)


class EvidenceListBase(GenericAPIView):
    """GET: a record's files; POST: add one. Each record type subclasses it with its own
    lookup, model and add service, so every kind of evidence is listed, checked and added
    the same way."""

    may_act = is_officer

    parser_classes = [MultiPartParser, FormParser]
    pagination_class = None
    evidence_model: type[EvidenceBase]
    file_url_name: str
    lookup = None  # (request, reference) -> the record, or 404

    def add(self, request, subject, **kwargs) -> EvidenceBase:
        raise NotImplementedError

    def evidence_of(self, subject):
        return self.evidence_model.objects.filter(
            **{self.evidence_model.subject_link: subject}
        ).select_related("uploaded_by__party")

    @extend_schema(responses={200: EvidenceSerializer(many=True), **errors(401, 404, 429)})
    def get(self, request, reference):
        subject = self.lookup(request, reference)
        return Response(
            [
                evidence_json(request, e, reference, self.file_url_name)
                for e in self.evidence_of(subject)
            ]
        )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method == "POST":
            length = request.META.get("CONTENT_LENGTH") or "0"
            limit = settings.EVIDENCE_MAX_BYTES + 64 * 1024  # the form fields' share
            if length.isdigit() and int(length) > limit:
                raise ApiError(
                    "FILE_TOO_LARGE",
                    f"Files may be at most {settings.EVIDENCE_MAX_BYTES // (1024 * 1024)} MB.",
                    fields={"file": ["File too large."]},
                )

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={
            201: EvidenceSerializer,
            **errors(400, 401, 403, 404, 409, 429),
            413: ErrorSerializer,
            415: ErrorSerializer,
        },
        parameters=[IDEMPOTENCY_HEADER],
    )
    @idempotent
    def post(self, request, reference):
        subject = self.lookup(request, reference)
        require_may_act(self, request)
        serializer = EvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        evidence = self.add(
            request,
            subject,
            upload=data["file"],
            visibility=data.get("visibility") or Visibility.PARTIES,
            description=data.get("description", ""),
        )
        evidence = self.evidence_of(subject).get(pk=evidence.pk)
        return Response(
            evidence_json(request, evidence, reference, self.file_url_name),
            status=status.HTTP_201_CREATED,
        )


class EvidenceFileBase(GenericAPIView):
    """One file, re-checked against its SHA-256 before it is served; each record type
    subclasses it with its lookup and model."""

    evidence_model: type[EvidenceBase]
    lookup = None

    @extend_schema(
        responses={
            # Served with the type sniffed from its bytes at upload, one of those accepted.
            **{
                (200, content_type): OpenApiResponse(
                    OpenApiTypes.BINARY, description="The file as stored"
                )
                for content_type in settings.EVIDENCE_ALLOWED_TYPES
            },
            **errors(401, 403, 404, 429),
            500: OpenApiResponse(
                ErrorSerializer,
                description="EVIDENCE_INTEGRITY_FAILED: the stored file no longer matches "
                "its SHA-256; nothing is served.",
            ),
        }
    )
    def get(self, request, reference, evidence_id):
        subject = self.lookup(request, reference)
        evidence = (
            self.evidence_model.objects.filter(
                **{self.evidence_model.subject_link: subject}, pk=evidence_id
            )
            .select_related("uploaded_by")
            .first()
        )
        if evidence is None:
            raise NotFound("No such evidence.")
        if not evidence_download_allowed(user=request.user, evidence=evidence):
            raise ApiError("PERMISSION_DENIED", "This file is for the mediators only.")
        # Refused with EVIDENCE_INTEGRITY_FAILED (500) if the bytes no longer match the hash.
        return evidence_file_response(user=request.user, evidence=evidence)
