"""What every PDF of the mechanism shares (the implementation review report, a meeting's
minutes): A4 with the same margins, fonts and styles, tables whose cells wrap within
their column, and a footer numbering the pages ("Page 3 of 9"). Drawn by reportlab: pure
Python, so it works wherever pip installs the project (no system libraries).

Cells are plain text broken into lines by font metrics (simpleSplit) rather than one
Paragraph each: a Paragraph per cell costs a layout pass each, seconds over the few
thousand cells of a full report.

Every text goes through core.pdf_text: Arabic script (a place name, or the whole document
in Urdu, Pashto, Dari or Arabic) is shaped, drawn in the Arabic face and put in visual
order line by line, after the line breaks are chosen, so a paragraph of several lines
reads from its first line down. A right-to-left document is mirrored: paragraphs set to
the right, a table's first column at the right, the footer's two sides swapped.
"""

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from .pdf_text import (
    font_for,
    needs_arabic_font,
    pdf_text,
    register_fonts,
    right_to_left,
    shaped,
    visual,
)

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


def paragraph(text, style: ParagraphStyle) -> Flowable:
    """A paragraph of plain text (escaped here), in the Arabic face when it needs it."""
    text = "" if text is None else str(text)
    if needs_arabic_font(text):
        return ArabicParagraph(text, _arabic_style(style))
    return Paragraph(escape(text), style)


class ArabicParagraph(Flowable):
    """A paragraph in the Arabic face, laid out as reportlab lays out any paragraph, but
    broken into lines first: measured on the shaped text in logical order at the width the
    frame gives, then each line put in visual order. Reordering the whole text before
    breaking it would draw its last words on the first line."""

    def __init__(self, text: str, style: ParagraphStyle):
        super().__init__()
        self.text, self.style = shaped(text), style
        self._laid_out: Paragraph | None = None

    def _lay_out(self, width: float) -> Paragraph:
        # A hair under the width, so that the paragraph never breaks a measured line again.
        room = width - self.style.leftIndent - self.style.rightIndent - 0.01
        lines = _lines(self.text, self.style.fontName, self.style.fontSize, room)
        return Paragraph("<br/>".join(escape(visual(line)) for line in lines), self.style)

    def wrap(self, availWidth, availHeight):
        self._laid_out = self._lay_out(availWidth)
        self.width, self.height = self._laid_out.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth, availHeight):
        return self._lay_out(availWidth).split(availWidth, availHeight)

    def drawOn(self, canvas, x, y, _sW=0):
        self._laid_out.drawOn(canvas, x, y, _sW)


_ARABIC_STYLES: dict[tuple[str, bool], ParagraphStyle] = {}


def _arabic_style(style: ParagraphStyle) -> ParagraphStyle:
    """`style` in the Arabic face (bold for a bold style); in a right-to-left document
    set to the right where it was set to the left (a centred title stays centred)."""
    key = (style.name, right_to_left())
    if key not in _ARABIC_STYLES:
        regular, bold = register_fonts()
        _ARABIC_STYLES[key] = ParagraphStyle(
            f"{style.name}-arabic",
            parent=style,
            fontName=bold if "Bold" in style.fontName else regular,
            alignment=TA_RIGHT if key[1] and style.alignment == TA_LEFT else style.alignment,
        )
    return _ARABIC_STYLES[key]


def _lines(text: str, font: str, size: float, width: float) -> list[str]:
    """`text` (shaped, in logical order) broken into lines no wider than `width` points:
    at spaces where it can, inside a word too long for the width where it must."""
    lines = []
    for line in simpleSplit(text, font, size, width) or [""]:
        while len(line) > 1 and stringWidth(line, font, size) > width:
            cut = len(line) - 1
            while cut > 1 and stringWidth(line[:cut], font, size) > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def wrap(text, width: float, font: str = FONT) -> str:
    """`text` broken into lines no wider than `width` points (a table's cell). Arabic
    script is shaped before the lines are measured and each line put in visual order
    after."""
    text = shaped(text)
    font = font_for(text, font, bold=BOLD)
    return "\n".join(visual(line) for line in _lines(text, font, SIZE, width))


def table(header: list[str], rows: list[list[str]], shares: list[float]) -> Table:
    """A table as wide as the text block, its header repeated on each page. In a
    right-to-left document the columns are mirrored: the first one at the right."""
    if right_to_left():
        header, shares = header[::-1], shares[::-1]
        rows = [row[::-1] for row in rows]
    widths = [TEXT_WIDTH * share for share in shares]
    room = [w - 2 * PADDING - 0.5 for w in widths]
    data = [[wrap(h, r, BOLD) for h, r in zip(header, room, strict=True)]]
    data += [[wrap(v, r) for v, r in zip(row, room, strict=True)] for row in rows]
    built = Table(
        data, colWidths=widths, repeatRows=1, hAlign="RIGHT" if right_to_left() else "LEFT"
    )
    built.setStyle(TABLE_STYLE)
    # The cells in the Arabic face: every one in a right-to-left document, else those
    # whose text holds Arabic script.
    faces = []
    for r, values in enumerate([header, *rows]):
        default = BOLD if r == 0 else FONT
        for c, value in enumerate(values):
            face = font_for(value, default, bold=BOLD)
            if face != default:
                faces.append(("FONT", (c, r), (c, r), face, SIZE, LEADING))
    if right_to_left():
        faces.append(("ALIGN", (0, 0), (-1, -1), "RIGHT"))
    if faces:
        built.setStyle(TableStyle(faces))
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
            self.setFillColor(colors.HexColor("#555555"))
            page = _("Page %(page)d of %(total)d") % {"page": self._pageNumber, "total": total}
            start, end = (page, footer) if right_to_left() else (footer, page)
            self.setFont(font_for(start, FONT), 7)
            self.drawString(MARGIN, 10 * mm, pdf_text(start))
            self.setFont(font_for(end, FONT), 7)
            self.drawRightString(A4[0] - MARGIN, 10 * mm, pdf_text(end))
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
