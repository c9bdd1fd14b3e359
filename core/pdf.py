"""What every PDF of the mechanism shares (the implementation review report, a meeting's
minutes): A4 with the same margins, fonts and styles, tables whose cells wrap within
their column, and a footer numbering the pages ("Page 3 of 9"). Drawn by reportlab: pure
Python, so it works wherever pip installs the project (no system libraries).

Cells are plain text broken into lines by font metrics (simpleSplit) rather than one
Paragraph each: a Paragraph per cell costs a layout pass each, seconds over the few
thousand cells of a full report.
"""

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

MARGIN = 18 * mm
# The text block's width, a little inside the margins.
TEXT_WIDTH = A4[0] - 2 * MARGIN - 12
FONT, BOLD, SIZE, LEADING = "Helvetica", "Helvetica-Bold", 7.5, 9
PADDING = 3

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("cover-title", parent=_styles["Title"], fontSize=24, leading=30)
H2 = ParagraphStyle(
    "h2", parent=_styles["Heading2"], spaceBefore=10, spaceAfter=4, keepWithNext=True
)
BODY = ParagraphStyle("body", parent=_styles["BodyText"], fontSize=9, leading=11)
COVER = ParagraphStyle("cover", parent=BODY, fontSize=12, leading=16, spaceAfter=6)
NOTE = ParagraphStyle("note", parent=BODY, fontSize=8, textColor=colors.HexColor("#555555"))

TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), FONT, SIZE, LEADING),
        ("FONT", (0, 0), (-1, 0), BOLD, SIZE, LEADING),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#b0b8c0")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
)


def escape(value) -> str:
    """Text for a Paragraph, whose markup would take '<' and '&' for tags."""
    text = "" if value is None else str(value)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def wrap(text, width: float, font: str = FONT) -> str:
    """`text` broken into lines no wider than `width` points: at spaces where it can,
    inside a word too long for the column where it must."""
    lines = []
    for line in simpleSplit("" if text is None else str(text), font, SIZE, width) or [""]:
        while len(line) > 1 and stringWidth(line, font, SIZE) > width:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], font, SIZE) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return "\n".join(lines)


def table(header: list[str], rows: list[list[str]], shares: list[float]) -> Table:
    """A table as wide as the text block, its header repeated on each page."""
    widths = [TEXT_WIDTH * share for share in shares]
    room = [w - 2 * PADDING - 0.5 for w in widths]
    data = [[wrap(h, r, BOLD) for h, r in zip(header, room, strict=True)]]
    data += [[wrap(v, r) for v, r in zip(row, room, strict=True)] for row in rows]
    built = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    built.setStyle(TABLE_STYLE)
    return built


def numbered_canvas(footer: str) -> type[Canvas]:
    """A canvas class that holds each page until the document ends, then draws every
    footer: `footer` on the left, "Page 3 of 9" on the right."""

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._pages)
            for page in self._pages:
                self.__dict__.update(page)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            self.saveState()
            self.setFont(FONT, 7)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawString(MARGIN, 10 * mm, footer)
            self.drawRightString(
                A4[0] - MARGIN,
                10 * mm,
                _("Page %(page)d of %(total)d") % {"page": self._pageNumber, "total": total},
            )
            self.restoreState()

    return NumberedCanvas


def document_pdf(flowables: list, *, title: str, footer: str) -> bytes:
    """`flowables` laid out on A4 pages with the house's margins and footer: PDF bytes."""
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=title,
        author=_("Ceasefire Verification Mechanism"),
    )
    doc.build(flowables, canvasmaker=numbered_canvas(footer))
    return buffer.getvalue()
