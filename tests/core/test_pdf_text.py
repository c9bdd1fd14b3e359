"""Arabic-script text for reportlab: shaped, in visual order, in a face that has it; any
other text untouched."""

import arabic_reshaper
from bidi.algorithm import get_display
from django.utils import translation

from core.pdf_text import ARABIC_BOLD, ARABIC_FONT, font_for, pdf_text, shaped, visual

URDU = "طورخم سرحد کے قریب فائرنگ"


def test_latin_text_is_left_as_it_is_in_the_documents_font():
    with translation.override("en"):
        assert pdf_text("PAK-2026-00042 · Torkham") == "PAK-2026-00042 · Torkham"
        assert font_for("Torkham", "Helvetica") == "Helvetica"


def test_urdu_is_shaped_and_reordered():
    with translation.override("ur"):
        drawn = pdf_text(URDU)

    assert drawn == get_display(arabic_reshaper.reshape(URDU), base_dir="R")
    assert drawn != URDU
    # Joined forms: the presentation-form blocks, none of the bare letters' code points.
    assert all("\ufb50" <= ch <= "\ufeff" or ch == " " for ch in drawn)


def test_a_reference_inside_urdu_keeps_its_order():
    with translation.override("ur"):
        drawn = pdf_text(f"دعویٰ PAK-2026-00042 {URDU}")

    assert "PAK-2026-00042" in drawn


def test_an_arabic_place_name_in_an_english_report_is_shaped_too():
    with translation.override("en"):
        assert pdf_text("نگرهار") == get_display(arabic_reshaper.reshape("نگرهار"))
        assert font_for("Nangarhar / نگرهار", "Helvetica") == ARABIC_FONT


def test_a_right_to_left_document_draws_everything_in_the_arabic_face():
    with translation.override("ps"):
        assert font_for("Page 1 of 2", "Helvetica") == ARABIC_FONT
        assert font_for("Page", "Helvetica-Bold", bold="Helvetica-Bold") == ARABIC_BOLD


def test_lines_are_measured_shaped_and_drawn_reordered():
    line = shaped(URDU)
    assert line == arabic_reshaper.reshape(URDU)
    with translation.override("ar"):
        assert visual(line) == get_display(line, base_dir="R")


def test_a_sign_the_arabic_face_lacks_is_drawn_as_a_look_alike_it_holds():
    with translation.override("ur"):
        assert pdf_text("PAK → AFG") == "PAK › AFG"
    with translation.override("en"):
        assert pdf_text("PAK → AFG") == "PAK → AFG"  # Helvetica draws the arrow
