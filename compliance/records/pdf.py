"""The implementation review report as a PDF (A4), by reportlab: pure Python, so it works
wherever pip installs the project (no system libraries).

Laid out for a principals' session: a cover (the period, the parties, the co-chairs),
then the records side by side, the charts and every list of the report
(present.SECTIONS), in the words and dates the page uses. Every cell wraps within its
column, long words included, so nothing is cut and no text runs into its neighbour;
header rows repeat on each page; the footer numbers the pages ("Page 3 of 9"). The
styles, tables and footer are every PDF's (core.pdf), Arabic script included.
"""

from django.utils.translation import gettext as _
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from core.pdf import BODY, COVER, H2, MARGIN, NOTE, TITLE, document_pdf, paragraph
from core.pdf import table as _table

from .party import cochairs
from .pdf_charts import categories_chart, months_chart
from .present import day, section_tables, when
from .report import summary_rows

__all__ = ["MARGIN", "report_pdf"]


def _cover(report: dict) -> list:
    period = report["period"]
    parties = [r["party"]["name"] for r in report["records"]]
    return [
        Spacer(1, 50 * mm),
        paragraph(_("Implementation review report"), TITLE),
        Spacer(1, 10 * mm),
        paragraph(
            _("For the principals' session: %(start)s to %(end)s (UTC days, both included).")
            % {"start": day(period["from"]), "end": day(period["to"])},
            COVER,
        ),
        paragraph(_("The parties: %(names)s.") % {"names": ", ".join(parties)}, COVER),
        paragraph(
            _("Co-chairs of the verification mechanism: %(names)s.")
            % {"names": ", ".join(cochair.name for cochair in cochairs())},
            COVER,
        ),
        Spacer(1, 20 * mm),
        paragraph(_("Generated %(when)s.") % {"when": when(report["generated_at"])}, BODY),
        PageBreak(),
    ]


def _summary(report: dict) -> list:
    records = report["records"]
    parts = [
        paragraph(_("The parties' records"), H2),
        _table(
            [_("Figure"), *[r["party"]["name"] for r in records]],
            summary_rows(records),
            [0.4] + [0.6 / max(len(records), 1)] * len(records),
        ),
    ]
    if records and records[0]["referrals"] is None:
        parts.append(paragraph(_("Referral figures are not shown to observers."), NOTE))
    return [*parts, Spacer(1, 8), months_chart(records), Spacer(1, 6), categories_chart(records)]


def _lists(report: dict) -> list:
    parts = []
    for table in section_tables(report):
        section = table["section"]
        heading = str(section.title)
        if table["total"] is not None:
            heading = _("%(list)s (%(count)d)") % {"list": heading, "count": table["total"]}
        parts.append(paragraph(heading, H2))
        if section.note:
            parts.append(paragraph(section.note, NOTE))
        if table["data"] is None:
            parts.append(paragraph(section.hidden, NOTE))
        elif not table["rows"]:
            parts.append(paragraph(_("None."), BODY))
        else:
            if table["cut_note"]:
                parts.append(paragraph(table["cut_note"], NOTE))
            rows = [row["cells"] for row in table["rows"]]
            parts.append(_table(table["header"], rows, section.widths))
    return parts


def report_pdf(report: dict) -> bytes:
    """The report as PDF bytes: the same figures, in the same order and words, as the page."""
    period = report["period"]
    return document_pdf(
        [*_cover(report), *_summary(report), *_lists(report)],
        title=_("Implementation review report %(start)s to %(end)s")
        % {"start": day(period["from"]), "end": day(period["to"])},
        footer=_("Ceasefire Verification Mechanism · implementation review"),
    )
