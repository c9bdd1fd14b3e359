"""Browser pages for the parties' records (side by side, with charts) and the printable
implementation review report. Both read party.party_record, as the API does."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from core.exports import export_is_large, export_job_start
from core.exports.views import export_started

from ..commitments.models import CommitmentStatus
from .exports import KINDS, REPORT_PDF, report_parameters
from .party import cochairs, parties, party_record, sees_referrals
from .period import default_period, parse_period
from .present import day, month, section_tables, when
from .report import implementation_report, summary_rows
from .report_csv import CSV_TABLES

# What each CSV table's link says; a table without one shows its name.
CSV_LABELS = {
    "records": gettext_lazy("the records"),
    "violations": gettext_lazy("violations"),
    "commitments": gettext_lazy("missed commitments"),
    "referrals": gettext_lazy("overdue referrals"),
    "penalties": gettext_lazy("penalties"),
    "disputes": gettext_lazy("disputes decided"),
}


def _period(request):
    """The period asked for, or the default one with the errors (answered with 400)."""
    period, errors = parse_period(request.GET, blank_is_absent=True)
    if errors:
        return default_period(), errors
    return period, {}


def chart_data(records: list[dict]) -> dict:
    """What static/js/records.js draws: the same figures as the tables beside them."""
    categories: dict[str, str] = {}
    for record in records:
        for row in record["violations"]["by_category"]:
            categories.setdefault(row["code"], row["label"])
    return {
        "months": [month(m["month"]) for m in records[0]["violations"]["by_month"]]
        if records
        else [],
        "categories": [{"code": c, "label": label} for c, label in categories.items()],
        "statuses": [{"code": s, "label": label} for s, label in CommitmentStatus.choices],
        "parties": [
            {
                "code": r["party"]["code"],
                "name": r["party"]["name"],
                "by_month": [m["count"] for m in r["violations"]["by_month"]],
                "by_category": {c["code"]: c["count"] for c in r["violations"]["by_category"]},
                "commitments": {s: r["commitments"][s] for s in CommitmentStatus.values},
            }
            for r in records
        ],
    }


def _context(request, period, errors, records):
    query = urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()})
    return {
        "period": period,
        "errors": errors,
        "records": records,
        "summary": summary_rows(records),
        "chart": chart_data(records),
        "sees_referrals": sees_referrals(request.user),
        "query": query,
    }


@login_required
def records_page(request):
    period, errors = _period(request)
    records = [
        party_record(p, start=period.start, end=period.end, user=request.user) for p in parties()
    ]
    context = _context(request, period, errors, records)
    context["as_of"] = day(records[0]["commitments"]["as_of"]) if records else ""
    context["report_url"] = f"{reverse('implementation-report')}?{context['query']}"
    return render(request, "compliance/records.html", context, status=400 if errors else 200)


@login_required
def report_page(request):
    period, errors = _period(request)
    report = implementation_report(start=period.start, end=period.end, user=request.user)
    context = _context(request, period, errors, report["records"])
    api = reverse("api:implementation-report")
    if not errors and export_is_large(
        REPORT_PDF, user=request.user, parameters=report_parameters(request.GET, period)
    ):
        # Too large to build in a request: the files come from an export job's page.
        api = reverse("implementation-report-download")
    context.update(
        report=report,
        generated=when(report["generated_at"]),
        cochairs=cochairs(),
        tables=section_tables(report, links=True),
        pdf_url=f"{api}?{context['query']}&format=pdf",
        json_url=f"{api}?{context['query']}&format=json",
        csv_urls=[
            (CSV_LABELS.get(t, t), f"{api}?{context['query']}&format=csv&table={t}")
            for t in CSV_TABLES
        ],
        records_url=f"{reverse('records')}?{context['query']}",
    )
    return render(request, "compliance/report.html", context, status=400 if errors else 200)


@login_required
def report_download(request):
    """The report's PDF or one CSV table for the browser: over EXPORT_ASYNC_THRESHOLD
    claims in the period, an export job and its progress page; otherwise the API's file,
    built at once."""
    output = request.GET.get("format")
    if output not in KINDS or request.GET.get("table", "records") not in CSV_TABLES:
        raise Http404("No such download.")
    period, errors = _period(request)
    if errors:
        return redirect(f"{reverse('implementation-report')}?{request.GET.urlencode()}")
    parameters = report_parameters(request.GET, period)
    if export_is_large(KINDS[output], user=request.user, parameters=parameters):
        job = export_job_start(requester=request.user, kind=KINDS[output], parameters=parameters)
        return export_started(job)
    return redirect(f"{reverse('api:implementation-report')}?{parameters.urlencode()}")
