"""Evidence in the API, for every record type alike: one JSON shape, one upload, one
download that re-checks the bytes. Each record type subclasses the two views with its
lookup (visible or 404), its evidence model and its add service."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
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

from .analysis import evidence_mark_graphic
from .filetypes import download_name
from .models import EvidenceBase, Visibility
from .panel import analyses_for, evidence_panels
from .permissions import can_see_analysis
from .selectors import evidence_download_allowed, evidence_preview, evidence_serves_stripped
from .serializers import EvidenceSerializer
from .services import evidence_open_verified


def _float(value):
    return None if value is None else float(value)


def analysis_json(panel: dict) -> dict:
    return {
        **panel,
        "captured_at": iso(panel["captured_at"]) if panel["captured_at"] else None,
        "latitude": _float(panel["latitude"]),
        "longitude": _float(panel["longitude"]),
        "matches": [{**m, "filed_at": iso(m["filed_at"])} for m in panel["matches"]],
    }


def evidence_json_list(
    request, evidences, reference: str, url_name: str = "api:incident-evidence-file"
) -> list[dict]:
    """Several files of one record the caller sees (found through its *_or_404), of any
    kind: claims', action reports' and referrals' evidence answer in this one shape. The
    analysis (matches on other records, embedded time and place) goes to the mediators and
    the secretariat only; everyone who may download a file gets its preview."""
    evidences = list(evidences)
    analyses = analyses_for(evidences)
    panels = evidence_panels(evidences, analyses) if can_see_analysis(request.user) else {}
    preview_name = url_name.removesuffix("-file") + "-preview"
    rows = []
    for evidence in evidences:
        allowed = evidence_download_allowed(user=request.user, evidence=evidence)
        analysis = analyses.get(evidence.pk)
        has_preview = bool(allowed and analysis and analysis.preview)
        rows.append(
            {
                "id": evidence.pk,
                "original_name": evidence.original_name if allowed else None,
                "description": evidence.description if allowed else "",
                "sha256": evidence.sha256,
                "size": evidence.size,
                "content_type": evidence.content_type,
                "visibility": evidence.visibility,
                "location_strip": evidence.location_strip,
                "stripped_sha256": evidence.stripped_sha256 or None,
                "uploaded_by_party": evidence.uploaded_by.party.code
                if evidence.uploaded_by.party
                else None,
                "uploaded_at": iso(evidence.uploaded_at),
                "download_url": request.build_absolute_uri(
                    reverse(url_name, args=[reference, evidence.pk])
                )
                if allowed
                else None,
                "graphic": bool(analysis and analysis.graphic),
                "preview_url": request.build_absolute_uri(
                    reverse(preview_name, args=[reference, evidence.pk])
                )
                if has_preview
                else None,
                "analysis": analysis_json(panels[evidence.pk]) if evidence.pk in panels else None,
            }
        )
    return rows


def evidence_json(
    request, evidence: EvidenceBase, reference: str, url_name: str = "api:incident-evidence-file"
) -> dict:
    """One file in the shape of evidence_json_list."""
    return evidence_json_list(request, [evidence], reference, url_name)[0]


def evidence_file_response(*, user, evidence: EvidenceBase) -> FileResponse:
    """The file as an attachment, served only after its bytes are re-hashed against the
    recorded SHA-256 (EVIDENCE_INTEGRITY_FAILED otherwise): the copy without location
    for the other party when the filer asked for one, the file as filed for everyone
    else. The caller has found the record through the caller's visibility and checked
    evidence_download_allowed."""
    stripped = evidence_serves_stripped(user=user, evidence=evidence)
    verified = evidence_open_verified(user=user, evidence=evidence, stripped=stripped)
    sha256 = evidence.stripped_sha256 if stripped else evidence.sha256
    response = FileResponse(
        verified,
        as_attachment=True,
        filename=download_name(evidence.original_name, evidence.content_type),
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Digest"] = f"sha-256={sha256}"
    response["Cache-Control"] = "private, no-store"
    return response


def file_or_404(model, subject, evidence_id) -> EvidenceBase:
    """One file of a record the caller sees, or 404."""
    evidence = (
        model.objects.filter(**{model.subject_link: subject}, pk=evidence_id)
        .select_related("uploaded_by__party")
        .first()
    )
    if evidence is None:
        raise NotFound(_("No such evidence."))
    return evidence


class EvidenceUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True, use_url=False)
    visibility = serializers.ChoiceField(choices=Visibility.choices, required=False)
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)
    graphic = serializers.BooleanField(
        required=False, default=False, help_text="Blur the preview until each viewer reveals it"
    )
    strip_location = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Serve the other party a copy without the image's GPS position (the "
        "original is kept for the filing party and the mediators)",
    )


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
            evidence_json_list(request, self.evidence_of(subject), reference, self.file_url_name)
        )

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method == "POST":
            length = request.META.get("CONTENT_LENGTH") or "0"
            limit = settings.EVIDENCE_MAX_BYTES + 64 * 1024  # the form fields' share
            if length.isdigit() and int(length) > limit:
                raise ApiError(
                    "FILE_TOO_LARGE",
                    _("Files may be at most %(mb)s MB.")
                    % {"mb": settings.EVIDENCE_MAX_BYTES // (1024 * 1024)},
                    fields={"file": [_("File too large.")]},
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
            graphic=data.get("graphic", False),
            strip_location=data.get("strip_location", False),
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
        evidence = file_or_404(self.evidence_model, subject, evidence_id)
        if not evidence_download_allowed(user=request.user, evidence=evidence):
            raise ApiError("PERMISSION_DENIED", _("This file is for the mediators only."))
        # Refused with EVIDENCE_INTEGRITY_FAILED (500) if the bytes no longer match the hash.
        return evidence_file_response(user=request.user, evidence=evidence)


class PreviewQuerySerializer(serializers.Serializer):
    reveal = serializers.BooleanField(required=False, default=False)

    def to_internal_value(self, data):
        # DRF reads an empty query value as "not given"; `?reveal=` is refused instead of
        # quietly meaning false.
        if data.get("reveal") == "":
            raise serializers.ValidationError({"reveal": [_("Must be a valid boolean.")]})
        return super().to_internal_value(data)


class EvidencePreviewBase(GenericAPIView):
    """A file's preview (an image's JPEG, a PDF's first page as PNG), under the file's own
    rule: the record visible (else 404) and the file the caller's to download (else 403,
    as for the file). Graphic files come blurred unless `reveal=1` or the viewer's
    setting says to show them."""

    evidence_model: type[EvidenceBase]
    lookup = None

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "reveal", OpenApiTypes.BOOL, description="Show a graphic file unblurred"
            )
        ],
        responses={
            (200, "image/jpeg"): OpenApiResponse(
                OpenApiTypes.BINARY, description="An image's preview"
            ),
            (200, "image/png"): OpenApiResponse(
                OpenApiTypes.BINARY, description="A PDF's first page"
            ),
            **errors(400, 401, 403, 404, 429),
        },
    )
    def get(self, request, reference, evidence_id):
        query = PreviewQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        subject = self.lookup(request, reference)
        evidence = file_or_404(self.evidence_model, subject, evidence_id)
        if not evidence_download_allowed(user=request.user, evidence=evidence):
            raise ApiError("PERMISSION_DENIED", _("This file is for the mediators only."))
        found = evidence_preview(
            user=request.user, evidence=evidence, reveal=query.validated_data["reveal"]
        )
        if found is None:
            raise NotFound(_("This file has no preview."))
        data, content_type = found
        response = HttpResponse(data, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


class EvidenceGraphicBase(GenericAPIView):
    """POST: mark a file graphic (the filing party, the reviewers, the secretariat); its
    previews are blurred for every viewer from then on. Marking twice changes nothing."""

    evidence_model: type[EvidenceBase]
    file_url_name: str
    lookup = None

    @extend_schema(request=None, responses={200: EvidenceSerializer, **errors(401, 403, 404, 429)})
    def post(self, request, reference, evidence_id):
        subject = self.lookup(request, reference)
        evidence = file_or_404(self.evidence_model, subject, evidence_id)
        evidence_mark_graphic(user=request.user, evidence=evidence)
        return Response(evidence_json(request, evidence, reference, self.file_url_name))


def evidence_file_views(files: type[EvidenceListBase]) -> dict[str, type]:
    """The preview and graphic views of one record type, from its list view's lookup and
    model: `record_routes(..., evidence_files=...)` routes them under each file."""
    attrs = {
        "queryset": files.evidence_model.objects.none(),
        "evidence_model": files.evidence_model,
        "file_url_name": files.file_url_name,
        "lookup": staticmethod(files.lookup),
    }
    stem = files.__name__.removesuffix("View")
    return {
        "preview": type(f"{stem}PreviewView", (EvidencePreviewBase,), dict(attrs)),
        "graphic": type(f"{stem}GraphicView", (EvidenceGraphicBase,), dict(attrs)),
    }
