"""The report's charts for the PDF (reportlab graphics): verified violations by month and
by category, one bar per party, in the page's palette. Titles, labels and party names go
through core.pdf_text like the rest of the report; in a right-to-left document a chart's
title stands at the right and its legend at the left."""

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm

from core.pdf_text import font_for, pdf_text, right_to_left

from .present import month

FONT = "Helvetica"

PALETTE = [colors.HexColor("#0b5394"), colors.HexColor("#c2571a"), colors.HexColor("#2f7d4f")]
# The text block: the page less its margins and the frame's padding (6 pt a side).
WIDTH = A4[0] - 36 * mm - 12


def _legend(drawing: Drawing, names: list[str], y: float) -> None:
    legend = Legend()
    legend.x, legend.y = 0 if right_to_left() else WIDTH - 150, y
    legend.fontSize = 7
    legend.fontName = _face(names)
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 60
    legend.colorNamePairs = list(zip(PALETTE, [pdf_text(n) for n in names], strict=False))
    drawing.add(legend)


def _face(texts: list[str]) -> str:
    """One face for a set of labels: the Arabic one if any of them needs it."""
    return next((face for t in texts if (face := font_for(t, FONT)) != FONT), FONT)


def _title(text: str, y: float) -> String:
    x, anchor = (WIDTH, "end") if right_to_left() else (0, "start")
    return String(
        x, y, pdf_text(text), fontSize=9, fontName=font_for(text, FONT), textAnchor=anchor
    )


def months_chart(records: list[dict]) -> Drawing:
    drawing = Drawing(WIDTH, 150)
    drawing.add(_title(_("Verified violations by month"), 140))
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 30, 30, WIDTH - 40, 95
    months = [month(m["month"]) for m in records[0]["violations"]["by_month"]] if records else []
    chart.data = [[m["count"] for m in r["violations"]["by_month"]] for r in records] or [[0]]
    chart.categoryAxis.categoryNames = [pdf_text(m) for m in months] or [""]
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.fontName = _face(months)
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
    _legend(drawing, [r["party"]["name"] for r in records], 143)
    return drawing


def categories_chart(records: list[dict]) -> Drawing:
    codes: dict[str, str] = {}
    for record in records:
        for row in record["violations"]["by_category"]:
            codes.setdefault(row["code"], row["label"])
    labels = list(codes)[:10]
    height = 40 + 14 * max(len(labels), 1) * max(len(records), 1) / 1.5
    drawing = Drawing(WIDTH, height)
    drawing.add(_title(_("Verified violations by category"), height - 10))
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 10
    chart.width, chart.height = WIDTH - 170, height - 30
    counts = [
        {row["code"]: row["count"] for row in r["violations"]["by_category"]} for r in records
    ]
    chart.data = [[c.get(code, 0) for code in labels] or [0] for c in counts] or [[0]]
    names = [codes[c][:40] for c in labels]
    chart.categoryAxis.categoryNames = [pdf_text(n) for n in names] or [""]
    chart.categoryAxis.labels.fontSize = 6
    chart.categoryAxis.labels.fontName = _face(names)
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontSize = 6
    top = max((max(row) for row in chart.data if row), default=0)
    chart.valueAxis.valueMax = max(top, 1) * 1.1
    for i in range(len(records)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    drawing.add(chart)
    _legend(drawing, [r["party"]["name"] for r in records], height - 7)
    return drawing
