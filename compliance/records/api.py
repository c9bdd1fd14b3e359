"""/api/v1/parties/{code}/record/ and /api/v1/reports/implementation/.

Thin views over party.party_record and report.implementation_report: the period
from `from` / `to` (period.parse_period; a bad one answers 400 VALIDATION_ERROR naming
the field), the party 404 when unknown, and the figures as the caller may see them.
"""

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from accounts.models import Party
from core.api.schema import errors
from core.exports import export_is_large, export_job_start
from core.exports.api import ExportJobSerializer, export_accepted

from .exports import KINDS, report_file, report_name, report_parameters
from .party import party_get, party_record
from .period import parse_period
from .report import implementation_report
from .report_csv import CSV_TABLES

PERIOD_PARAMETERS = [
    OpenApiParameter(
        "from",
        OpenApiTypes.DATE,
        description="First day of the period (UTC). Default: the day of the last review "
        "meeting, or 90 days before `to`.",
    ),
    OpenApiParameter(
        "to", OpenApiTypes.DATE, description="Last day of the period (UTC). Default: today."
    ),
]


def period_or_400(request):
    period, field_errors = parse_period(request.query_params)
    if field_errors:
        raise ValidationError(field_errors)
    return period


# --- shapes, for the schema -------------------------------------------------------------------


class PartyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class PeriodSerializer(serializers.Serializer):
    def get_fields(self):
        return {"from": serializers.DateField(), "to": serializers.DateField()}


class CategoryCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class MonthCountSerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$")
    count = serializers.IntegerField()


class IntentCountSerializer(serializers.Serializer):
    deliberate = serializers.IntegerField()
    accidental = serializers.IntegerField()
    undetermined = serializers.IntegerField()
    differing = serializers.IntegerField(help_text="The co-chairs' intents differed.")


class ViolationsSerializer(serializers.Serializer):
    total = serializers.IntegerField(
        help_text="Standing verified violations: not under a pending appeal"
    )
    under_appeal = serializers.IntegerField(
        help_text="Verified violations under a pending appeal, not counted in the total"
    )
    by_category = CategoryCountSerializer(many=True)
    by_month = MonthCountSerializer(many=True)
    by_intent = IntentCountSerializer(
        help_text=(
            "Verified violations by the intent the co-chairs found (or the review meeting "
            "decided); one verified before intents were recorded counts in the total only."
        )
    )


class CommitmentFiguresSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text="The day the statuses are read on.")
    total = serializers.IntegerField(help_text="Commitments in force during the period.")
    on_track = serializers.IntegerField()
    at_risk = serializers.IntegerField()
    met = serializers.IntegerField()
    overdue = serializers.IntegerField()
    missed = serializers.IntegerField()
    due_in_period = serializers.IntegerField()
    due_and_met = serializers.IntegerField()
    due_and_missed = serializers.IntegerField()


class ClockSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    due = serializers.IntegerField(help_text="Referrals whose clock ran out or was met.")
    on_time = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True, help_text="on_time / due; null when due is 0.")
    median_hours = serializers.FloatField(allow_null=True)


class ReferralFiguresSerializer(serializers.Serializer):
    received = serializers.IntegerField()
    acknowledgement = ClockSerializer()
    action = ClockSerializer()


class MeasureCountSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class PenaltyFiguresSerializer(serializers.Serializer):
    in_effect = serializers.IntegerField(
        help_text="Cases whose measure applies (in effect, appealed, upheld), approved by "
        "the period's end."
    )
    by_measure = MeasureCountSerializer(many=True)


class AccessDeniedFiguresSerializer(serializers.Serializer):
    total = serializers.IntegerField(
        help_text="Times the party denied the verifiers access to a claim's site, begun in "
        "the period (on claims the caller sees)."
    )
    still_open = serializers.IntegerField(help_text="Of those, access still denied.")


class PartyRecordSerializer(serializers.Serializer):
    party = PartyRefSerializer()
    period = PeriodSerializer()
    violations = ViolationsSerializer()
    commitments = CommitmentFiguresSerializer()
    referrals = ReferralFiguresSerializer(
        allow_null=True, help_text="null for callers who may not see referrals (observers)."
    )
    penalties = PenaltyFiguresSerializer()
    access_denied = AccessDeniedFiguresSerializer()


class ReportListSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    rows = serializers.ListField(child=serializers.DictField())


class ImplementationReportSerializer(serializers.Serializer):
    period = PeriodSerializer()
    generated_at = serializers.DateTimeField()
    records = PartyRecordSerializer(many=True)
    new_violations = ReportListSerializer()
    commitments_missed = ReportListSerializer()
    overdue_referrals = ReportListSerializer(allow_null=True)
    penalties = ReportListSerializer()
    disputes_decided = ReportListSerializer()


# --- views ----------------------------------------------------------------------------------


class PartyRecordView(GenericAPIView):
    """One party's record for a period: verified violations by category and month,
    commitments by status, referrals received (rates and median times; null for
    observers) and penalties in effect."""

    queryset = Party.objects.none()
    pagination_class = None

    @extend_schema(
        operation_id="party_record",
        parameters=PERIOD_PARAMETERS,
        responses={200: PartyRecordSerializer, **errors(400, 401, 404, 429)},
    )
    def get(self, request, code):
        party = party_get(code)
        if party is None:
            raise NotFound(_("No such party."))
        period = period_or_400(request)
        return Response(party_record(party, start=period.start, end=period.end, user=request.user))


FORMATS = ("json", "csv", "pdf")
EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "pdf": "application/pdf"}


class ImplementationReportView(GenericAPIView):
    """The implementation review report for a period, as JSON, one of its tables as CSV
    (`table`), or a PDF with its charts. The CSV and PDF answer 202 with an export job's
    status URL when the period holds more than EXPORT_ASYNC_THRESHOLD claims the caller
    may see (records.exports)."""

    queryset = Party.objects.none()
    pagination_class = None

    def perform_content_negotiation(self, request, force=False):
        # `format` chooses the report's own output, not a DRF renderer; errors stay JSON.
        renderer = self.get_renderers()[0]
        return renderer, renderer.media_type

    @extend_schema(
        operation_id="implementation_report",
        parameters=[
            *PERIOD_PARAMETERS,
            OpenApiParameter("format", str, enum=list(FORMATS), default="json"),
            OpenApiParameter(
                "table",
                str,
                enum=list(CSV_TABLES),
                default="records",
                description="Which table, with format=csv.",
            ),
        ],
        responses={
            (200, "application/json"): ImplementationReportSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="One table"),
            (200, "application/pdf"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The report, A4, with its charts"
            ),
            202: ExportJobSerializer,
            **errors(400, 401, 429),
        },
    )
    def get(self, request):
        output = request.query_params.get("format", "json")
        if output not in FORMATS:
            raise ValidationError(
                {"format": [_("One of: %(choices)s.") % {"choices": ", ".join(FORMATS)}]}
            )
        table = request.query_params.get("table", "records")
        if table not in CSV_TABLES:
            raise ValidationError(
                {"table": [_("One of: %(choices)s.") % {"choices": ", ".join(CSV_TABLES)}]}
            )
        period = period_or_400(request)
        if output != "json":
            kind = KINDS[output]
            parameters = report_parameters(request.query_params, period)
            if export_is_large(kind, user=request.user, parameters=parameters):
                job = export_job_start(requester=request.user, kind=kind, parameters=parameters)
                return export_accepted(request, job)
            content = report_file(user=request.user, period=period, output=output, table=table)
            response = HttpResponse(content, content_type=EXPORT_TYPES[output])
            filename = report_name(period) + (f"-{table}.csv" if output == "csv" else ".pdf")
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            response["Cache-Control"] = "no-store"
            return response
        return Response(
            implementation_report(start=period.start, end=period.end, user=request.user)
        )
