"""Text for reportlab's PDFs, Arabic script included.

reportlab draws characters one after another, left to right, in the order given: it
neither joins Arabic letters into their contextual forms nor puts a right-to-left run in
visual order, and its standard fonts have no Arabic glyphs. Every text a PDF draws passes
through here: letters shaped (arabic-reshaper, into the presentation forms the font
holds), each line put in visual order (python-bidi), and drawn in Noto Naskh Arabic (the
TTF vendored in static/vendor/fonts, registered once and embedded, subset, in each PDF),
which also covers Latin letters, digits and the usual punctuation. Nastaliq, the pages'
face for Urdu, needs OpenType shaping that reportlab lacks: the PDF writes Urdu in Naskh.

Text without Arabic script is returned as it is, in the document's own font, so English
reports are unchanged; in a right-to-left language (Urdu, Pashto, Dari, Arabic) the whole
document uses the Arabic face and each line reads from the right.
"""

import re
from functools import cache

import arabic_reshaper
from bidi.algorithm import get_display
from django.conf import settings
from django.utils import translation
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

ARABIC_FONT, ARABIC_BOLD = "NotoNaskhArabic", "NotoNaskhArabic-Bold"
_FONT_DIR = settings.BASE_DIR / "static" / "vendor" / "fonts" / "noto-naskh-arabic"
_FILES = {ARABIC_FONT: "NotoNaskhArabic-Regular.ttf", ARABIC_BOLD: "NotoNaskhArabic-Bold.ttf"}
# The Arabic blocks, their supplement and extended-A, and both presentation-form blocks.
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
# Signs the Arabic face lacks, and the look-alike it draws instead: the arrow between two
# parties' codes ("PAK → AFG") would otherwise be a blank.
_STAND_INS = str.maketrans({"\u2192": "\u203a"})


@cache
def register_fonts() -> tuple[str, str]:
    """Register the Arabic faces with reportlab (once a process); their names."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(_FONT_DIR / filename)))
    pdfmetrics.registerFontFamily(
        ARABIC_FONT,
        normal=ARABIC_FONT,
        bold=ARABIC_BOLD,
        italic=ARABIC_FONT,
        boldItalic=ARABIC_BOLD,
    )
    return ARABIC_FONT, ARABIC_BOLD


def right_to_left() -> bool:
    """Whether the active language reads from the right."""
    return translation.get_language_bidi()


def has_arabic_script(text) -> bool:
    return bool(text) and _ARABIC_SCRIPT.search(str(text)) is not None


def needs_arabic_font(text) -> bool:
    """Whether `text` must be drawn in the Arabic face: in a right-to-left document, every
    text; else any text holding Arabic script (a place name, a party's name)."""
    return right_to_left() or has_arabic_script(text)


def font_for(text, font: str, *, bold: str | None = None) -> str:
    """The face to draw `text` in: `font` (the document's), or the Arabic one."""
    if not needs_arabic_font(text):
        return font
    regular, heavy = register_fonts()
    return heavy if bold is not None and font == bold else regular


def shaped(text) -> str:
    """Arabic letters in their joined forms, still in logical order: what lines are
    measured and broken on. A text drawn in the Arabic face has the signs that face lacks
    replaced by look-alikes it holds ("›" for "→")."""
    text = "" if text is None else str(text)
    if needs_arabic_font(text):
        text = text.translate(_STAND_INS)
    return arabic_reshaper.reshape(text) if has_arabic_script(text) else text


def visual(line: str) -> str:
    """One line, shaped, in the order it is drawn: right-to-left runs reversed, numbers,
    references and Latin words kept left to right within them."""
    if not has_arabic_script(line):
        return line
    return get_display(line, base_dir="R" if right_to_left() else None)


def pdf_text(text) -> str:
    """A one-line text (a title, a label, a footer) ready to draw."""
    return visual(shaped(text))
