"""Every PDF's layout in a right-to-left language: a paragraph of several lines keeps its
lines in reading order, set to the right; a table's first column stands at the right;
the footer's sides are swapped; references keep their order inside the text. An English
document keeps its left-to-right layout."""

import pytest
from django.utils import translation
from reportlab.lib.pagesizes import A4

from core.pdf import BODY, MARGIN, document_pdf, paragraph, table
from tests.pdf_reading import header_row, pieces

FIRST, LAST = "آغاز", "اختتام"
# One paragraph, several lines long at the text block's width.
LONG = " ".join(
    [FIRST, *["فریقین نے سرحدی علاقے میں مشترکہ معائنہ کیا"] * 6, "PAK-2026-00042", LAST]
)
HEADER = ["حوالہ", "فریق", "مقام"]
ROWS = [["PAK-2026-00042", "AFG", "طورخم"]]


def _document(language: str) -> bytes:
    with translation.override(language):
        return document_pdf(
            [paragraph(LONG, BODY), table(HEADER, ROWS, [0.3, 0.2, 0.5])],
            title="—",
            footer="جنگ بندی",
        )


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_a_paragraph_of_several_lines_reads_from_its_first_line_down(language):
    found = pieces(_document(language))
    first = next(p for p in found if FIRST in p.text)
    last = next(p for p in found if LAST in p.text)
    assert first.y > last.y  # the paragraph's first words on its top line
    assert first.text.startswith(FIRST)  # at the line's right end, where it is read first
    assert any(p.text == "PAK-2026-00042" for p in found)  # the reference left to right


@pytest.mark.parametrize("language", ["ur", "ar"])
def test_a_table_reads_from_the_right(language):
    cells = header_row(pieces(_document(language)), HEADER)
    xs = [cell.x for cell in cells]
    assert xs == sorted(xs, reverse=True)


def test_an_english_table_reads_from_the_left():
    with translation.override("en"):
        pdf = document_pdf(
            [table(["Reference", "Party", "Place"], ROWS, [0.3, 0.2, 0.5])],
            title="—",
            footer="Ceasefire",
        )
    found = pieces(pdf)
    xs = [cell.x for cell in header_row(found, ["Reference", "Party", "Place"])]
    assert xs == sorted(xs)
    footer = next(p for p in found if p.text == "Ceasefire")
    assert footer.x == pytest.approx(MARGIN, abs=1)


def test_the_footer_is_mirrored_in_a_right_to_left_document():
    found = pieces(_document("ar"))
    footer = next(p for p in found if p.text == "جنگ بندی")
    number = next(p for p in found if p.y == footer.y and p is not footer)
    assert number.x == pytest.approx(MARGIN, abs=1)
    assert footer.x > A4[0] / 2
