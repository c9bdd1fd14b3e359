"""The implementation review report's files (the PDF and each CSV table) as exports.

The report's lists stop at LIST_LIMIT rows, but its figures aggregate every claim of the
period the caller may see: that count is the report's size, and over
EXPORT_ASYNC_THRESHOLD the file is built by an export job (core.exports) instead of in the
request. The JSON stays an immediate answer. A job's progress counts the same claims:
none until the report is built, all of them once it is.
"""

from django.http import QueryDict
from django.utils.translation import gettext as _

from core.errors import validation_error
from core.exports import ExportKind, register_export
from incidents.models import Incident
from incidents.visibility import incident_visibility_filter

from .pdf import report_pdf
from .period import Period, parse_period
from .report import implementation_report
from .report_csv import CSV_TABLES, report_csv

REPORT_PDF = "implementation_report.pdf"
REPORT_CSV = "implementation_report.csv"
KINDS = {"pdf": REPORT_PDF, "csv": REPORT_CSV}


def report_period(parameters) -> Period:
    period, errors = parse_period(parameters)
    if errors:
        raise validation_error(errors)
    return period


def report_parameters(parameters, period: Period) -> QueryDict:
    """The request's parameters with the period spelled out, so that a job started late
    in the day still reports the days the caller asked for."""
    fixed = parameters.copy()
    fixed["from"], fixed["to"] = period.start.isoformat(), period.end.isoformat()
    return fixed


def report_name(period: Period) -> str:
    return f"implementation-report-{period.start}-{period.end}"


def report_file(*, user, period: Period, output: str, table: str) -> bytes:
    """The report for `user` as a PDF or one CSV table: what the API serves either way."""
    report = implementation_report(start=period.start, end=period.end, user=user)
    if output == "csv":
        return report_csv(report, table).encode()
    return report_pdf(report)


def _size(user, parameters, limit):
    period = report_period(parameters)
    claims = Incident.objects.filter(
        incident_visibility_filter(user),
        occurred_at__gte=period.start_at,
        occurred_at__lt=period.end_before,
    ).order_by()
    return (claims[:limit] if limit else claims).count()


def _table(parameters) -> str:
    table = parameters.get("table", "records")
    if table not in CSV_TABLES:
        raise validation_error(
            {"table": [_("One of: %(choices)s.") % {"choices": ", ".join(CSV_TABLES)}]}
        )
    return table


def _kind(output: str) -> ExportKind:
    def filename(parameters):
        name = report_name(report_period(parameters))
        return f"{name}.pdf" if output == "pdf" else f"{name}-{_table(parameters)}.csv"

    def chunks(user, parameters):
        period = report_period(parameters)
        table = _table(parameters)
        yield (
            report_file(user=user, period=period, output=output, table=table),
            _size(user, parameters, None),
        )

    return ExportKind(
        name=KINDS[output],
        content_type="application/pdf" if output == "pdf" else "text/csv; charset=utf-8",
        filename=filename,
        size=_size,
        chunks=chunks,
    )


def register_report_exports():
    for output in KINDS:
        register_export(_kind(output))
