"""/api/v1/exports/{id}/ and its download: an export job's status and file, for its
requester only (anyone else gets the same 404 as for a job that never existed)."""

from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from core.api.errors import ApiError
from core.api.fields import iso
from core.api.schema import errors
from core.models import ExportJob

from .error_codes import ExportError
from .selectors import export_job_of


class ProgressSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()


class ExportJobSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    kind = serializers.CharField()
    status = serializers.ChoiceField(choices=ExportJob.Status.choices)
    progress = ProgressSerializer()
    status_url = serializers.URLField()
    download_url = serializers.URLField(allow_null=True, help_text="Set once status is done.")
    error_code = serializers.CharField(allow_null=True, help_text="Set when status is failed.")
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField()


def export_job_json(request, job: ExportJob) -> dict:
    done = job.status == ExportJob.Status.DONE
    return {
        "id": str(job.pk),
        "kind": job.kind,
        "status": job.status,
        "progress": {"done": job.progress_done, "total": job.progress_total},
        "status_url": request.build_absolute_uri(reverse("api:export-detail", args=[job.pk])),
        "download_url": request.build_absolute_uri(reverse("api:export-download", args=[job.pk]))
        if done
        else None,
        "error_code": job.error_code or None,
        "created_at": iso(job.created_at),
        "finished_at": iso(job.finished_at),
        "expires_at": iso(job.expires_at),
    }


def export_accepted(request, job: ExportJob) -> Response:
    """The answer to an export request that became a job: 202, the status at `Location`."""
    body = export_job_json(request, job)
    return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["status_url"]})


def export_file_response(job: ExportJob) -> FileResponse:
    """The finished file, or the stable refusal: not ready, failed, expired."""
    if job.status == ExportJob.Status.FAILED:
        raise ApiError(
            ExportError.EXPORT_FAILED,
            gettext("The export failed (%(code)s).") % {"code": job.error_code},
        )
    if job.status != ExportJob.Status.DONE:
        raise ApiError(ExportError.EXPORT_NOT_READY, gettext("The export is not ready yet."))
    if job.expires_at <= timezone.now():
        raise ApiError(
            ExportError.EXPORT_EXPIRED, gettext("The export has expired; ask for it again.")
        )
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type=job.content_type,
    )
    response["Cache-Control"] = "no-store"
    return response


class ExportJobView(GenericAPIView):
    """An export job the caller started: its status, progress and, once done, where to
    download the file."""

    queryset = ExportJob.objects.none()
    pagination_class = None

    @extend_schema(
        operation_id="export_status",
        responses={200: ExportJobSerializer, **errors(401, 404, 429)},
    )
    def get(self, request, job_id):
        return Response(export_job_json(request, export_job_of(request.user, job_id)))


class ExportDownloadView(GenericAPIView):
    """The finished export's file. 409 EXPORT_NOT_READY while it runs, 409 EXPORT_FAILED
    when it failed, 410 EXPORT_EXPIRED once past its expiry."""

    queryset = ExportJob.objects.none()
    pagination_class = None

    def perform_content_negotiation(self, request, force=False):
        # The file ignores Accept; refusals still answer in JSON.
        renderer = self.get_renderers()[0]
        return renderer, renderer.media_type

    @extend_schema(
        operation_id="export_download",
        responses={
            **{
                (200, content_type): OpenApiResponse(
                    OpenApiTypes.BINARY, description="The file, as the export's kind writes it"
                )
                # The kinds of export there are: claims (CSV, GeoJSON) and the report
                # (PDF, CSV).
                for content_type in ("text/csv", "application/geo+json", "application/pdf")
            },
            **errors(401, 404, 409, 410, 429),
        },
    )
    def get(self, request, job_id):
        return export_file_response(export_job_of(request.user, job_id))
