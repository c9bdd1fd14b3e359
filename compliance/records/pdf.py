"""The implementation review report as a PDF (A4), with its charts, by reportlab: pure
Python, so it works wherever pip installs the project (no system libraries)."""

import io

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .report import summary_rows

PALETTE = [colors.HexColor("#0b5394"), colors.HexColor("#c2571a"), colors.HexColor("#2f7d4f")]
WIDTH = A4[0] - 36 * mm

_styles = getSampleStyleSheet()
TITLE = _styles["Title"]
H2 = ParagraphStyle(
    "h2", parent=_styles["Heading2"], spaceBefore=10, spaceAfter=4, keepWithNext=True
)
BODY = ParagraphStyle("body", parent=_styles["BodyText"], fontSize=9, leading=11)
NOTE = ParagraphStyle("note", parent=BODY, fontSize=8, textColor=colors.HexColor("#555555"))

TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 7.5),
        ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b8c0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)


def _escape(value) -> str:
    text = "" if value is None else str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(value, width: float) -> str:
    """Plain text cut to the column (about 3.7 points a character at 7.5 pt): a Paragraph
    per cell costs a line-breaking pass each, seconds over a few hundred rows."""
    text = "" if value is None else str(value)
    room = max(int(width / 3.7), 4)
    return text if len(text) <= room else text[: room - 1] + "…"


def _table(header: list[str], rows: list[list], widths=None) -> Table:
    widths = widths or [WIDTH / len(header)] * len(header)
    data = [header] + [[_cell(v, w) for v, w in zip(row, widths, strict=True)] for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TABLE_STYLE)
    return table


def _legend(drawing: Drawing, names: list[str], x: float, y: float) -> None:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontSize = 7
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 60
    legend.colorNamePairs = list(zip(PALETTE, names, strict=False))
    drawing.add(legend)


def _months_chart(records: list[dict]) -> Drawing:
    drawing = Drawing(WIDTH, 150)
    drawing.add(String(0, 140, "Verified violations by month", fontSize=9))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 30, WIDTH - 40, 95
    months = [m["month"] for m in records[0]["violations"]["by_month"]] if records else []
    chart.data = [[m["count"] for m in r["violations"]["by_month"]] for r in records] or [[0]]
    chart.categoryAxis.categoryNames = months or [""]
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.angle = 45 if len(months) > 8 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(months) > 8 else "n"
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 6
    top = max((max(row) for row in chart.data if row), default=0)
    chart.valueAxis.valueMax = max(top, 1) * 1.1
    for i in range(len(records)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    _legend(drawing, [r["party"]["name"] for r in records], WIDTH - 150, 143)
    return drawing


def _categories_chart(records: list[dict]) -> Drawing:
    codes: dict[str, str] = {}
    for record in records:
        for row in record["violations"]["by_category"]:
            codes.setdefault(row["code"], row["label"])
    labels = list(codes)[:10]
    height = 40 + 14 * max(len(labels), 1) * max(len(records), 1) / 1.5
    drawing = Drawing(WIDTH, height)
    drawing.add(String(0, height - 10, "Verified violations by category", fontSize=9))
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 10
    chart.width, chart.height = WIDTH - 170, height - 30
    counts = [
        {row["code"]: row["count"] for row in r["violations"]["by_category"]} for r in records
    ]
    chart.data = [[c.get(code, 0) for code in labels] or [0] for c in counts] or [[0]]
    chart.categoryAxis.categoryNames = [codes[c][:40] for c in labels] or [""]
    chart.categoryAxis.labels.fontSize = 6
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 6
    top = max((max(row) for row in chart.data if row), default=0)
    chart.valueAxis.valueMax = max(top, 1) * 1.1
    for i in range(len(records)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    _legend(drawing, [r["party"]["name"] for r in records], WIDTH - 150, height - 7)
    return drawing


def report_pdf(report: dict) -> bytes:
    """The report as PDF bytes: the same figures, in the same order, as the page."""
    buffer = io.BytesIO()
    period = report["period"]
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=16 * mm,
        bottomMargin=16 * mm,
        title=f"Implementation review report {period['from']} to {period['to']}",
        author="Ceasefire Verification Mechanism",
    )
    records = report["records"]
    story = [
        Paragraph("Implementation review report", TITLE),
        Paragraph(
            f"Period {period['from']} to {period['to']} (UTC days, both included). "
            f"Generated {_escape(report['generated_at'])}.",
            BODY,
        ),
        Spacer(1, 6),
        Paragraph("The parties' records", H2),
        _table(
            ["", *[r["party"]["name"] for r in records]],
            summary_rows(records),
            widths=[WIDTH * 0.4] + [WIDTH * 0.6 / max(len(records), 1)] * len(records),
        ),
    ]
    if records and records[0]["referrals"] is None:
        story.append(Paragraph("Referral figures are not shown to observers.", NOTE))
    story += [Spacer(1, 8), _months_chart(records), Spacer(1, 6), _categories_chart(records)]

    def section(title, data, header, keys, empty, shares=None):
        parts = [Paragraph(title, H2)]
        if data is None:
            parts.append(Paragraph(empty, NOTE))
            return parts
        shown, total = len(data["rows"]), data["total"]
        if not shown:
            parts.append(Paragraph("None.", BODY))
            return parts
        if total > shown:
            parts.append(Paragraph(f"The first {shown} of {total}.", NOTE))
        widths = [WIDTH * share for share in shares] if shares else None
        parts.append(_table(header, [[row[k] for k in keys] for row in data["rows"]], widths))
        return parts

    story += section(
        "New verified violations",
        report["new_violations"],
        ["Reference", "Accused", "Reported by", "Category", "Occurred (UTC)", "Grade", "Place"],
        [
            "reference",
            "accused_party",
            "reporting_party",
            "category_label",
            "occurred_at",
            "grade",
            "place_name",
        ],
        "",
        [0.17, 0.08, 0.09, 0.22, 0.2, 0.1, 0.14],
    )
    story += section(
        "Commitments due and missed",
        report["commitments_missed"],
        ["Reference", "Party", "Kind", "Due", "Target", "Unit", "Verified"],
        ["reference", "party", "kind", "due_date", "target", "unit", "verified"],
        "",
        [0.2, 0.08, 0.26, 0.13, 0.09, 0.14, 0.1],
    )
    story += section(
        "Overdue referrals",
        report["overdue_referrals"],
        ["Reference", "From", "To", "Urgency", "Sent (UTC)", "Late for", "Due (UTC)"],
        ["reference", "from_party", "to_party", "urgency", "sent_at", "late_for", "due_at"],
        "Referrals are not shown to observers.",
        [0.17, 0.07, 0.07, 0.1, 0.22, 0.15, 0.22],
    )
    story += penalty_section(report, section)
    story += section(
        "Disputes decided",
        report["disputes_decided"],
        ["Kind", "Reference", "Party", "Other party", "Outcome", "Decided (UTC)", "Meeting"],
        ["kind", "reference", "party", "other_party", "outcome", "decided_at", "meeting"],
        "",
        [0.11, 0.17, 0.07, 0.08, 0.12, 0.2, 0.25],
    )
    doc.build([KeepTogether(story[:4]), *story[4:]], onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def penalty_section(report: dict, section) -> list:
    return section(
        "Penalties",
        report["penalties"],
        ["Reference", "Party", "Measure", "Status", "Approved (UTC)", "Appeal due (UTC)"],
        ["reference", "party", "measure", "status", "approved_at", "appeal_due_at"],
        "",
        [0.17, 0.07, 0.26, 0.1, 0.2, 0.2],
    )


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawString(18 * mm, 10 * mm, "Ceasefire Verification Mechanism · implementation review")
    canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, f"Page {doc.page}")
    canvas.restoreState()
